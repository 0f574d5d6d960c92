"""Stage 1b of extraction: the discourse. How the page is built, and what each clause tells about time.

It runs after the document's mentions are found and before candidates are assembled:

1. Page blocks. Each paragraph is the headline, the article's body, or page furniture: teasers of other stories
   ("اقرأ أيضا" and the headlines after it), captions, app notices, disclaimers, credit and separator lines
   (``discourse.yaml: boilerplate``). Nothing in furniture is news of the article.
2. Clause kinds. An event word reports an occurrence unless its clause is an announcement (future, plans,
   conditions), a habit ("بشكل متكرر"، "عادة"), history (a background aside, or a date of its own more than a
   month before publication), a running total ("منذ بدء ..."), a state ("مواجهات مستمرة"), a court's account
   (charges, confessions) or a summary of several attacks ("هجمات متفرقة"). The cue classes of each kind are data
   (``discourse.yaml: kinds``); the tests of a cue before or after an event word live here too, so that the
   candidate stage only asks what a clause is.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import cast

import regex

from marsad.extract.document import DocState
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.discourse import SUMMARY, CompiledDiscourse
from marsad.lexicon.matcher import Match
from marsad.lexicon.triggers import CueClass

# The cue class of partitive pronouns ("أغلبهم"، "معظمهم"): cues.yaml; a clause opens with one when it starts
# within this many characters of the clause's start (after the conjunction and the comma).
PARTITIVE = "partitive"
PARTITIVE_REACH = 12
# How far after a trigger its "after" cues are looked for (characters).
AFTER_REACH = 80


# ----------------------------------------------------------------------------------------------- page blocks


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the page: ``kind`` headline, body or furniture; ``rule`` why it is furniture."""

    start: int
    end: int
    kind: str
    rule: str = ""


_SENTENCE_END = (".", "!", "؟", "?", '"', "»", ":")


def page_blocks(text: str, paragraphs: list[tuple[int, int]], resource: CompiledDiscourse) -> list[Block]:
    """The kind of each paragraph of the (normalised) text."""
    rules = resource.rules.boilerplate
    out: list[Block] = []
    teasing = False
    for i, (s, e) in enumerate(paragraphs):
        para = text[s:e].strip()
        if i == 0:
            out.append(Block(s, e, "headline"))
            continue
        rule = ""
        if resource.any_line.found_in(para):
            rule = "furniture line"
        if resource.any_opener.found_in(para):
            rule, teasing = "teaser", True
        elif teasing and len(para) <= rules.teaser_chars and not para.endswith(_SENTENCE_END[:4]):
            rule = "teaser headline"
        else:
            teasing = teasing and bool(rule)
        if not rule and len(para) <= rules.caption_chars and resource.any_caption.found_in(para):
            rule = "caption"
        out.append(Block(s, e, "furniture" if rule else "body", rule))
    return out


# ------------------------------------------------------------------------------------------- clause kinds


def words_between(text: str, start: int, end: int) -> int:
    return len(text[start:end].split()) if end > start else 0


def last_words(text: str, start: int, end: int, n: int) -> list[str]:
    """``text[start:end].split()[-n:]``, splitting only the end of a long span."""
    if n <= 0:
        return text[start:end].split()[-n:]
    window = 64
    while True:
        lo = max(start, end - window)
        words = text[lo:end].split()
        if lo == start or len(words) > n:  # (the first word may be cut at lo: it is not among the last n)
            return words[-n:]
        window *= 4


def _last_word_ends(text: str, start: int, end: int, n: int) -> list[tuple[int, str]]:
    """``[(m.end(), bare(m.group())) for m in _WORD.finditer(text, start, end)][-n:]``, reading only the end of
    a long span."""
    if n <= 0:
        return [(m.end(), bare(m.group())) for m in _WORD.finditer(text, start, end)][-n:]
    window = 64
    while True:
        lo = max(start, end - window)
        words = [(m.end(), bare(m.group())) for m in _WORD.finditer(text, lo, end)]
        if lo == start or len(words) > n:
            return words[-n:]
        window *= 4


