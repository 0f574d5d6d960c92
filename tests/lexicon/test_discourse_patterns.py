from __future__ import annotations

import regex

from marsad.lexicon.discourse import AnyPattern, _anchored, load_discourse

PATTERNS = [
    r"^\W*يمكنكم (?:استلام|تسلم) اشعارات",
    r"جميع الحقوق محفوظه",
    r"^-{4,}$",
    r"^a|b",  # an alternative outside any group: not anchored as a whole
    r"^[|x]y",  # a bar inside brackets
    r"^\|z",
    r"(?m)^q",  # a flag: ^ matches after a line break
    r"^(?P<n>w)",
]
LINES = [
    "يمكنكم استلام اشعارات",
    "  - يمكنكم تسلم اشعارات عاجلة",
    "جميع الحقوق محفوظه 2018",
    "----",
    "----x",
    "xb",
    "|y",
    "|z",
    "p\nq",
    "wx",
    "لا شيء هنا",
    "",
]


def test_any_pattern_answers_as_the_patterns_searched_one_by_one() -> None:
    compiled = [regex.compile(p) for p in PATTERNS]
    for i in range(len(PATTERNS)):
        subset = PATTERNS[: i + 1]
        ap = AnyPattern(subset)
        for line in LINES:
            assert ap.found_in(line) == any(p.search(line) for p in compiled[: i + 1]), (subset, line)


def test_only_simple_start_anchored_patterns_are_tried_at_the_start_only() -> None:
    assert _anchored(r"^\W*(?:اقرا|إقرا) (?:ايضا|المزيد)")
    assert _anchored(r"^[|x]y") and _anchored(r"^\|z")
    assert not _anchored(r"^a|b") and not _anchored(r"(?m)^q") and not _anchored(r"^(?P<n>w)")
    assert not _anchored(r"جميع الحقوق محفوظه")


def test_the_resources_page_furniture_keeps_its_answers() -> None:
    res = load_discourse()
    for line in [*LINES, "اقرا ايضا: عنوان آخر", "صوره ارشيفيه للقصف", "فيديو: لحظة الانفجار"]:
        assert res.any_line.found_in(line) == any(p.search(line) for p in res.lines)
        assert res.any_opener.found_in(line) == any(p.search(line) for p in res.openers)
        assert res.any_caption.found_in(line) == any(p.search(line) for p in res.captions)


def test_the_compiled_resource_knows_whether_a_summary_is_told_before_a_word() -> None:
    """Candidates drop a word that lacks context before the clause tests only when no summary can be told before
    a word (a summary sets its whole sentence aside): the flag follows the summary kind's cues."""
    from marsad.lexicon.discourse import SUMMARY, CompiledDiscourse
    from marsad.lexicon.discourse_rules import KindCues

    rules = load_discourse().rules

    def compiled(**cues: list[str]) -> CompiledDiscourse:
        return CompiledDiscourse.of(rules.model_copy(update={"kinds": {SUMMARY: KindCues(**cues)}}))

    assert not compiled(after=["aggregate"]).summary_before
    assert compiled(before=["tally"]).summary_before
    assert compiled(verb_before=["(?:^|\\s)قد"]).summary_before
    assert compiled(imperfect_before=["(?:^|\\s)التي"]).summary_before
