"""Stage 6 of extraction: one record per occurrence.

1. Triggers of one clause that tell one occurrence ("هجوم بسيارة مفخخة"، "غارات ... أسفرت عن مقتل") merge into
   the most specific of them.
2. A weak trigger (deaths, injuries) joins the nearest strong event of its sentence, or of the sentence before in
   its paragraph; alone, it becomes an event only when something says it was violence (an actor, a weapon).
3. Across the article, candidates of one type at one place, with compatible actors, dates and figures, are the same
   occurrence told again (headline, lead, body): one record with several evidence spans. Different figures from
   different sources stay separate claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final

from pydantic import ValidationError

from marsad._yaml import resource_data
from marsad.errors import ResourceError
from marsad.extract.actor_mentions import ARMED_VIOLENCE_TYPES
from marsad.extract.candidates import Candidate
from marsad.extract.discourse import last_words
from marsad.extract.document import DocState
from marsad.extract.merge_rules import ClauseHost, Family, MergeRules, Sites, StateArms
from marsad.extract.trace import Rejection, Step
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import Match

VIOLENT_TYPES: Final[frozenset[str]] = ARMED_VIOLENCE_TYPES | {"Protests", "Riots"}


def _holds(fam: Family, c: Candidate) -> bool:
    return _of_types(c, fam.types)


def _hosts(rule: ClauseHost, c: Candidate) -> bool:
    return _of_types(c, rule.host)


def _welcomes(rule: ClauseHost, c: Candidate, host: Candidate) -> bool:
    return (
        (_of_types(c, rule.guest) or c.group.id in rule.guest_groups)
        and not (rule.without_doer and c.actor1 is not None)
        and not (rule.after_host and c.trigger.start < host.trigger.end)
    )


def _of_types(c: Candidate, types: list[str]) -> bool:
    """Whether the candidate's type is one of ``types`` ("Event type" or "Event type/Sub-type")."""
    return c.event_type in types or f"{c.event_type}/{c.sub_event_type}" in types


@lru_cache(maxsize=1)
def load_merge_rules() -> MergeRules:
    name = "merge.yaml"
    try:
        return MergeRules.model_validate(resource_data(name))
    except ValidationError as exc:
        raise ResourceError(name, str(exc)) from exc


@dataclass(frozen=True, slots=True)
class FamilyMatch:
    name: str
    winner: Candidate


def family_of(rules: MergeRules, a: Candidate, b: Candidate) -> FamilyMatch | None:
    """The family two candidates of different types share, and which of them gives the merged type."""
    for name, fam in rules.families.items():
        if not (_holds(fam, a) and _holds(fam, b)):
            continue
        if fam.generic_only and a.specific and b.specific:
            continue  # two specific tellings of different kinds are two occurrences (a strike and a shelling)
        if fam.unless_groups and any(
            t.payload.ref in fam.unless_groups for c in (a, b) if not c.specific for t in c.triggers
        ):
            continue  # "هجوم ... ومعارك عنيفة": a battle of its own, beside the suicide attacks within it
        if fam.rank and a.sub_event_type in fam.rank and b.sub_event_type in fam.rank:
            winner = a if fam.rank.index(a.sub_event_type) <= fam.rank.index(b.sub_event_type) else b
        else:
            winner = a if _specificity(a) >= _specificity(b) and a.specific >= b.specific else b
        return FamilyMatch(name, winner)
    return None
# Sentences after the headline that still belong to its lead.
LEAD_SENTENCES: Final = 2
# Groups that name the weapon: their type is more specific than that of a generic attack or killing (not a bare
# explosion, group explosion: "وقع انفجار ... فيما هاجم مسلحون حاجزا" are two events).
WEAPON_GROUPS: Final[frozenset[str]] = frozenset(
    {"airstrike", "shelling", "artillery", "projectile", "suicide", "ied", "grenade", "chemical"}
)
# A suicide car bomb is told as a suicide attack in one sentence and as a car bomb in the next.
CAR_BOMB_TYPES: Final[frozenset[str]] = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})
# Dates further apart than this are different occurrences.
SAME_DAY_TOLERANCE: Final = 1


