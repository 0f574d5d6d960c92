"""The actors a text names, as mentions: how a form of the actor lexicon becomes an actor (a generic word read by
the country, a nationality adjective or a state's name read as its forces, a head word or a pronoun that stands
for an actor named before), the stage of the document state (``document.build_state``) that finds them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex

from marsad.extract.spans import SpanIndex, gap_start, last_ending_by, start_of
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import Match
from marsad.lexicon.nisba import nisba_stem
from marsad.lexicon.resources import GenericEntry

# Event types of armed violence (the others are protests, riots, strategic developments, humanitarian).
ARMED_VIOLENCE_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Kinds of actors that carry arms.
ARMED_KINDS = frozenset(
    {
        "state_military",
        "state_security",
        "foreign_military",
        "armed_group",
        "militia",
        "tribal",
        "unidentified",
    }
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actor_id: str
    role_hint: str  # name | member | loaded:<neutral> | nationality | anaphor | resumptive
    token_start: int
    prefix: str
    # a generic form ("الشرطة"، "الجيش") read by the article's main country: the event's own country may differ
    generic: GenericEntry | None = None


# Words that may stand between a generic word for gunmen and the group they belong to ("مسلحين من التنظيم").
_MEMBERSHIP_GAP = frozenset(
    {"من", "التابعين", "تابعين", "التابعه", "تابعه", "ينتمون", "الى", "المنتمين", "في", "تابعون", "التابعون", "تابع",
     "التابع", "المنتمون", "منتمين", "موالين", "الموالين", "موالون", "الموالون", "المواليه", "مواليه"}
    # the kind noun before a group's quoted name ("مسلحي تنظيم "الدولة الإسلامية"")
    | {"تنظيم", "جماعه", "حركه", "ميليشيا", "فصيل", "لتنظيم", "لجماعه", "لحركه"}
)
UNIDENTIFIED = "UNIDENTIFIED"  # the registry's id of an armed group the report does not name
GENERIC_ACTORS = frozenset({UNIDENTIFIED})


_NOT_CONSTRUCT = ("ون", "ين", "ان", "ا")


def drop_generic_before_specific(
    actors: list[ActorMention], lexicon: Lexicon, text: str
) -> list[ActorMention]:
    """ "مسلحي تنظيم داعش"، "مسلحين من قسد": the generic word stands for members of the group that follows; the
    guns of a named force ("مدفعية الجيش الإسرائيلي") are that force."""
    out: list[ActorMention] = []
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if (
            a.generic is not None
            and a.generic.instrument
            and nxt is not None
            and nxt.generic is None
            and not text[a.end : nxt.token_start].strip()
        ):
            continue  # "مدفعية الجيش الإسرائيلي": the guns of the force named after them
        if a.actor_id in GENERIC_ACTORS and nxt is not None and nxt.actor_id not in GENERIC_ACTORS:
            gap = text[a.end : nxt.token_start].replace('"', " ").split()
            # with nothing between, the generic word must be in construct state ("مسلحي داعش"): a sound plural
            # or dual that keeps its ن ("مسلحون مجهولون رجلا") or an accusative ending is a separate argument
            construct = bool(gap) or not text[a.start : a.end].endswith(_NOT_CONSTRUCT)
            if construct and len(gap) <= 2 and all(w in _MEMBERSHIP_GAP for w in gap):
                continue
        out.append(a)
    return out


def actor_anaphora(
    cues: list[Match[LexEntry]], actors: list[ActorMention], lexicon: Lexicon, text: str
) -> list[ActorMention]:
    """ "التنظيم"، "الميليشيات": the last actor named with that head word, else the document's most named one."""
    out: list[ActorMention] = []
    spans = SpanIndex((a.start, a.end) for a in actors)
    # the actors named with each head word, in order (the actors are in order of start)
    with_head: dict[str, list[ActorMention]] = {}
    for cue in cues:
        if spans.overlaps(cue.start, cue.end):
            continue
        head = cue.key
        if head not in with_head:
            # the head word with or without its article, as a word ("تنظيم الدولة" for "التنظيم", not "التنظيمات")
            word = _head_word(head[2:] if head.startswith("ال") else head)
            with_head[head] = [a for a in actors if word.search(text, max(0, a.token_start - 15), a.end + 2)]
        named = with_head[head]
        k = last_ending_by(named, cue.start)
        if k is None:
            continue
        ref = named[k]
        out.append(ActorMention(cue.start, cue.end, ref.actor_id, "anaphor", cue.token_start, cue.prefix))
    # a member word right before the anaphor ("مسلحين من التنظيم") is dropped by the caller's generic rule
    return out


# A speaker's pronoun before a verb ("قال الجيش إنه قصف"، "إنه قد قصف") picks up the speaker as the verb's doer,
# and a force word with a pronoun ("مقاتليها"، "قوات بلاده") the actor it belongs to: the nearest armed or state
# actor (or, for the pronoun, body) before it in its sentence, within this many characters.
RESUMPTIVE_GAP = 1  # words between the pronoun and the verb
ANTECEDENT_REACH = 160
_POSSESSIVE = frozenset({"ه", "ها", "هم", "نا"})
_RESUMPTIVE_KINDS = {
    "resumptive_that": ARMED_KINDS | {"government", "international", "aid"},
    "own_forces": ARMED_KINDS | {"government"},
}


