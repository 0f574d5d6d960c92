"""Stage 2 of extraction: event candidates. Each trigger that reports a specific occurrence (not negated, not
future, conditional, habitual or a question) becomes a candidate with its clause and sentence; roles, type
refinement and the other arguments are added by later stages."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from marsad.extract.actor_mentions import ActorMention
from marsad.extract.discourse import (
    CueIndex,
    Discourse,
    bare,
    cue_after,
    cue_before,
    fewer_words,
    words_between,
)
from marsad.extract.document import DocState, PlaceRef
from marsad.extract.trace import Rejection, Step
from marsad.lexicon.compiled import LexEntry, Lexicon, in_object_phrase
from marsad.lexicon.matcher import Match
from marsad.lexicon.triggers import TriggerGroup
from marsad.text.dates import DateMention
from marsad.text.numbers import QuantityMention

# Parts of speech whose reading is in the present tense: a little less sure to be a single past occurrence.
PRESENT = "imperfect"
VERBAL = frozenset({"verb", "passive", "imperfect"})
# Only the conjunctions attach to a verb in the perfect; ل before an imperfect is purpose ("ليقصف").
VERB_PROCLITICS = frozenset({"", "و", "ف"})
# Cue classes that say, standing just before a trigger, that it did not happen (the other classes that set an event
# word aside tell what kind of clause it stands in: see discourse.py).
POLARITY = ("negation", "negated_verb", "denial")
# Longest actor, source or reporting phrase (characters): spans starting further back cannot overlap a trigger.
SPAN_REACH = 120
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
    trail: list[Step] = field(default_factory=list)  # where it was born, merged, retyped, kept or dropped
    # whether the trail is written: only for an explanation (no record reads it, and its words cost time)
    traced: bool = True
    # "تعرض X لقصف": the verb whose subject suffered the event (its actors are targets, not doers)
    suffered: Match[LexEntry] | None = None
    present: bool = False  # told in the present tense: a little less sure to be one past occurrence
    # a named settlement of its clause the gazetteer does not know ("قرية العزبة"): two of them are two places
    local_name: str | None = None
    # the kinds of building its clause names (merge.yaml ``sites``): a crowd's acts at two kinds are two events
    sites: frozenset[str] = frozenset()
    confidence: float = 0.0  # set by the decision stage
    unidentified_doer: bool = False  # no doer named, and its type's unknown doer is an unidentified armed group
    # told as what a protest is against ("احتجاجا على مقتل الناشط"): an occurrence of its own, not the protest's
    topic: bool = False
    # told in a sentence that says it is another incident ("وفي حادثة مشابهة"): no retelling of an earlier sentence's
    separate: bool = False
    # the noise of it ("وسط أصوات انفجارات"): beside another violent event of its sentence, that event heard
    heard: bool = False

    @property
    def start(self) -> int:
        return self.trigger.start


def _also(state: DocState, sent: tuple[int, int]) -> bool:
    """A sentence opening "كما" + a verb of an act ("كما أحرق المتظاهرون مقار الأحزاب"، "كما شنت الطائرات غارات"،
    "كما قام المتظاهرون بإحراق"): one more occurrence, not a retelling of those before it; each of its event words
    is separate. Not "كما أفاد ..." (a speech verb after it may retell). Corpus: 198 hits of a sentence opening
    (و)كما + a verb of violence, arrest or raid in the ANT 2018 corpus; of 14 read, 11 tell another act (an arrest,
    strikes on other targets), 3 more victims of an occurrence told before ("كما أصيب 14 آخرون"): weak words, which
    join their event whatever this says."""
    opening = state.cues_in(ALSO_OPENING, sent[0], min(sent[1], sent[0] + 12))
    if not opening or state.text[sent[0] : opening[0].start].strip(" \t\"'«(\n"):
        return False
    after = state.text[opening[0].end : min(sent[1], opening[0].end + 40)].split()
    if not after:
        return False
    verb_start = state.text.index(after[0], opening[0].end)
    if bare(after[0]) in _ACT_VERBS:
        return True
    return any(t.token_start == verb_start for t in state.triggers_in(verb_start, sent[1]))


# The cue class of a sentence's opening "كما" (cues.yaml).
ALSO_OPENING = "also_opening"
# Verbs that carry an act whose noun follows ("كما شنت الطائرات غارات"، "كما قام المتظاهرون بإحراق").
_ACT_VERBS = frozenset({"شن", "شنت", "نفذ", "نفذت", "قام", "قامت", "قاموا", "اقدم", "اقدمت", "اقدموا"})


def _heard(state: DocState, trig: Match[LexEntry]) -> bool:
    """Whether the event word is the noise of violence: right after "أصوات"/"دوي", or the second of two nouns there
    ("وسط أصوات انفجارات وإطلاق نار")."""
    for cue in state.cues_ending_in("heard", trig.token_start - 24, trig.token_start):
        between = state.text[cue.end : trig.token_start]
        if len(between.split()) <= 1 and not any(ch in between for ch in ".،,؛:"):
            return True
    return False


def suffer_verb(state: DocState, trig: Match[LexEntry], clause: tuple[int, int]) -> Match[LexEntry] | None:
    """ "تعرضت مناطق معن ... لقصف مدفعي": the verb of suffering whose ل introduces this event word, if any."""
    if not trig.prefix.endswith("ل"):
        return None
    window = 6
    for cue in reversed(state.cues_in("suffer", clause[0], trig.token_start)):
        if fewer_words(state.text, cue.end, trig.token_start, window + 1):
            return cue
    # the sufferers may be a list parted by commas ("تعرضت مناطق معن، الشيخ ناصر، القرارة والزنة في خانيونس لقصف"):
    # the verb then stands in an earlier clause of the sentence, a few words further
    ss = state.sentences[state.sentence_of(trig.start)][0] if state.sentences else 0
    if ss < clause[0]:
        for cue in reversed(state.cues_in("suffer", ss, clause[0])):
            between = state.text[cue.end : trig.token_start]
            if fewer_words(state.text, cue.end, trig.token_start, 2 * window + 1) and not any(
                ch in between for ch in ".؛:"
            ):
                return cue
    return None


def _place_object(
    state: DocState, trig: Match[LexEntry], place: PlaceRef, clause: tuple[int, int], ala_only: bool = False
) -> bool:
    """A place right after a territory word ("السيطرة على مدينة X"), or after "على" later in its clause
    ("سيطرت قوات النظام على مدينة X")."""
    start = place.mention.start
    if not trig.end <= start < clause[1]:
        return False
    if (
        not ala_only
        and start - trig.end <= PLACE_AFTER_REACH
        and words_between(state.text, trig.end, start) <= PLACE_AFTER_WORDS
    ):
        return True
    # "سيطر التنظيم اليوم على أجزاء من مدينة البوكمال": "على" and a part of the place before it
    last = _last_word_but(state.text, trig.end, start, _PART_WORDS)
    if last is None:  # "السيطرة على أجزاء واسعة من بلدة X": the trigger's own "على", then parts of the place
        last = _last_word_but(state.text, trig.start, trig.end, frozenset())
    return last in {"علي", "على"}


def _last_word_but(text: str, start: int, end: int, skip: frozenset[str]) -> str | None:
    """The last word of ``text[start:end]`` not in ``skip`` (None if none), reading only the end of a long span."""
    window = 64
    while True:
        lo = max(start, end - window)
        words = text[lo:end].split()
        # the first word may be cut at lo: a word after it decides, or the whole span was read
        for i in range(len(words) - 1, -1 if lo == start else 0, -1):
            w = words[i]
            if w not in skip and not (w[:1] == "و" and w[1:] in skip):  # "قرى ومواقع": a list of parts
                return w
        if lo == start:
            return None
        window *= 4


# Words naming a part of a place between "على" and the place ("على أجزاء من"، "على معظم أحياء"، "على قرى في").
_PART_WORDS = frozenset(
    {"اجزاء", "جزء", "احياء", "حي", "مناطق", "منطقه", "قري", "قريه", "بلدات", "بلده", "مدينه", "معظم", "كامل",
     "كافه", "اغلب", "مواقع", "من", "في", "واسعه", "كبيره", "عده", "عدد", "نقاط", "تلال", "تله", "اطراف", "محيط",
     "مركز", "وسط", "كل", "جميع", "بقيه", "باقي", "تابعه", "التابعه", "ل", "و"}  # "قرى تابعة لبلدة X"
)


# Verbs that only launch or carry out what their object names ("شن هجوما"، "نفذ عملية"), normalised.
_LIGHT_VERBS = frozenset({"شن", "نفذ"})


def find_candidates(
    state: DocState,
    lexicon: Lexicon,
    discourse: Discourse,
    rejected: list[Rejection] | None = None,
) -> list[Candidate]:
    """One candidate per trigger that reports an occurrence; with ``rejected``, the others are recorded there
    with the rule that set them aside."""
    out: list[Candidate] = []
    summary_sentences: set[int] = set()
    purpose_ends = sorted(c.end for c in state.cues.get("protest_purpose", ()))
    polarity = CueIndex(state, POLARITY)
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

    def reject(trig: Match[LexEntry], stage: str, rule: str, detail: str = "") -> None:
        if rejected is not None:
            word = state.norm.orig_text(trig.start, trig.end)
            rejected.append(Rejection(word, trig.start, trig.payload.ref, stage, rule, detail))

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
            and not (
                trig.start <= s
                and trig.end >= e
                # the trigger holds the name, or is it where the name is of a fight's sides ("نزاع عشائري")
                and (trig.end - trig.start > e - s or group.frame == "clash")
            )
            and not (
                s == trig.start and s in actor_starts and (e > trig.end or group.frame == "humanitarian")
            )
            # a crowd's word closing its verb ("اقتحم متظاهرون" + "متظاهرون غاضبون"): the crowd is its subject
            and not (group.frame == "crowd" and trig.start < s < trig.end < e and s in actor_starts)
            for s, e in near
        ):
            reject(trig, "candidate", "inside a name", "part of an actor, source, place or reporting phrase")
            continue
        block = discourse.furniture(trig.start)
        if block is not None:
            reject(trig, "discourse", "page furniture", block.rule)
            continue
        if trig.payload.detail == PRESENT and trig.prefix.endswith("س"):
            reject(trig, "discourse", "announcement", "future prefix س")
            continue
        # (before the clause is read, which splits the sentence; the purpose test below is for nouns only)
        if trig.payload.detail in VERBAL and (
            trig.prefix not in VERB_PROCLITICS or trig.start < trig.end - len(trig.key)
        ):
            reject(trig, "candidate", "not this verb", "a preposition makes the form a noun")
            continue
        si = state.sentence_of(trig.start)
        sent = state.sentences[si] if state.sentences else (0, len(state.text))
        clause = state.clause_of(trig.start)
        suffered = suffer_verb(state, trig, clause)
        if (
            trig.payload.detail == "noun"
            and trig.prefix in {"ل", "ول", "فل"}
            and trig.start == trig.token_start + len(trig.prefix)
            and suffered is None
        ):
            reject(trig, "candidate", "purpose", "ل before a bare verbal noun")
            continue
        missing: tuple[str, str] | None = None
        if rejected is None:
            # with no trail to record, a word that lacks its group's context is dropped before the dearer tests of
            # its clause, unless its sentence may sum up several occurrences (which those tests note below)
            missing = _missing_context(state, lexicon, trig, group, clause, sent)
            if missing is not None and not discourse.may_sum_up(trig, clause):
                continue
        negated = cue_before(state, lexicon, trig, clause, sent, polarity, group.blocked_by)
        if negated is not None:
            reject(trig, "candidate", "did not happen", f"cue class {negated}")
            continue
        if discourse.question(si, sent):
            reject(trig, "discourse", "question")
            continue
        kind = discourse.cued_kind(trig, clause, sent)
        if kind is None and trig.key in _LIGHT_VERBS:
            # "شن الرئيس هجوما لاذعا على": a light verb launches what its object is: nothing, if its object is words
            obj = next((t for t in state.triggers_in(trig.end, clause[1]) if t.payload.detail == "noun"), None)
            if obj is not None:
                obj_group = lexicon.groups[obj.payload.ref]
                obj_kind = discourse.cued_kind(obj, clause, sent)
                if obj_kind is not None and obj_kind[0] == "figurative":
                    kind = obj_kind
                elif any(_excludes(state, lexicon, name, obj, clause, sent) for name in obj_group.excluded_by):
                    reject(trig, "candidate", "excluded", "its object is excluded")
                    continue
        if kind is not None:
            if kind[0] == "summary":
                summary_sentences.add(si)
            reject(trig, "discourse", kind[0], kind[1])
            continue
        # the clause's own date (history) is the dearest test, and the rest do not depend on it: it runs last,
        # unless the rule that sets a word aside is being recorded (then in its place, before the rest)
        if rejected is not None:
            missing = _missing_context(state, lexicon, trig, group, clause, sent)
        if missing is None or rejected is not None:
            kind = discourse.dated_kind(trig, clause)
            if kind is not None:
                if kind[0] == "summary":
                    summary_sentences.add(si)
                reject(trig, "discourse", kind[0], kind[1])
                continue
        elif discourse.sums_up(trig, clause):
            summary_sentences.add(si)  # what the kind test would have noted (a summary sets its sentence aside)
        if missing is not None:
            reject(trig, "candidate", *missing)
            continue
        cand = Candidate(
            group=group,
            trigger=trig,
            event_type=group.event_type,
            sub_event_type=group.sub_event_type,
            sentence=si,
            clause=clause,
            sentence_span=sent,
            hedged=state.has_cue("hedge", sent[0], sent[1]),
            triggers=[trig],
            suffered=suffered,
            present=trig.payload.detail == PRESENT
            or (suffered is not None and state.text.startswith(("ي", "ت"), suffered.start)),
            topic=bool(purpose_ends) and in_object_phrase(state.text, purpose_ends, trig.start, trig.token_start),
            separate=state.has_cue("separate_incident", *sent) or _also(state, sent),
            heard=_heard(state, trig),
            traced=rejected is not None,
        )
        if cand.traced:
            cand.trail.append(
                Step("candidate", f"group {group.id}", f"«{state.norm.orig_text(trig.start, trig.end)}» {trig.payload.detail}")
            )
        out.append(cand)
    # a sentence that sums up several attacks ("قتل 25 شخصا في هجمات متفرقة") is not one event
    for c in out:
        if c.sentence in summary_sentences:
            reject(c.trigger, "discourse", "summary", "its sentence sums up several occurrences")
    return [c for c in out if c.sentence not in summary_sentences]


def _excludes(
    state: DocState,
    lexicon: Lexicon,
    name: str,
    trig: Match[LexEntry],
    clause: tuple[int, int],
    sent: tuple[int, int],
) -> bool:
    """Whether a cue of class ``name`` stands where its scope reaches the trigger: in its sentence or clause, or
    within its window of words before or after it ("بيان نشره الجيش"، "نشر الجيش صورا": what the verb publishes,
    no deployment)."""
    cls_ = lexicon.cues.classes[name]
    if cls_.scope == "before":
        # as cue_before counts them (fewer than ``window`` words between), never across a colon ("قال في بيان:")
        return any(
            fewer_words(state.text, cue.end, trig.token_start, cls_.window)
            and ":" not in state.text[cue.end : trig.token_start]
            for cue in state.cues_in(name, clause[0], trig.token_start)
        )
    if cls_.scope == "after":
        return cue_after(state, lexicon, trig, name)
    return state.has_cue(name, *(sent if cls_.scope == "sentence" else clause))


def _missing_context(
    state: DocState,
    lexicon: Lexicon,
    trig: Match[LexEntry],
    group: TriggerGroup,
    clause: tuple[int, int],
    sent: tuple[int, int],
) -> tuple[str, str] | None:
    """The rule (and its detail) by which the words around a trigger do not make it its group's event: context
    the group requires, a class that excludes it, a territory word without a place after it; None if none."""
    if group.base or group.requires:
        present = {
            b
            for b in (*group.base, *group.requires)
            if state.has_cue(b, *(sent if lexicon.cues.classes[b].scope == "sentence" else clause))
        }  # each cue class looks as far as its scope says
        if (group.base and present.isdisjoint(group.base)) or not present.issuperset(group.requires):
            return "missing context", f"needs {[*group.base, *group.requires]}"
    excluded = next((name for name in group.excluded_by if _excludes(state, lexicon, name, trig, clause, sent)), None)
    if excluded is not None:
        return "excluded", f"cue class {excluded}"
    if group.frame == "victim" and state.has_cue("non_conflict", sent[0], sent[1]):
        return "not conflict", "cue class non_conflict"
    if group.needs_place_after and not any(
        _place_object(state, trig, p, clause, group.place_after_ala)
        # only the places starting in [trig.end, clause end) can be its object (the places are in order)
        for p in state.places_in(trig.end, clause[1])
    ):
        return "no territory", "no place right after the territory word"
    return None