def _absorb(into: Candidate, other: Candidate, rule: str) -> None:
    if into.traced:
        into.trail.append(
            Step("merge", rule, f"took in «{other.trigger.key}» {other.event_type}/{other.sub_event_type}")
        )
    into.triggers.extend(other.triggers)
    into.evidence.extend(e for e in other.evidence if e not in into.evidence)
    if (
        into.event_type == "Riots"
        and other.event_type == "Protests"
        and other.actor1 is not None
        and other.actor1.actor_id not in _CROWDS
    ):
        # a riot that takes in the force that dispersed it ("فرقت قوات الأمن مظاهرات عنيفة"): the force is the other side
        if into.actor2 is None:
            into.actor2 = other.actor1
    elif into.actor1 is None:
        into.actor1 = other.actor1
    if (
        into.actor2 is None
        and other.actor2 is not None
        and (into.actor1 is None or other.actor2.actor_id != into.actor1.actor_id)
    ):
        into.actor2 = other.actor2
    if (
        into.actor2 is None
        and into.event_type == "Battles"
        and other.actor1 is not None
        and into.actor1 is not None
        and other.actor1.actor_id != into.actor1.actor_id
    ):
        into.actor2 = other.actor1  # "سيطرت قوات النظام ... بعد معارك مع فصائل المعارضة": the other side
    into.sites |= other.sites
    for q in other.quantities:
        if q not in into.quantities:
            into.quantities.append(q)
    if other.place is not None and (
        into.place is None
        or other.place_distance < into.place_distance
        or (
            other.place_distance == into.place_distance
            and other.place.place.geo_precision < into.place.place.geo_precision
        )
        or (
            # "اعتقال 21 فلسطينيا في الضفة الغربية" then "في بلدة يطا": the town the body names, not the region
            into.place.place.geo_precision == 3
            and other.place.place.geo_precision == 1
            and other.place_distance <= 1
            and other.place.place.admin1 == into.place.place.admin1
        )
        or (
            # "نزاع عشائري جنوبي ميسان" then "في ناحية العدل جنوبي ميسان": the settlement the body names in it
            other.place.settlement is not None
            and into.place.settlement is None
            and other.place_distance <= min(1, into.place_distance)
            and other.place.place.place_id == into.place.place.place_id
        )
    ):
        into.place, into.place_distance = other.place, other.place_distance  # the more precise telling wins
    if into.date is None or (into.date_inherited and other.date is not None and not other.date_inherited):
        into.date, into.date_inherited = other.date, other.date_inherited
    headline = into.sentence == 0 and other.sentence <= LEAD_SENTENCES
    if into.frame is None or (
        headline and into.frame.kind == "outlet" and other.frame is not None and other.frame.kind != "outlet"
    ):
        into.frame = other.frame  # the headline is the outlet's; its lead names who reported it
    into.hedged = into.hedged and other.hedged


def _rank(c: Candidate) -> tuple[int, int, int, int, int]:
    strong = 1 if c.group.strength == "strong" else 0
    weapon = 1 if c.group.id in WEAPON_GROUPS else 0
    # the noise of violence ("وسط أصوات انفجارات") is not what its clause tells
    return 0 if c.heard else 1, strong, weapon, c.specific, -c.trigger.start


def merge_in_clauses(cands: list[Candidate], rules: MergeRules) -> list[Candidate]:
    """Merge candidates of one clause that tell one violent occurrence (or share one type), and the guests of a
    clause's host into it (``merge.yaml`` ``clause_hosts``)."""
    out: list[Candidate] = []
    by_clause: dict[tuple[int, int, bool], list[Candidate]] = {}
    for c in cands:
        # what a protest is against is told in its clause but is an occurrence of its own
        by_clause.setdefault((*c.clause, c.topic), []).append(c)
    for group in by_clause.values():
        # (split by a test on each, not by membership: a candidate's == compares every field, records included)
        violent: list[Candidate] = []
        rest: list[Candidate] = []
        for c in group:
            (violent if c.event_type in VIOLENT_TYPES or c.group.strength == "weak" else rest).append(c)
        if violent:
            strong = [c for c in violent if c.group.strength == "strong"]
            head = max(strong or violent, key=_rank)
            for c in violent:
                if c is not head:
                    _absorb(head, c, "one clause, one occurrence")
            out.append(head)
        hosts = [head] if violent and strong else []
        for rule in rules.clause_hosts:
            host = next((c for c in (*hosts, *rest) if _hosts(rule, c)), None)
            if host is None:
                continue
            guests = [c for c in rest if c is not host and _welcomes(rule, c, host)]
            for c in guests:
                _absorb(host, c, rule.why)
            if guests:
                gone = {id(g) for g in guests}
                rest = [c for c in rest if id(c) not in gone]
        merged: dict[tuple[str, str], Candidate] = {}
        for c in rest:
            key = (c.event_type, c.sub_event_type)
            if key in merged:
                _absorb(merged[key], c, "one clause, one occurrence")
            else:
                merged[key] = c
                out.append(c)
    out.sort(key=lambda c: c.trigger.start)
    return out