def resumptive_actors(
    cues: dict[str, list[Match[LexEntry]]],
    actors: list[ActorMention],
    triggers: list[Match[LexEntry]],
    sentence_spans: list[tuple[int, int]],
    lexicon: Lexicon,
    text: str,
) -> list[ActorMention]:
    """ "أعلنت هيئة تحرير الشام أن مقاتليها استهدفوا ..."، "قال الجيش التركي إنه قصف ...": the actor a pronoun
    after a speaker, or a force word with a pronoun, stands for."""
    out: list[ActorMention] = []
    if not any(cues.get(name) for name in _RESUMPTIVE_KINDS):
        return out
    sentence_starts = [s for s, _ in sentence_spans]
    verb_starts = sorted(
        [t.token_start for t in triggers if t.payload.detail in {"verb", "imperfect"}]
        + [c.token_start for c in cues.get("agreement_verb", ())]  # "إنها توصلت إلى اتفاق"
    )
    spans = SpanIndex((a.start, a.end) for a in actors)
    actor_starts = [a.start for a in actors]  # (in order: the actors are sorted by start)
    for name, kinds in _RESUMPTIVE_KINDS.items():
        for cue in cues.get(name, ()):
            if spans.overlaps(cue.start, cue.end):
                continue
            if name == "own_forces" and cue.suffix not in _POSSESSIVE:
                continue  # "قوات" alone is no one's
            if name == "resumptive_that":
                i = bisect.bisect_left(verb_starts, cue.end)
                if i == len(verb_starts) or len(text[cue.end : verb_starts[i]].split()) > RESUMPTIVE_GAP:
                    continue  # "إنه من المتوقع ...": not the subject of an event verb
            si = bisect.bisect_right(sentence_starts, cue.start) - 1
            lo = max(sentence_starts[si] if si >= 0 else 0, cue.start - ANTECEDENT_REACH)
            before = [
                a
                for a in actors[bisect.bisect_left(actor_starts, lo) : bisect.bisect_right(actor_starts, cue.token_start)]
                if lo <= a.start
                and a.end <= cue.token_start
                and (e := lexicon.actors.get(a.actor_id)) is not None
                and e.kind in kinds
            ]
            if before:
                ref = before[-1]
                if name == "own_forces" and not _subject_after_that(text, ref, lexicon):
                    # "أكد الجيش الإسرائيلي أن دبابة أطلقت النار باتجاه موقع للجهاد بعد قيام جنوده ...": the
                    # speaker before the "that" owns the forces, unless an armed actor after the "that" does ("ذكرت
                    # الصحيفة المقربة من السلطات أن الجيش استهدف بنيران مدفعيته")
                    ref = next((a for a in before if _that_between(text, a.end, cue.token_start)), ref)
                out.append(ActorMention(cue.start, cue.end, ref.actor_id, "resumptive", cue.token_start, cue.prefix))
    return out


# "that" (أن، إن، بأن), bare or with a pronoun, normalised: what opens reported speech.
THAT_WORDS = frozenset({"ان", "بان", "انه", "انها", "انهم"})


def _subject_after_that(text: str, actor: ActorMention, lexicon: Lexicon) -> bool:
    """Whether an armed actor opens the reported clause, right after its "that" ("أن الجيش استهدف")."""
    entry = lexicon.actors.get(actor.actor_id)
    if entry is None or entry.kind not in ARMED_KINDS:
        return False
    before = text[max(0, actor.token_start - 12) : actor.token_start].split()
    return bool(before) and before[-1].strip('"،,') in THAT_WORDS


def _that_between(text: str, start: int, end: int) -> bool:
    return any(w.strip('"،,') in THAT_WORDS for w in text[start:end].split())