def word_start_before(text: str, lo: int, pos: int, n: int, word: re.Pattern[str] | None = None) -> int:
    """Where the ``n``-th word of ``text[lo:pos]`` from its end starts (``lo`` if it has fewer): a span from any
    position up to that one holds at least ``n`` words. Words are split on white space (or are the matches of
    ``word``)."""
    pattern = word or _SPLIT_WORD
    window = 64
    while True:
        start = max(lo, pos - window)
        found = [m.start() for m in pattern.finditer(text, start, pos)]
        if len(found) > n or start == lo:  # (the first word may be cut at the window's start)
            return found[-n] if n > 0 and len(found) >= n else lo
        window *= 4


# a word as str.split() cuts them (``re``'s \s is str.isspace)
_SPLIT_WORD = re.compile(r"\S+")
# With this many cues before a trigger in its sentence, only those near it are tried (see cue_before).
_FEW_CUES = 8


def fewer_words(text: str, start: int, end: int, n: int) -> bool:
    """``words_between(text, start, end) < n``, reading only the last words before ``end``: the gap between an
    early cue and a trigger in a long sentence is not copied and split whole (that cost time in the square of the
    sentence's length)."""
    if end <= start:
        return n > 0
    window = 64
    while True:
        lo = max(start, end - window)
        count = len(text[lo:end].split())
        if lo == start:
            return count < n
        if count >= n:  # the whole gap holds at least the words of its end (the first may be cut at lo)
            return False
        window *= 4


# Punctuation that may cling to a word in normalised text ('"لم تكن هناك غارات"').
_CLINGING = "\"'()[]-:"
_WORD = regex.compile(r"\S+")


def bare(word: str) -> str:
    """A word without clinging punctuation and without the conjunction و/ف before it."""
    w = word.strip(_CLINGING)
    return w.lstrip("وف") or w


def scope_broken(state: DocState, breakers: list[str], start: int, end: int) -> bool:
    """Whether a cue of the ``breakers`` classes stands in ``[start, end)``: "توقف عقب اندلاع اشتباكات", where
    the connective ends the reach of the stop word before it."""
    return any(state.has_cue(name, start, end) for name in breakers)


class CueIndex:
    """The document's cues of some ``before`` classes, sorted once, for the test of what stands before a trigger."""

    __slots__ = ("longest", "names", "spans", "starts")

    def __init__(self, state: DocState, names: tuple[str, ...]) -> None:
        self.names = names
        self.spans = sorted((m.start, m.end, name) for name in names for m in state.cues.get(name, ()))
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)


# (module-level, not nested in cue_before: compiled, a nested function that a generator calls is kept in the
# environment it refers to, a cycle that held the whole document state until the cyclic collector found it)
def _reaches(state: DocState, cls_: CueClass, end: int, hi: int) -> bool:
    """Whether a cue of ``cls_`` ending at ``end`` reaches a trigger whose word starts at ``hi``."""
    return fewer_words(state.text, end, hi, cls_.window) and not scope_broken(state, cls_.broken_by, end, hi)