GENERIC_GROUPS: Final[frozenset[str]] = frozenset({"attack", "killing", "injury"})


def merge_generic_in_sentences(cands: list[Candidate]) -> list[Candidate]:
    """A generic word of violence ("استهدفت"، "هجوم") in a sentence that names the weapon of another event
    ("بغارات جوية روسية ... استهدفت نازحين") tells that event."""
    out: list[Candidate] = []
    weapons: dict[int, list[Candidate]] = {}  # the candidates of weapon groups of each sentence, in order
    for o in cands:
        if o.group.id in WEAPON_GROUPS:
            weapons.setdefault(o.sentence, []).append(o)
    for c in cands:
        if c.group.id in GENERIC_GROUPS and c.event_type in VIOLENT_TYPES:
            host = next((o for o in weapons.get(c.sentence, ()) if o is not c), None)
            if host is not None:
                _absorb(host, c, "generic word in a sentence naming the weapon")
                continue
        out.append(c)
    # "تدور اشتباكات بين المقاومين وقوات الاحتلال وسط أصوات انفجارات": the noise is the clash heard
    heard = [c for c in out if c.heard and c.event_type in VIOLENT_TYPES]
    for c in heard:
        host = next(
            (o for o in out if o.sentence == c.sentence and not o.heard and o.event_type in VIOLENT_TYPES), None
        )
        if host is not None:
            _absorb(host, c, "the noise of the violence of its sentence")
            out.remove(c)
    return out


# Demonstratives that point back to something already told ("هذا الهجوم"، "هذه الاحتجاجات").
_DEMONSTRATIVES: Final[frozenset[str]] = frozenset({"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين"})
# How many sentences back a definite "الهجوم" may refer.
ANAPHORA_SENTENCES: Final = 2


def _subject_of_verb(state: DocState, noun: Match[LexEntry]) -> bool:
    """ "واستهدف القصف ميناء الصيادين"، "وأسفر الهجوم عن": a definite word for violence right after a verb is its
    subject: it tells what the violence already reported did."""
    if not state.text.startswith("ال", noun.start):
        return False
    # only white space may stand between the verb's end and the noun: the verb ends in that run of it
    gap = noun.token_start
    while gap > 0 and state.text[gap - 1].isspace():
        gap -= 1
    return any(
        t.payload.detail in {"verb", "imperfect"}
        and t.end <= noun.token_start
        and not state.text[t.end : noun.token_start].strip()
        for t in state.triggers_ending_in(gap, noun.token_start)
    )