def nationality_actors(
    by_kind: dict[str, list[Match[LexEntry]]], actors: list[ActorMention], text: str, lexicon: Lexicon
) -> list[ActorMention]:
    """Nationality adjectives read as a state's forces when they directly qualify a military noun (or a chain of
    them: "الطيران الحربي الروسي"); a state's own name only after a military noun or a word of violence
    ("وقصفت إسرائيل مواقع"، not "انسحاب الولايات المتحدة من الاتفاق")."""
    adjectives = by_kind.get("nat_adj", ())
    if not adjectives:
        return []
    violent = [
        (m.start, m.end)
        for m in by_kind.get("trigger", ())
        if (g := lexicon.groups[m.payload.ref]).event_type in _FORCE_EVENT_TYPES
        or g.sub_event_type in FORCE_SUB_TYPES
    ]
    nouns = [(m.start, m.end) for m in by_kind.get("nat_head", ())]
    head_ends = sorted(e for _, e in nouns + [(m.start, m.end) for m in by_kind.get("trigger", ())])
    strict_ends = sorted(e for _, e in nouns + violent)
    # "الولايات المتحدة وفرنسا وبريطانيا أطلقت ... صواريخ"، "إسرائيل قصفت": a state's name as the subject right
    # before a verb of violence (other states' names joined by و between)
    violent_verbs = sorted(
        [
            m.token_start
            for m in by_kind.get("trigger", ())
            if m.payload.detail in {"verb", "imperfect"}
            and (
                (g := lexicon.groups[m.payload.ref]).event_type in _FORCE_EVENT_TYPES
                or g.sub_event_type in FORCE_SUB_TYPES
            )
        ]
        + [m.token_start for m in by_kind.get("cue", ()) if m.payload.ref == "launch_verb"]
    )
    names = sorted((m for m in adjectives if m.payload.detail == "name"), key=lambda m: m.start)
    taken = SpanIndex((a.start, a.end) for a in actors)
    out: list[ActorMention] = []
    for m in adjectives:
        if taken.overlaps(m.start, m.end):
            continue
        ends = strict_ends if m.payload.detail == "name" else head_ends
        i = bisect.bisect_right(ends, m.start) - 1
        if (i >= 0 and gap_start(text, ends[i], m.token_start) <= ends[i]) or (
            m.payload.detail == "name" and _subject_of_a_violent_verb(m, names, violent_verbs, text)
        ):
            out.append(ActorMention(m.start, m.end, m.payload.ref, "nationality", m.token_start, m.prefix))
    return out


def _subject_of_a_violent_verb(
    m: Match[LexEntry], names: list[Match[LexEntry]], verb_starts: list[int], text: str
) -> bool:
    """The state named by ``m`` stands right before a verb of violence, other states' names joined to it by و (not
    after a preposition: "الحوثية التابعة لإيران أطلقت")."""
    if m.prefix not in {"", "و", "ف"}:
        return False
    end = m.end
    # the names from the first that starts at or after ``end`` (by bisection: they are in order of start)
    for n in names[bisect.bisect_left(names, end, key=start_of) :]:  # "وفرنسا وبريطانيا": the coordinated names
        if gap_start(text, end, n.token_start, None) <= end and n.prefix == "و":
            end = n.end
        else:
            break
    j = bisect.bisect_left(verb_starts, end)
    return j < len(verb_starts) and gap_start(text, end, verb_starts[j], " \"'،,") <= end


# The sub-types of what forces do besides violence, after whose words (as after a word of violence or riot) a
# state's name stands for its forces ("وأسقطت إسرائيل الطائرة"، "احتجزت إسرائيل"، "هدمت إسرائيل").
_FORCE_EVENT_TYPES = ARMED_VIOLENCE_TYPES | {"Riots"}
FORCE_SUB_TYPES = frozenset({"Disrupted weapons use", "Arrests", "Looting/property destruction"})


# The word right after an actor form, quotes allowed between ("الجيش "الأفغاني"").
@lru_cache(maxsize=256)
def _head_word(bare_head: str) -> regex.Pattern[str]:
    """The head word of an anaphor ("التنظيم") with or without its article, as a word (compiled once per head)."""
    return regex.compile(rf"(?<!\w)(?:ال)?{regex.escape(bare_head)}(?!\w)")


_NEXT_WORD = regex.compile(r"[\s\"'«»]*(\p{Arabic}+)(?!\p{Arabic})")


def resolve_actor(
    m: Match[LexEntry], country: str | None, text: str, lexicon: Lexicon
) -> tuple[str, int] | None:
    """The actor of an actor form and the end of its mention. A generic form ("الجيش"، "الشرطة"، "رئيس الوزراء")
    is the article's country's, unless a nationality adjective follows it: "الجيش اللبناني" is Lebanon's army
    (the mention then covers the adjective), "الجيش الروسي" Russia's forces, "الحكومة المصرية" no actor the
    lexicon knows, and so is "الجيش الأفغاني": an army qualified by any nisba that names no nation it knows
    (None: no actor)."""
    hit = m.payload.actor
    if hit is None:
        return m.payload.ref, m.end
    generic = hit.generic
    resolved = hit.resolve(country)
    local = (resolved, m.end) if resolved is not None else None
    if generic is None or (m.end < len(text) and (text[m.end].isalpha() or text[m.end].isdigit())):
        return local
    nxt = _NEXT_WORD.match(text, m.end)
    read = nisba_stem(nxt.group(1)) if nxt is not None else None
    if nxt is None or read is None:
        return local
    stem, definite = read
    nisbas = lexicon.nisbas
    military = generic.kind == "state_military"  # a force, not an official who speaks for one
    named = nisbas.country_of.get(stem)
    if named is not None:
        actor_id = generic.by_country.get(named)
        entry = lexicon.actors.get(actor_id) if actor_id is not None else None
        if actor_id is not None and (entry is None or entry.country in (None, named)):
            return actor_id, nxt.end(1)
        force = nisbas.force_of.get(stem)
        return (force, nxt.end(1)) if force is not None and military else None
    last_word = text[m.start : m.end].split()[-1]
    form_definite = last_word.startswith("ال") or m.prefix.endswith("لل")
    if military and hit.role == "name" and definite and form_definite and stem not in nisbas.not_nationality:
        return None
    return local
