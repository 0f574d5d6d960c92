"""The trigger, cue and nationality resources: valid as shipped, malformed entries refused with the file named,
and verb stems expanded into the conjugated forms news text uses."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from marsad.errors import ResourceError
from marsad.lexicon import triggers as tr
from marsad.lexicon.compiled import default_lexicon
from marsad.model import EVENT_TYPES
from marsad.text.normalize import normalize


def test_shipped_resources_load_and_cover_every_sub_event_type() -> None:
    res = tr.load_triggers()
    covered = {(g.event_type, g.sub_event_type) for g in res.groups}
    covered |= {(r.event_type, r.sub_event_type) for rules in res.refinements.values() for r in rules}
    wanted = {(t, s) for t, subs in EVENT_TYPES.items() for s in subs}
    # Sub-types ACLED defines but that no word announces on its own in news text
    missing = (
        wanted
        - covered
        - {
            ("Riots", "Mob violence"),
            ("Strategic developments", "Change to group/activity"),
            ("Strategic developments", "Non-violent transfer of territory"),
        }
    )
    assert not missing
    assert tr.load_cues().classes and tr.load_nationality().adjectives


def test_an_unknown_sub_event_type_is_refused_with_the_file_named() -> None:
    bad = {
        "groups": [
            {
                "id": "x",
                "event_type": "Battles",
                "sub_event_type": "Skirmish",
                "frame": "clash",
                "nouns": ["مناوشة"],
            }
        ],
        "refinements": {},
    }
    with pytest.raises(ResourceError, match=r"triggers\.yaml"):
        tr._validated("triggers.yaml", tr.TriggerResource, yaml.safe_load(yaml.safe_dump(bad)))


def test_a_refinement_must_exist() -> None:
    bad = {
        "groups": [
            {
                "id": "x",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "frame": "clash",
                "nouns": ["اشتباك"],
                "refine": "nowhere",
            }
        ],
        "refinements": {},
    }
    with pytest.raises(ResourceError, match="nowhere"):
        tr._validated("triggers.yaml", tr.TriggerResource, bad)


def test_a_cue_class_named_by_a_group_must_exist() -> None:
    from marsad.lexicon.compiled import Lexicon
    from marsad.lexicon.resources import load_actor_lexicon, load_sources

    good = tr.load_triggers()
    group = good.groups[0].model_copy(update={"requires": ["no_such_class"]})
    bad = good.model_copy(update={"groups": [group, *good.groups[1:]]})
    with pytest.raises(ResourceError, match="no_such_class"):
        Lexicon(bad, tr.load_cues(), tr.load_nationality(), load_actor_lexicon(), load_sources(), [])


def test_a_cue_class_that_breaks_a_scope_must_exist() -> None:
    from marsad.lexicon.compiled import Lexicon
    from marsad.lexicon.resources import load_actor_lexicon, load_sources

    cues = tr.load_cues()
    negation = cues.classes["negation"].model_copy(update={"broken_by": ["no_such_breaker"]})
    bad = cues.model_copy(update={"classes": {**cues.classes, "negation": negation}})
    with pytest.raises(ResourceError, match="no_such_breaker"):
        Lexicon(tr.load_triggers(), bad, tr.load_nationality(), load_actor_lexicon(), load_sources(), [])


def test_verbs_are_conjugated() -> None:
    assert {"قصفت", "قصفوا", "قصفا"} <= set(tr.conjugate_perfect("قصف"))
    assert {"اعتدت", "اعتدوا"} <= set(tr.conjugate_perfect("اعتدى"))
    assert {"يقصفون", "تقصف"} <= set(tr.conjugate_imperfect("يقصف"))
    assert "أطلقت النار" not in tr.conjugate_perfect("أطلق النار")  # forms are normalised
    assert "اطلقت النار" in tr.conjugate_perfect("أطلق النار")


@pytest.mark.parametrize(
    ("sentence", "group"),
    [
        ("وقصفت المدفعية بلدة اللطامنة", "shelling"),
        ("شنت الطائرات غارات على المدينة", "airstrike"),
        ("واعتقلتهم دورية للشرطة", "arrest"),
        ("انفجرت عبوة ناسفة بسيارة", "ied"),
    ],
)
def test_conjugated_and_suffixed_triggers_match(sentence: str, group: str) -> None:
    matches = default_lexicon().scan(normalize(sentence).text)
    assert group in {m.payload.ref for m in matches if m.payload.kind == "trigger"}


@pytest.mark.parametrize(
    ("text", "form", "group"),
    [
        ("نظمت الوقفات الاحتجاجية في الخليل", "وقفات احتجاجيه", "protest"),  # noun and adjective, both definite
        ("وصلت قافلة المساعدات إلى المخيم", "قافله مساعدات", "aid"),  # a definite genitive
        ("قالت إن الهجوم الجوي استهدف البلدة", "هجوم جوي", "airstrike"),
    ],
)
def test_a_noun_phrase_is_read_definite_as_well(text: str, form: str, group: str) -> None:
    lexicon = default_lexicon()
    found = {m.payload.ref for m in lexicon.scan_triggers(normalize(text).text) if m.end - m.start > len(form) - 3}
    assert group in found, found


def test_particles_and_glued_prepositions_keep_no_article() -> None:
    from marsad.lexicon.compiled import _definite

    assert _definite("قصف بالهاون") is None
    assert _definite("تبادل لإطلاق النار") is None
    assert _definite("التصدي لهجوم") is None
    assert _definite("اعتداء على مقر") == "اعتداء على المقر"


def test_a_left_out_form_must_be_a_conjugated_form_of_the_groups_verbs() -> None:
    with pytest.raises(ValidationError, match="not_forms"):
        tr.TriggerGroup(
            id="x", event_type="Battles", sub_event_type="Armed clash", frame="clash", verbs=["قصف"], not_forms=["فجرا"]
        )
    group = tr.TriggerGroup(
        id="x", event_type="Battles", sub_event_type="Armed clash", frame="clash", verbs=["فجر"], not_forms=["فجرا"]
    )
    assert group.not_forms == ["فجرا"]