def merge_anaphoric(state: DocState, cands: list[Candidate]) -> list[Candidate]:
    """ "ووقع الهجوم قرب بلدة X": a definite word for violence with no actor of its own tells the event just
    reported, and often where it happened; it joins that event and gives it its place when more precise."""
    out: list[Candidate] = []
    # the last event of each type kept so far (kept events never change type here)
    last_of_type: dict[str, Candidate] = {}
    for c in cands:
        t = c.trigger
        definite = t.payload.detail == "noun" and state.text.startswith("ال", t.start)
        retold = bool(state.cues_ending_in("retelling", t.token_start - 2, t.token_start))
        # the subject of a verb in a later clause, with no actor of its own clause: the sentence's event retold
        subject = (
            definite
            and _subject_of_verb(state, t)
            and (c.actor1 is None or not c.clause[0] <= c.actor1.start < c.clause[1])
            and c.place_distance >= 1
        )
        before = state.text[max(0, t.token_start - 8) : t.token_start].replace('"', " ").split()
        pointed = (
            definite and bool(before) and before[-1].removeprefix("و") in _DEMONSTRATIVES
        )  # "هذه الاحتجاجات"
        if pointed and c.event_type not in last_of_type:
            continue  # "واندلعت هذه الاحتجاجات في 30 آذار": the story's background, not an event of its own
        if pointed and c.event_type not in VIOLENT_TYPES:
            host = last_of_type.get(c.event_type)
            if host is not None:
                _absorb(host, c, "demonstrative retells")
                continue
        if definite and c.event_type in VIOLENT_TYPES and (c.actor1 is None or retold or pointed or subject):
            host = next(
                (
                    o
                    for o in _recent(out, c.sentence)
                    if o.event_type in VIOLENT_TYPES
                    and (
                        0 < c.sentence - o.sentence <= ANAPHORA_SENTENCES
                        or (subject and o.sentence == c.sentence and o.clause != c.clause)
                    )
                ),
                None,
            )
            own_day = c.date.start_date if c.date is not None and c.date.precision == "day" else None
            if (
                host is not None
                and not retold
                and own_day is not None
                and host.date is not None
                and host.date.start_date != own_day
            ):
                host = (
                    None  # "الاعتداء ... في 16 كانون الثاني": an earlier attack of its own, not a retelling
                )
            if (
                host is not None
                and _victims(c, state.text)
                and _victims(host, state.text)
                and not (_victims(c, state.text) & _victims(host, state.text))
            ):
                host = None
            if host is None and pointed:
                continue  # "هذه الاحتجاجات ... في 30 آذار": what the story already told, dated elsewhere
            if host is not None:
                if (
                    c.place is not None
                    and c.place_distance <= 1
                    and (
                        host.place is None
                        or host.place_distance > c.place_distance
                        or c.place.place.geo_precision < host.place.place.geo_precision
                    )
                ):
                    host.place, host.place_distance = c.place, c.place_distance
                c.place = None
                _absorb(host, c, "definite word retells")
                continue
        out.append(c)
        last_of_type[c.event_type] = c
    return out


def _recent(out: list[Candidate], sentence: int) -> Iterator[Candidate]:
    """The events of ``out`` (in text order) from the last back to those ANAPHORA_SENTENCES before ``sentence``:
    none before them can be the one a definite word retells."""
    for o in reversed(out):
        if sentence - o.sentence > ANAPHORA_SENTENCES:
            return
        yield o


def attach_weak(
    state: DocState, lexicon: Lexicon, cands: list[Candidate], rejected: list[Rejection] | None = None
) -> list[Candidate]:
    """Weak candidates join a strong violent event nearby or stand alone when they clearly report violence; with
    ``rejected``, those that do neither are recorded there."""
    strong = [c for c in cands if c.group.strength == "strong"]
    out = list(strong)
    weak_heads: dict[int, Candidate] = {}
    violent: dict[int, list[Candidate]] = {}  # the strong violent events of each sentence, in order
    for c in strong:
        if c.event_type in VIOLENT_TYPES:
            violent.setdefault(c.sentence, []).append(c)
    for w in cands:
        if w.group.strength == "strong":
            continue
        head = weak_heads.get(w.sentence)
        if head is not None and not _host(state, violent, w):
            _absorb(
                head, w, "weak word joins the sentence's weak word"
            )  # "استشهد طفل ... جراء إصابته بعيار ناري": one death told with its wound
            continue
        weak_heads.setdefault(w.sentence, w)
        host = _host(state, violent, w)
        if host is not None:
            _absorb(host, w, "weak word joins a strong event")
        elif _violent_alone(state, lexicon, w):
            out.append(w)
        elif rejected is not None:
            t = w.trigger
            rejected.append(
                Rejection(
                    state.norm.orig_text(t.start, t.end), t.start, t.payload.ref, "candidate", "weak word alone",
                    "no violent event beside it, and no doer or weapon named in its sentence",
                )
            )
    out.sort(key=lambda c: c.trigger.start)
    return out


