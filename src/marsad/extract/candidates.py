"""Stage 2 of extraction: event candidates. Each trigger that reports a specific occurrence (not negated, not
future, conditional, habitual or a question) becomes a candidate with its clause and sentence; roles, type
refinement and the other arguments are added by later stages."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from marsad.extract.document import ActorMention, DocState, PlaceRef
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import Match
from marsad.lexicon.triggers import CueClass, TriggerGroup
from marsad.text.dates import DateMention
from marsad.text.numbers import QuantityMention

# Parts of speech whose reading is in the present tense: a little less sure to be a single past occurrence.
PRESENT = "imperfect"
VERBAL = frozenset({"verb", "passive", "imperfect"})
# Only the conjunctions attach to a verb in the perfect; ل before an imperfect is purpose ("ليقصف").
VERB_PROCLITICS = frozenset({"", "و", "ف"})
# Cue classes that stop a trigger from reporting an occurrence when they stand just before it.
BLOCKING_BEFORE = (
    "negation", "negated_verb", "denial", "future", "conditional", "generic", "background", "charge"
)
# Longest actor, source or reporting phrase (characters): spans starting further back cannot overlap a trigger.
SPAN_REACH = 120
# How far after a trigger its "after" cues are looked for (characters).
AFTER_REACH = 80
# Territory words ("السيطرة على") report a capture only with a place right after them (characters).
PLACE_AFTER_REACH = 30
PLACE_AFTER_WORDS = 2  # "على أجزاء من مدينة X"


@dataclass(slots=True)
class Frame:
    """Who reports an event and how sure the article is of it."""

    name: str
    text: str
    start: int
    end: int
    modality: str
    kind: str


@dataclass(slots=True)
class Candidate:
    group: TriggerGroup
    trigger: Match[LexEntry]
    event_type: str
    sub_event_type: str
    sentence: int
    clause: tuple[int, int]
    sentence_span: tuple[int, int]
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc: list[ActorMention] = field(default_factory=list)
    place: PlaceRef | None = None
    place_distance: int = 0  # 0 clause, 1 sentence, 2 paragraph, 3 document
    date: DateMention | None = None
    date_inherited: bool = False  # dated by an earlier sentence, not its own words
    quantities: list[QuantityMention] = field(default_factory=list)
    frame: Frame | None = None
    hedged: bool = False
    evidence: list[tuple[int, int]] = field(default_factory=list)
    triggers: list[Match[LexEntry]] = field(default_factory=list)
    specific: int = 0  # how specific the type is: refined or from a specific trigger

    @property
    def start(self) -> int:
        return self.trigger.start


def _words_between(text: str, start: int, end: int) -> int:
    return len(text[start:end].split()) if end > start else 0


# Punctuation that may cling to a word in normalised text ('"لم تكن هناك غارات"').
_CLINGING = "\"'()[]-:"


def _bare(word: str) -> str:
    """A word without clinging punctuation and without the conjunction و/ف before it."""
    w = word.strip(_CLINGING)
    return w.lstrip("وف") or w


def _blocked_before(
    state: DocState,
    lexicon: Lexicon,
    trig: Match[LexEntry],
    clause: tuple[int, int],
    sentence: tuple[int, int],
    extra: list[str],
    blocking: tuple[list[tuple[int, int, str]], list[int]],
) -> bool:
    """Whether a blocking cue (negation, future, denial ...; ``blocking``: the document's, by start) or one of the
    group's own ``extra`` classes stands before the trigger within its window."""
    text = state.text
    hi = trig.token_start
    classes = lexicon.cues.classes

    def reaches(cls_: CueClass, end: int) -> bool:
        """A cue of the class ending at ``end`` is near enough, with no connective between, to block."""
        return _words_between(text, end, hi) < cls_.window and not _scope_broken(state, cls_.broken_by, end, hi)

    spans, starts = blocking
    for start, end, name in spans[bisect.bisect_left(starts, sentence[0]) : bisect.bisect_left(starts, hi)]:
        cls_ = classes[name]
        if end <= hi and (start >= clause[0] or cls_.across_clauses) and reaches(cls_, end):
            return True
    for name in extra:
        cls_ = classes[name]
        lo = sentence[0] if cls_.across_clauses else clause[0]
        if any(reaches(cls_, cue.end) for cue in state.cues_in(name, lo, hi)):
            return True
    before: list[str] | None = None  # the bare words before the trigger
    for name in (*BLOCKING_BEFORE, *extra):
        short = lexicon.short_cues.get(name)
        if not short:
            continue
        cls_ = classes[name]
        if before is None:
            tokens = text[clause[0] : hi].split()
            before = [_bare(w) for w in tokens[-lexicon.short_reach :]]
        if not any(w in short for w in before[-cls_.window :]):
            continue
        if not cls_.broken_by:
            return True
        # where each word ends, to look for a connective between it and the trigger (rarely needed)
        words = [(m.end(), _bare(m.group())) for m in _WORD.finditer(text, clause[0], hi)]
        if any(
            w in short and not _scope_broken(state, cls_.broken_by, end, hi) for end, w in words[-cls_.window :]
        ):
            return True
    return False


_WORD = regex.compile(r"\S+")


def _scope_broken(state: DocState, breakers: list[str], start: int, end: int) -> bool:
    """Whether a cue of the ``breakers`` classes stands in ``[start, end)``: "توقف عقب اندلاع اشتباكات", where
    the connective ends the reach of the stop word before it."""
    return any(state.has_cue(name, start, end) for name in breakers)


def _place_object(state: DocState, trig: Match[LexEntry], place: PlaceRef, clause: tuple[int, int]) -> bool:
    """A place right after a territory word ("السيطرة على مدينة X"), or after "على" later in its clause
    ("سيطرت قوات النظام على مدينة X")."""
    start = place.mention.start
    if not trig.end <= start < clause[1]:
        return False
    if (
        start - trig.end <= PLACE_AFTER_REACH
        and _words_between(state.text, trig.end, start) <= PLACE_AFTER_WORDS
    ):
        return True
    before = state.text[max(trig.end, start - 8) : start].split()
    return bool(before) and before[-1] in {"علي", "على"}


def _cue_after(state: DocState, lexicon: Lexicon, trig: Match[LexEntry], name: str) -> bool:
    """A cue right after the trigger: "مواجهات مستمرة" (ongoing), "هجمات متفرقة" (a summary of several)."""
    window = lexicon.cues.classes[name].window
    for cue in state.cues_in(name, trig.end, trig.end + AFTER_REACH):
        if _words_between(state.text, trig.end, cue.token_start) < window:
            return True
    return False


def _is_question(state: DocState, lexicon: Lexicon, sent: tuple[int, int]) -> bool:
    s = state.text[sent[0] : sent[1]].rstrip()
    if s.endswith(("؟", "?")):
        return True
    first = s.split(maxsplit=1)[:1]
    if first and _bare(first[0]) in lexicon.short_cues.get("question", frozenset()):
        return True
    return any(c.start < sent[0] + 6 for c in state.cues_in("question", sent[0], sent[1]))


def find_candidates(state: DocState, lexicon: Lexicon) -> list[Candidate]:
    """One candidate per trigger that reports an occurrence."""
    out: list[Candidate] = []
    aggregate_sentences: set[int] = set()
    questions: dict[int, bool] = {}  # by sentence
    spans = sorted((m.start, m.end, name) for name in BLOCKING_BEFORE for m in state.cues.get(name, ()))
    blocking = (spans, [s for s, _, _ in spans])
    blocked_spans = [(m.start, m.end) for m in state.cues.get("report", ())]
    # an actor's name blocks the event words inside it ("هيئة تحرير الشام"), not the one it starts with
    # ("الغارات الإسرائيلية"، "نازح لبناني")
    actor_starts = {a.start for a in state.actors}
    blocked_spans += [(a.start, a.end) for a in state.actors]
    blocked_spans += [(s.start, s.end) for s in state.sources]
    # "ساحة التحرير"، "فجر اليوم": a place's name or a date is not the event word it contains
    blocked_spans += [(p.mention.head_start, p.mention.head_end) for p in state.places]
    blocked_spans.sort()
    blocked_starts = [s for s, _ in blocked_spans]
    for trig in state.triggers:
        group = lexicon.groups[trig.payload.ref]
        near = blocked_spans[
            bisect.bisect_left(blocked_starts, trig.start - SPAN_REACH) : bisect.bisect_left(
                blocked_starts, trig.end
            )
        ]
        if any(
            trig.start < e
            and trig.end > s
            and not (trig.start <= s and trig.end >= e and trig.end - trig.start > e - s)
            and not (
                s == trig.start and s in actor_starts and (e > trig.end or group.frame == "humanitarian")
            )
            for s, e in near
        ):
            continue
        si = state.sentence_of(trig.start)
        sent = state.sentences[si] if state.sentences else (0, len(state.text))
        clause = state.clause_of(trig.start)
        if trig.payload.detail == PRESENT and trig.prefix.endswith("س"):
            continue  # سيقصف: future
        if (
            trig.payload.detail == "noun"
            and trig.prefix in {"ل", "ول", "فل"}
            and trig.start == trig.token_start + len(trig.prefix)
        ):
            continue  # "خطط لتفجير حافلة": ل before a bare verbal noun is a purpose, not an occurrence
        if trig.payload.detail in VERBAL and (
            trig.prefix not in VERB_PROCLITICS or trig.start < trig.end - len(trig.key)
        ):
            continue  # "لسيطرتها"، "بقصفها": a preposition before it makes the form a noun, not this verb
        if _blocked_before(state, lexicon, trig, clause, sent, group.blocked_by, blocking):
            continue
        question = questions.get(si)
        if question is None:
            question = questions[si] = _is_question(state, lexicon, sent)
        if question:
            continue
        if group.base or group.requires:
            present = {
                b
                for b in (*group.base, *group.requires)
                if state.has_cue(b, *(sent if lexicon.cues.classes[b].scope == "sentence" else clause))
            }  # each cue class looks as far as its scope says
            if (group.base and present.isdisjoint(group.base)) or not present.issuperset(group.requires):
                continue
        if any(state.has_cue(name, *clause) for name in group.excluded_by):
            continue
        if group.frame == "victim" and state.has_cue("non_conflict", sent[0], sent[1]):
            continue
        if any(_cue_after(state, lexicon, trig, c) for c in ("ongoing", "cumulative", "future_after")):
            continue  # "مواجهات مستمرة"، "قتل 149 فلسطينيا منذ بدء التظاهرات": a state or a running total
        if _cue_after(state, lexicon, trig, "aggregate"):
            aggregate_sentences.add(si)
            continue
        if group.needs_place_after and not any(_place_object(state, trig, p, clause) for p in state.places):
            continue
        out.append(
            Candidate(
                group=group,
                trigger=trig,
                event_type=group.event_type,
                sub_event_type=group.sub_event_type,
                sentence=si,
                clause=clause,
                sentence_span=sent,
                hedged=state.has_cue("hedge", sent[0], sent[1]),
                triggers=[trig],
            )
        )
    # a sentence that sums up several attacks ("قتل 25 شخصا في هجمات متفرقة") is not one event
    return [c for c in out if c.sentence not in aggregate_sentences]