def cue_before(
    state: DocState,
    lexicon: Lexicon,
    trig: Match[LexEntry],
    clause: tuple[int, int],
    sentence: tuple[int, int],
    index: CueIndex,
    extra: list[str] = [],  # noqa: B006 - read only
) -> str | None:
    """The class of a cue (of ``index``'s classes, or one of ``extra``) standing before the trigger within its
    window, with no connective between; None when there is none."""
    text = state.text
    hi = trig.token_start
    classes = lexicon.cues.classes
    lo_i, hi_i = bisect.bisect_left(index.starts, sentence[0]), bisect.bisect_left(index.starts, hi)
    if hi_i - lo_i > _FEW_CUES:
        # a cue that ends before the last ``widest`` words before the trigger cannot reach it: in a long sentence
        # only the cues near the trigger are tried (trying them all cost time in the square of its length)
        widest = max(classes[name].window for name in index.names)
        reach = word_start_before(text, sentence[0], hi, widest)
        lo_i = max(lo_i, bisect.bisect_left(index.starts, reach - index.longest))
    for start, end, name in index.spans[lo_i:hi_i]:
        cls_ = classes[name]
        if end <= hi and (start >= clause[0] or cls_.across_clauses) and _reaches(state, cls_, end, hi):
            return name
    for name in extra:
        cls_ = classes[name]
        lo = sentence[0] if cls_.across_clauses else clause[0]
        if any(_reaches(state, cls_, cue.end, hi) for cue in state.cues_in(name, lo, hi)):
            return name
    before: list[str] | None = None  # the bare words before the trigger
    for name in (*index.names, *extra):
        short = lexicon.short_cues.get(name)
        if not short:
            continue
        cls_ = classes[name]
        if before is None:
            before = _bare_words_before(state, clause[0], hi, lexicon.short_reach)
        if not any(w in short for w in before[-cls_.window :]):
            continue
        if not cls_.broken_by:
            return name
        # where each word ends, to look for a connective between it and the trigger (rarely needed)
        words = _last_word_ends(text, clause[0], hi, cls_.window)
        if any(
            w in short and not scope_broken(state, cls_.broken_by, end, hi)
            for end, w in words
        ):
            return name
    return None


def _bare_words_before(state: DocState, start: int, end: int, n: int) -> list[str]:
    """The last ``n`` bare words of ``[start, end)``, read once per document (the tests of what did not happen and
    of the clause's kind both ask for those before a trigger)."""
    key = (_BARE_WORDS, start, end, n)
    found = state.memo.get(key)
    if found is None:
        found = state.memo[key] = [bare(w) for w in last_words(state.text, start, end, n)]
    return cast("list[str]", found)


_BARE_WORDS = "bare words before"


def cue_after(state: DocState, lexicon: Lexicon, trig: Match[LexEntry], name: str) -> bool:
    """A cue right after the trigger: "مواجهات مستمرة" (ongoing), "هجمات متفرقة" (a summary of several)."""
    window = lexicon.cues.classes[name].window
    for cue in state.cues_in(name, trig.end, trig.end + AFTER_REACH):
        if words_between(state.text, trig.end, cue.token_start) < window:
            return True
    return False


def is_question(state: DocState, lexicon: Lexicon, sent: tuple[int, int]) -> bool:
    s = state.text[sent[0] : sent[1]].rstrip()
    if s.endswith(("؟", "?")):
        return True
    first = s.split(maxsplit=1)[:1]
    if first and bare(first[0]) in lexicon.short_cues.get("question", frozenset()):
        return True
    return any(c.start < sent[0] + 6 for c in state.cues_in("question", sent[0], sent[1]))


# "منذ" governs the date after it: a beginning, not the event's own day.
SINCE_REACH = 70
SINCE_WORDS = 9


def after_since(state: DocState, pos: int) -> bool:
    """ "منذ انطلاق العملية في 19 يونيو": a date that a "since" opens dates a beginning, not the event."""
    window = state.text[max(0, pos - SINCE_REACH) : pos]
    cut = max(window.rfind(ch) for ch in "،,؛.")  # a comma ends the reach of "منذ" ("منذ عام 2015، معظمهم اليوم")
    before = window[cut + 1 :].split()
    return "منذ" in before[-SINCE_WORDS:]