def _host(state: DocState, violent: dict[int, list[Candidate]], w: Candidate) -> Candidate | None:
    """``violent``: the strong violent events of each sentence (not a protest for what it is against)."""
    same = violent.get(w.sentence, [])
    if w.topic:
        same = [c for c in same if c.event_type not in ("Protests", "Riots")]
    if same:
        return min(same, key=lambda c: abs(c.trigger.start - w.trigger.start))
    para = state.paragraph_of(w.trigger.start)
    prev = [c for c in violent.get(w.sentence - 1, ()) if state.paragraph_of(c.trigger.start) == para]
    return prev[-1] if prev else None


def _violent_alone(state: DocState, lexicon: Lexicon, w: Candidate) -> bool:
    if w.group.id == "injury":
        return w.actor1 is not None
    if w.event_type == "Protests" and _protesters_killed(state, w):
        return True
    ss, se = w.sentence_span
    weapon = any(
        state.has_cue(c, ss, se)
        for c in ("air", "artillery", "missile", "explosive", "suicide", "firearm", "passive_agent")
    )
    if w.actor1 is not None or weapon:
        return True
    return w.actor2 is not None and w.group.id == "assassination"


# how far after a clause-opening verb of killing its victims may be named ("وقتل سبعة متظاهرين"): a count between
_VICTIM_REACH: Final = 24


def _protesters_killed(state: DocState, w: Candidate) -> bool:
    """A clause that opens with a verb of killing whose victims are protesters ("وقتل سبعة متظاهرين يومي الثلاثاء
    قرب مقر المحافظة"): force used on a crowd, which needs no doer named to be violence (the force is left
    unidentified). The verb must open its clause (only "و" or "ف" before it): the same letters after a verb of
    reacting are a verbal noun ("واستنكر قتل عشرات المتظاهرين", "تحقيق حول مقتل المتظاهرين"), what is condemned or
    investigated. The protesters must be its victims, not its subject: a plural in -ون right after the verb is the
    doer ("قتل المحتجون الغاضبون اثنين من الحراس": a crowd that kills, which riots). The corpus has 17
    clause-opening hits (of 90 of a killing word before a word for protesters); the 7 with no doer or weapon named
    were read: 5 deaths at a protest, 2 a toll since a protest movement began."""
    t = w.trigger
    if w.group.id != "killing" or t.prefix not in _CLAUSE_VERB_PREFIXES:
        return False
    text = state.norm.text
    if text[w.clause[0] : t.token_start].strip(_CLAUSE_EDGE) != "":
        return False
    for c in state.cues_starting_in("protesters", t.end, t.end + _VICTIM_REACH):
        between = text[t.end : c.start]
        if len(between.split()) > 2 or any(ch in _CLAUSE_STOPS for ch in between):
            continue
        if text[c.start : c.end].endswith("ون"):
            return False  # the crowd is the verb's subject
        return True
    return False


_CROWDS: Final = frozenset({"PROTESTERS", "RIOTERS"})
_CLAUSE_VERB_PREFIXES: Final = frozenset({"", "و", "ف"})
_CLAUSE_EDGE: Final = " ،,.:؛-\n\"«»"
_CLAUSE_STOPS: Final = frozenset("،,.:؛")


def _actors_compatible(
    a: Candidate,
    b: Candidate,
    forces: Callable[[str], str | None] | None = None,
    *,
    arms: frozenset[str] = frozenset(),
) -> bool:
    """Whether two tellings may have one doer. ``forces`` gives the country of a state's force; ``arms``: the
    types where two forces of one state stay two doers (merge.yaml ``state_arms``)."""
    if a.event_type == "Humanitarian":
        return True  # aid comes from many hands; displacement has no actors
    unknown = {"UNIDENTIFIED"}
    if a.actor1 and b.actor1 and unknown & {a.actor1.actor_id, b.actor1.actor_id}:
        return True  # "مسلحون مجهولون" may be the group another report names
    if a.event_type in {"Protests", "Riots"} and any(
        x is not None and x.actor_id in _CROWDS for x in (a.actor1, b.actor1)
    ):
        return True  # a protest told once by its crowd and once by the force that fired on it
    if (
        forces is not None
        and a.event_type not in arms
        and a.actor1
        and b.actor1
        and (country := forces(a.actor1.actor_id)) is not None
        and forces(b.actor1.actor_id) == country
    ):
        return True  # one state's forces told once as its army and once as its security forces
    if a.actor1 and b.actor1 and a.actor1.actor_id != b.actor1.actor_id:
        # two sides meet: the same pair may be told in either order ("اشتباكات مع الشرطة"، "بين متظاهرين وقوات الأمن")
        symmetric = a.event_type in {"Battles", "Protests", "Riots"} or "clash" in {
            a.group.frame,
            b.group.frame,
        }
        sides_a = {x.actor_id for x in (a.actor1, a.actor2) if x is not None}
        sides_b = {x.actor_id for x in (b.actor1, b.actor2) if x is not None}
        return bool(symmetric and sides_a & sides_b)
    return True


def _places_compatible(a: Candidate, b: Candidate) -> bool:
    if a.local_name and b.local_name and a.local_name != b.local_name:
        return False  # "قرية العزبة" and "قرية الزر": two villages the gazetteer does not know
    if a.place is None or b.place is None:
        return True
    if max(a.place_distance, b.place_distance) >= 3:
        return True  # placed only by the document's main place: a guess the other's own place replaces
    if max(a.place_distance, b.place_distance) >= 2 and min(a.place_distance, b.place_distance) <= 1:
        # one was placed only by the paragraph or the lead: the other's own place wins, within one province
        return not (
            a.place.place.admin1 and b.place.place.admin1 and a.place.place.admin1 != b.place.place.admin1
        )
    pa, pb = a.place.place, b.place.place
    if pa.place_id == pb.place_id:
        return True
    if (
        pa.admin2_pcode
        and pa.admin2_pcode == pb.admin2_pcode
        and (a.place_distance >= 1 or b.place_distance >= 1)
    ):
        return True
    # one of them only knows the district or governorate that contains the other
    if (
        pa.pcode
        and pb.pcode
        and pa.pcode != pb.pcode
        and (pb.pcode.startswith(pa.pcode) or pa.pcode.startswith(pb.pcode))
    ):
        return True
    if pa.admin3_pcode and pa.admin3_pcode == pb.admin3_pcode:
        return True
    if (
        a.event_type not in VIOLENT_TYPES
        and not (pa.pcode and pb.pcode)
        and "district" in (pa.kind, pb.kind)
        and pa.admin2
        and (pa.country, pa.admin1, pa.admin2) == (pb.country, pb.admin1, pb.admin2)
    ):
        # the gazetteers of Iraq, Lebanon, Jordan and Palestine carry no p-codes: a district contains the places
        # of its name ("عودة 320 نازحا إلى سنجار" the town, "إلى قضاء سنجار" the district); strikes on a village and
        # on its district are often two
        return True
    coarse_a = pa.admin2 is None and pa.admin1 is not None
    coarse_b = pb.admin2 is None and pb.admin1 is not None
    return (coarse_a or coarse_b) and pa.admin1 == pb.admin1


def _arms_apart(arms: StateArms, a: Candidate, b: Candidate) -> frozenset[str]:
    """The types where two forces of one state stay two doers for this pair: none when a rule of one doer holds
    (one telling a generic word, or both of one sub-type, and both placed alike)."""
    if arms.one_doer_if_generic_placed_alike and not (a.specific and b.specific) and _placed_alike(a, b):
        return frozenset()
    if arms.one_doer_if_same_sub_type_placed_alike and a.sub_event_type == b.sub_event_type and _placed_alike(a, b):
        return frozenset()
    return frozenset(arms.types)


def _placed_alike(a: Candidate, b: Candidate) -> bool:
    """Both placed by their own sentence, at one place or in one district."""
    if a.place is None or b.place is None or max(a.place_distance, b.place_distance) > 1:
        return False
    pa, pb = a.place.place, b.place.place
    return pa.place_id == pb.place_id or (pa.admin2 is not None and (pa.admin1, pa.admin2) == (pb.admin1, pb.admin2))