def _since_reach(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the few words before the "منذ" whose object is the date at ``pos`` ("منذ 27 تشرين الثاني"; not
    "منذ سيطرة القوات عليها في تشرين الثاني", where the date is the event's after منذ), or None if "منذ" is not
    right before the date."""
    lo = max(0, pos - SINCE_REACH)
    words = list(_WORD.finditer(text, lo, pos))
    if not words or words[-1].group() not in ("منذ", "ومنذ"):
        return None
    first = words[max(0, len(words) - 1 - SINCE_BLOCK_WORDS)]
    return first.start(), words[-1].start()


# How many words before "منذ" may tell that it belongs to a noun phrase, not to the clause's count.
SINCE_BLOCK_WORDS = 3
# The cue classes that make "منذ" part of a noun phrase (cues.yaml): a relative pronoun, a participle of a lasting
# state ("المحاصر"، "المختفي"), a continuing one ("المستمرة"), a superlative or an ordinal ("الأعنف"، "الأول").
RELATIVE = "relative"
SINCE_HOLDERS = (RELATIVE, "lasting_state", "ongoing", "superlative")
# A count this large in the clause is a tally ("مقتل 96 مدنيا منذ ..."); one or a few people are a day's news.
TALLY_COUNT = 10
_CROWD_QUALIFIERS = frozenset({"dozens", "hundreds", "thousands"})
TALLY = "tally"
# The trigger forms of a perfect or passive verb (lexicon/triggers.py).
_PERFECT_DETAILS = frozenset({"verb", "passive"})
_VERB_DETAILS = frozenset({"verb", "passive", "imperfect"})


class Discourse:
    """The page blocks of one document and the kind of each clause an event word stands in."""

    def __init__(self, state: DocState, lexicon: Lexicon, *, upto: int | None = None) -> None:
        """``upto``: the blocks are read only as far as the paragraph holding that offset (the last event word's:
        a block's kind depends on the paragraphs before it only), all of them if None."""
        self.state = state
        self.lexicon = lexicon
        self.resource = resource = lexicon.discourse
        paragraphs = state.paragraphs
        if upto is not None:
            paragraphs = paragraphs[: bisect.bisect_right([s for s, _ in paragraphs], upto)]
        self.blocks = page_blocks(state.text, paragraphs, resource) if paragraphs else []
        self._block_starts = [b.start for b in self.blocks]
        self._before = CueIndex(state, resource.before_classes)
        self._kind_of_class = resource.kind_of_class
        self._questions: dict[int, bool] = {}

    def furniture(self, pos: int) -> Block | None:
        """The block of page furniture holding ``pos``, if it is in one."""
        i = bisect.bisect_right(self._block_starts, pos) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block if block.kind == "furniture" else None

    def question(self, si: int, sent: tuple[int, int]) -> bool:
        found = self._questions.get(si)
        if found is None:
            found = self._questions[si] = is_question(self.state, self.lexicon, sent)
        return found

    def kind(
        self, trig: Match[LexEntry], clause: tuple[int, int], sentence: tuple[int, int]
    ) -> tuple[str, str] | None:
        """What the clause of an event word tells instead of an occurrence, as (kind, cue class or rule); None
        when it reports an occurrence."""
        found = self.cued_kind(trig, clause, sentence)
        if found is not None:
            return found
        return self.dated_kind(trig, clause)

    def elliptic_kind(self, clause: tuple[int, int]) -> tuple[str, str] | None:
        """A clause opening with a partitive ("أغلبهم في الهجمات التركية"، "معظمهم بغارات") has no verb of its own:
        it tells the cause of the people counted in the clause before it, and so is of that clause's kind, unless it
        dates what it tells by its own words ("، معظمهم اليوم بقصف على سراقب"). Corpus: a comma then a partitive
        then في/ب/جراء/بسبب/خلال, 23 hits in the ANT 2018 corpus; of 12 read, all describe the set counted in the
        clause before ("قتلت القوات أكثر من 160 فلسطينيا، معظمهم خلال الاحتجاجات")."""
        state = self.state
        head = state.cues_in(PARTITIVE, clause[0], min(clause[1], clause[0] + PARTITIVE_REACH))
        if not head or state.text[clause[0] : head[0].start].strip(" \t،,و"):
            return None
        if self._recent_date(clause):
            return None
        sentence = state.sentences[state.sentence_of(clause[0])]
        if clause[0] <= sentence[0]:
            return None
        before = state.clause_of(clause[0] - 1)
        for other in state.triggers_in(*before):
            found = self.cued_kind(other, before, sentence) or self.dated_kind(other, before)
            if found is not None:
                return found[0], f"{found[1]} (the clause its partitive counts from)"
        return None

    def cued_kind(
        self, trig: Match[LexEntry], clause: tuple[int, int], sentence: tuple[int, int]
    ) -> tuple[str, str] | None:
        """The part of :meth:`kind` that reads cue words (cheap); :meth:`dated_kind` is the rest."""
        state, lexicon = self.state, self.lexicon
        name = cue_before(state, lexicon, trig, clause, sentence, self._before)
        if name is not None and not (name in self.resource.unless_dated and self._recent_date(clause)):
            return self._kind_of_class[name], name
        for kind, cues in self.resource.rules.kinds.items():
            for c in cues.after:
                if cue_after(state, lexicon, trig, c) and not (
                    (c in cues.after_unless_recent and self._recent_antecedent(trig))
                    or (c in cues.after_unless_perfect and self._perfect_in(trig, clause, c))
                ):
                    return kind, c
            for c in cues.clause:
                if state.has_cue(c, *clause):
                    return kind, c
            for c in cues.clause_after:
                if state.has_cue(c, *clause) and any(
                    cue_after(state, lexicon, other, c) for other in state.triggers_in(*clause)
                ):
                    return kind, c
        return None

    def dated_kind(self, trig: Match[LexEntry], clause: tuple[int, int]) -> tuple[str, str] | None:
        """The rest of :meth:`kind`, in its order: history told by a date of the clause's own (this parses the
        dates of its sentence), then :meth:`pattern_kind`."""
        old = self._old_date(clause)
        if old is not None:
            return "history", old
        since = self._since_old(trig, clause)
        if since is not None and not self._recent_date(clause):
            return "aggregate", since
        return self.pattern_kind(trig, clause) or self.elliptic_kind(clause)

    def pattern_kind(self, trig: Match[LexEntry], clause: tuple[int, int]) -> tuple[str, str] | None:
        """The tests after the date: patterns right before the verb (cheap: no dates are parsed here)."""
        detail = trig.payload.detail
        before: str | None = None
        for kind, details, pattern, rule in self.lexicon.discourse.before_verb:
            if detail in details:
                if before is None:  # ^ of a pattern is the clause's start
                    before = self.state.text[max(clause[0], trig.token_start - 80) : trig.token_start]
                if pattern.search(before):
                    return kind, rule
        return None

    def sums_up(self, trig: Match[LexEntry], clause: tuple[int, int]) -> bool:
        """Whether :meth:`dated_kind` finds a summary (which sets the whole sentence aside), with the dates parsed
        only when :meth:`pattern_kind` finds one (a date tells history, never a summary)."""
        found = self.pattern_kind(trig, clause)
        return found is not None and found[0] == "summary" and self._old_date(clause) is None

    def may_sum_up(self, trig: Match[LexEntry], clause: tuple[int, int]) -> bool:
        """Whether :meth:`cued_kind` or :meth:`sums_up` may find that the word's sentence sums up several
        occurrences: False only where none of the summary kind's cues stands after it or in its clause, and the
        resource tells no summary before a word."""
        resource = self.resource
        if resource.summary_before:
            return True
        cues = resource.rules.kinds.get(SUMMARY)
        if cues is None:
            return False
        state = self.state
        return any(cue_after(state, self.lexicon, trig, c) for c in cues.after) or any(
            state.has_cue(c, *clause) for c in (*cues.clause, *cues.clause_after)
        )

    def _own_dates(self, clause: tuple[int, int]) -> Iterator[tuple[date, int]]:
        """The dates of the clause's own (not after "منذ"), with how many days before publication each ends."""
        published = self.state.published
        if published is None:
            return
        for d in self.state.dates_between(*clause):
            end = d.end_date or d.start_date
            if end is not None and not after_since(self.state, d.start):
                yield end, (published - end).days

    def _since_old(self, trig: Match[LexEntry], clause: tuple[int, int]) -> str | None:
        """A running total: the clause counts what happened since a day more than ``since_days`` before
        publication ("أسفرت مخلفات الحرب منذ 27 تشرين الثاني الماضي عن مقتل 96 مدنيا"). The date is the object of
        "منذ" itself, the clause holds a tally (a count of ten or more, a vague crowd count, or a tally word), and
        "منذ" does not belong to a noun phrase before it: a relative clause or participle ("حي الوعر المحاصر منذ 15
        آذار"، "التي نزح سكانها منذ") or a superlative or ordinal ("الأعنف منذ عام 2011"). A clause with a recent
        date of its own is news ("قتلوا السبت في أعمال عنف مستمرة منذ 18 نيسان") — see :meth:`dated_kind`."""
        rules = self.resource.rules
        published = self.state.published
        if published is None or rules.since_days is None:
            return None
        state = self.state
        for d in state.dates_between(*clause):
            if d.start_date is None:
                continue
            reach = _since_reach(state.text, d.start)
            if reach is None or any(state.has_cue(c, *reach) for c in SINCE_HOLDERS):
                continue
            if trig.end <= d.start and state.has_cue(RELATIVE, trig.end, d.start):
                continue  # "قصفت بلدة كفرنبل التي نزح منها 20 ألفا منذ 8 شباط": the relative clause's span
            age = (published - d.start_date).days
            if age > rules.since_days and self._tally(clause):
                return f"since {_iso(d.start_date)}, {age} days before publication"
        return None

    def _tally(self, clause: tuple[int, int]) -> bool:
        """Whether the clause's sentence counts (the count often stands in the clause after the span: "أسفرت
        مخلفات الحرب منذ 27 تشرين الثاني، عن مقتل 96 مدنيا"): ten or more of something, a vague crowd count, or a
        tally word in the clause."""
        state = self.state
        if state.has_cue(TALLY, *clause):
            return True
        return any(
            (q.value is not None and q.value >= TALLY_COUNT) or q.qualifier in _CROWD_QUALIFIERS
            for q in state.quantities_in(state.sentence_of(clause[0]))
        )

    def _recent_date(self, clause: tuple[int, int]) -> bool:
        """Whether the clause has a date of its own within ``history_days`` of publication."""
        return any(0 <= age <= self.resource.rules.history_days for _, age in self._own_dates(clause))

    def _recent_antecedent(self, trig: Match[LexEntry]) -> bool:
        """Whether the last date told before the event word, in its sentence or the one before (the time a "then"
        points back to), is within ``history_days`` of publication."""
        state, published = self.state, self.state.published
        if published is None:
            return False
        si = state.sentence_of(trig.token_start)
        lo = state.sentences[max(0, si - 1)][0]
        for d in state.dates_between(lo, trig.token_start, reverse=True):
            end = d.end_date or d.start_date
            if end is None or after_since(state, d.start):
                continue
            return 0 <= (published - end).days <= self.resource.rules.history_days
        return False

    def _perfect_in(self, trig: Match[LexEntry], clause: tuple[int, int], name: str) -> bool:
        """Whether the span of class ``name`` after the event word is governed by a perfect or passive verb: the
        last event verb of the clause before the span is one, with no relative pronoun between them ("قتل ثلاثة
        مدنيين في غارة على سراقب منذ أيام"، "وكانت طائرة مسيرة قد قصفت سيارة منذ أيام": a recent occurrence). An
        imperfect verb governs it in "الهجوم الذي يشنه منذ ثلاثة أسابيع" (a campaign), and a perfect verb before a
        relative clause does not ("سيطرت القوات على قرى التي تعدها مكسبا في معركة ... منذ ثلاثة أسابيع")."""
        state = self.state
        cues = state.cues_in(name, trig.end, trig.end + AFTER_REACH)
        if not cues:
            return False
        span = cues[0].token_start
        last: Match[LexEntry] | None = None
        for t in state.triggers_in(clause[0], span):
            if t.payload.detail in _VERB_DETAILS and (last is None or t.token_start >= last.token_start):
                last = t
        if last is None or last.payload.detail not in _PERFECT_DETAILS:
            return False
        return not state.has_cue(RELATIVE, last.end, span)

    def _old_date(self, clause: tuple[int, int]) -> str | None:
        """A date of the clause's own ending more than ``history_days`` before publication."""
        for end, age in self._own_dates(clause):
            if age > self.resource.rules.history_days:
                return f"dated {_iso(end)}, {age} days before publication"
        return None


def _iso(d: date) -> str:
    return d.isoformat()