def _same_province(a: Candidate, b: Candidate) -> bool:
    """Both placed, and in one governorate (a headline placed only by the article's main place is no exception)."""
    if a.place is None or b.place is None:
        return a.place is None and b.place is None
    pa, pb = a.place.place, b.place.place
    return pa.place_id == pb.place_id or (pa.admin1 is not None and pa.admin1 == pb.admin1)


def _dates_compatible(a: Candidate, b: Candidate, default: date | None) -> bool:
    """Undated events are taken to be of the publication day, so a dated background event ("في العشرين من الشهر")
    is not merged with today's news."""
    # a date inherited from an earlier sentence is a guess: it neither joins nor separates events
    da = (
        a.date.start_date
        if a.date is not None and a.date.start_date is not None and not a.date_inherited
        else default
    )
    db = (
        b.date.start_date
        if b.date is not None and b.date.start_date is not None and not b.date_inherited
        else default
    )
    if da is None or db is None:
        return True
    both_days = (
        a.date is not None
        and b.date is not None
        and a.date.precision == b.date.precision == "day"
        and not (a.date_inherited or b.date_inherited)
    )
    if both_days:
        return da == db  # two days the article names are two occurrences
    undated_a = a.date is None or a.date.start_date is None or a.date_inherited
    undated_b = b.date is None or b.date.start_date is None or b.date_inherited
    if undated_a != undated_b:
        # an undated retelling falls on any day of a week or month the other names ("خلال هذا الأسبوع")
        dated = b if undated_a else a
        assert dated.date is not None and dated.date.start_date is not None
        end = dated.date.end_date or dated.date.start_date
        point = da if undated_a else db
        gap = max((dated.date.start_date - point).days, (point - end).days, 0)
        return gap <= SAME_DAY_TOLERANCE
    return abs((da - db).days) <= SAME_DAY_TOLERANCE


# Nouns that count the people an attack hit (not its perpetrators: "4 انتحاريين").
_VICTIM_NOUNS: Final = ("شخص", "اشخاص", "مدني", "مواطن", "طفل", "اطفال", "امراه", "نساء")


def _victims(c: Candidate, text: str) -> set[int]:
    return {
        q.value
        for q in c.quantities
        if q.value is not None
        and (
            q.unit == "fatalities"
            or (q.unit == "people" and text[q.unit_start : q.unit_end].startswith(_VICTIM_NOUNS))
        )
    }


def _claims_differ(a: Candidate, b: Candidate, text: str) -> bool:
    """Different figures of one unit reported by different sources are different claims."""
    va = {(q.unit, q.value) for q in a.quantities if q.value is not None}
    vb = {(q.unit, q.value) for q in b.quantities if q.value is not None}
    units = {u for u, _ in va} & {u for u, _ in vb}
    differ = any(not ({v for u2, v in va if u2 == u} & {v for u2, v in vb if u2 == u}) for u in units)
    if a.event_type == "Humanitarian" or a.sub_event_type == "Arrests":
        return differ  # two figures of displaced people, or of people arrested, are two occurrences
    ca, cb = _victims(a, text), _victims(b, text)
    if a.event_type in VIOLENT_TYPES and ca and cb and not ca & cb:
        return True  # "قتل 15 شخصا" and "قتلوا 3 أشخاص": two attacks
    fa = a.frame.name if a.frame else None
    fb = b.frame.name if b.frame else None
    return differ and fa != fb


def _specificity(c: Candidate) -> float:
    if c.group.id in WEAPON_GROUPS or c.event_type == "Explosions/Remote violence":
        return 3
    if not c.specific and (c.event_type, c.sub_event_type) != (c.group.event_type, c.group.sub_event_type):
        return 1.5  # typed by its target ("قتل مدنيين"): more than the bare default, less than a cue's reading
    return 1 + min(c.specific, 1)


def _same_toll(a: Candidate, b: Candidate) -> bool:
    """Two violent reports with the same count of dead or wounded ("مقتل 8 عناصر" in the headline, "قتل ثمانية"
    in the lead, "أسفر عن مقتل ثمانية" in the body)."""
    if a.event_type not in VIOLENT_TYPES or b.event_type not in VIOLENT_TYPES:
        return False
    toll_a = {q.value for q in a.quantities if q.value is not None and q.unit in {"fatalities", "injured"}}
    toll_b = {q.value for q in b.quantities if q.value is not None and q.unit in {"fatalities", "injured"}}
    # a count of people killed may have come out as "people" when the killing word stood far from it
    people_a = {q.value for q in a.quantities if q.value is not None and q.unit == "people"}
    people_b = {q.value for q in b.quantities if q.value is not None and q.unit == "people"}
    return bool(toll_a & (toll_b | people_b) or toll_b & people_a)


def mark_sites(state: DocState, cands: list[Candidate], sites: Sites) -> None:
    """Set the kinds of building each candidate of the ``sites`` types names in its clause ("أحرقوا مقر حزب
    الفضيلة": a party's; "ألقوا زجاجات حارقة على مبنى المحافظة": the governorate's), for :func:`merge_retellings`."""
    if not sites.classes:
        return
    text = state.text
    for c in cands:
        if c.event_type in sites.types or f"{c.event_type}/{c.sub_event_type}" in sites.types:
            cs, ce = c.clause
            c.sites = frozenset(
                k
                for k in sites.classes
                if any(not _landmark(text, m.token_start, sites.landmark_words) for m in state.cues_in(k, cs, ce))
            )


def _landmark(text: str, token_start: int, words: frozenset[str]) -> bool:
    """Whether the building named at ``token_start`` follows a word of place ("قرب مبنى المحافظة"، "أمام السفارة"):
    where the act was, not what it was done to."""
    before = last_words(text, 0, token_start, 1)
    return bool(before) and before[0] in words


def merge_retellings(
    cands: list[Candidate],
    rules: MergeRules,
    published: date | None = None,
    text: str = "",
    forces: Callable[[str], str | None] | None = None,
) -> list[Candidate]:
    """Merge candidates that tell the same occurrence again elsewhere in the article: the same type, or types of one
    family (``merge.yaml``). ``forces`` gives the country of a state's armed or security force (None for any other
    actor): two forces of one state are one doer told two ways."""
    out: list[Candidate] = []
    kin: dict[tuple[str, str, str, str], bool] = {}
    for c in cands:
        target = None
        family: FamilyMatch | None = None
        for o in out:
            if c.separate and o.sentence != c.sentence:
                continue  # "وفي حادثة مشابهة ...": another occurrence than the earlier sentences'
            same_type = (
                o.event_type == c.event_type
                and (
                    o.sub_event_type == c.sub_event_type
                    or o.event_type == "Battles"
                    or {o.sub_event_type, c.sub_event_type} <= CAR_BOMB_TYPES
                )
                and (o.sub_event_type != "Other" or o.group.id == c.group.id)
            )
            family = None
            if not same_type:
                # whether some family holds both types (asked for every pair of events: kept per pair of types)
                types = (o.event_type, o.sub_event_type, c.event_type, c.sub_event_type)
                shared = kin.get(types)
                if shared is None:
                    shared = kin[types] = any(_holds(f, o) and _holds(f, c) for f in rules.families.values())
                family = family_of(rules, o, c) if shared else None
            if family is not None and not _same_province(o, c):
                family = None  # tellings of different kinds merge only where both are placed in one province
            if (
                (same_type or family is not None or _same_toll(o, c))
                and _places_compatible(o, c)
                and _actors_compatible(o, c, forces, arms=_arms_apart(rules.state_arms, o, c))
                and _dates_compatible(o, c, published)
                and not _claims_differ(o, c, text)
                and not (o.sites and c.sites and not o.sites & c.sites)  # two kinds of building: two places
            ):
                target = o
                break
        if target is None:
            out.append(c)
        else:
            if family is not None:
                if family.winner is c:
                    target.event_type, target.sub_event_type = c.event_type, c.sub_event_type
                    target.specific = max(target.specific, c.specific)
                _absorb(target, c, f"retelling of the {family.name} family")
                continue
            if _specificity(c) > _specificity(target):
                target.event_type, target.sub_event_type = c.event_type, c.sub_event_type
                target.specific = max(target.specific, c.specific)
            _absorb(target, c, "retelling")
    return out
