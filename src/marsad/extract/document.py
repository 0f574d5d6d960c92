"""Stage 1 of extraction: the document state. The text is normalised once and scanned for event words; only if
it has some is it scanned for places, and only if it names a place (when events must be placed) for everything
else. Every mention the later stages use is collected here, in normalised offsets."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any, Final

from marsad.extract.actor_mentions import (
    GENERIC_ACTORS,
    ActorMention,
    actor_anaphora,
    drop_generic_before_specific,
    nationality_actors,
    resolve_actor,
    resumptive_actors,
)
from marsad.extract.spans import SpanIndex, any_in, gap_start, last_ending_by, overlaps_any, start_of
from marsad.geo import Gazetteer, PlaceMention, ResolvedPlace
from marsad.geo.gazetteer import COUNTRY_KINDS
from marsad.geo.mentions import Names, NameScan
from marsad.lexicon.compiled import LexEntry, Lexicon, drop_objects
from marsad.lexicon.first_pass import GROUPS as FIRST_PASS_GROUPS
from marsad.lexicon.matcher import Match, PhraseMatcher, longest_first, sort_matches
from marsad.text.dates import DateMention, find_dates
from marsad.text.normalize import NormText, normalize
from marsad.text.numbers import QuantityMention, find_quantities
from marsad.text.segment import clause_cuts_in, clauses, paragraphs, sentences


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place of the text resolved in the gazetteer; ``settlement``: a settlement the gazetteer lacks, told as
    lying in or beside it ("قرية العجرف بريف القنيطرة"), which an event placed here happened in."""

    mention: PlaceMention
    place: ResolvedPlace
    settlement: PlaceMention | None = None


@dataclass
class DocState:
    """Everything known about one document before events are assembled. Counts and dates are found only when
    an event needs them (most news has none to code)."""

    doc_id: str
    outlet: str | None
    published: date | None
    norm: NormText
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    triggers: list[Match[LexEntry]]
    cues: dict[str, list[Match[LexEntry]]]
    actors: list[ActorMention]
    sources: list[Match[LexEntry]]
    framing: list[Match[LexEntry]]
    places: list[PlaceRef]
    unresolved_places: list[PlaceMention]
    source_places: list[PlaceRef] = field(default_factory=list)
    # places outside the gazetteer's coverage ("صنعاء"، "في باريس"), as spans, in order
    foreign: list[tuple[int, int]] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _clause_cache: dict[int, tuple[list[tuple[int, int]], list[int]]] = field(default_factory=dict)
    _cue_starts: dict[str, list[int]] = field(default_factory=dict)
    _quantity_cache: dict[int, list[QuantityMention]] = field(default_factory=dict)
    _date_cache: dict[int, list[DateMention]] = field(default_factory=dict)
    _paragraph_starts: list[int] = field(default_factory=list)
    # the places an event may be put at (computed once by the place stage)
    event_places: list[PlaceRef] | None = None
    # the starts of the triggers, actors and places, and the longest cue of each class (for the lookups below)
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _cue_longest: dict[str, int] = field(default_factory=dict)
    _longest_trigger: int = -1
    _place_starts: dict[int, tuple[list[PlaceRef], list[int]]] = field(default_factory=dict)
    # what later stages compute once per document (keyed by the stage's own names)
    memo: dict[object, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.norm.text

    def quantities_in(self, si: int) -> list[QuantityMention]:
        """The counts of one sentence, parsed the first time an event of that sentence needs them."""
        found = self._quantity_cache.get(si)
        if found is None:
            s, e = self.sentences[si]
            found = [
                replace(
                    q,
                    start=q.start + s,
                    end=q.end + s,
                    unit_start=q.unit_start + s,
                    unit_end=q.unit_end + s,
                    number_start=q.number_start + s,
                    number_end=q.number_end + s,
                )
                for q in find_quantities(self.norm.text[s:e])
            ]
            self._quantity_cache[si] = found
        return found

    def _dates_of(self, si: int) -> list[DateMention]:
        found = self._date_cache.get(si)
        if found is None:
            s, e = self.sentences[si]
            found = [
                replace(d, start=d.start + s, end=d.end + s)
                for d in find_dates(self.norm.text[s:e], self.published)
            ]
            self._date_cache[si] = found
        return found

    def dates_between(self, lo: int, hi: int, *, reverse: bool = False) -> Iterator[DateMention]:
        """The date expressions starting in ``[lo, hi)`` in text order (or backwards), parsed sentence by
        sentence as events need them: a caller that stops early leaves the rest of the text unparsed."""
        if not self.sentences or hi <= lo:
            return
        first, last = self.sentence_of(lo), self.sentence_of(hi - 1)
        for si in range(last, first - 1, -1) if reverse else range(first, last + 1):
            found = self._dates_of(si)
            yield from (d for d in (reversed(found) if reverse else found) if lo <= d.start < hi)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause holding ``pos``; a sentence is split into clauses the first time one of them is asked for
        (most sentences of an article hold nothing to code)."""
        if not self.sentences:
            return (0, len(self.norm.text))
        si = self.sentence_of(pos)
        cached = self._clause_cache.get(si)
        if cached is None:
            s, e = self.sentences[si]
            spans = clauses(self.norm.text, s, e, clause_cuts_in(self.norm.text, s, e)) or [(s, e)]
            cached = self._clause_cache[si] = (spans, [c[0] for c in spans])
        spans, starts = cached
        return spans[max(0, bisect.bisect_right(starts, pos) - 1)]

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, pos) - 1)

    def cues_in(self, name: str, start: int, end: int) -> list[Match[LexEntry]]:
        """The cues of a class inside ``[start, end)`` (found by bisection: cues are in order of start)."""
        if not self.cues.get(name):
            return []  # (most classes have no cue in a document)
        return [m for m in self.cues_starting_in(name, start, end) if m.end <= end]

    def has_cue(self, name: str, start: int, end: int) -> bool:
        """Whether a cue of a class lies inside ``[start, end)`` (:meth:`cues_in` without building the list)."""
        found = self.cues.get(name)
        if not found:
            return False
        found, starts = self._cues_and_starts(name)
        for i in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
            if found[i].end <= end:
                return True
        return False

    def _cues_and_starts(self, name: str) -> tuple[list[Match[LexEntry]], list[int]]:
        found = self.cues.get(name, [])
        starts = self._cue_starts.get(name)
        if starts is None:
            starts = self._cue_starts[name] = [m.start for m in found]
        return found, starts

    def cues_starting_in(self, name: str, lo: int, hi: int) -> list[Match[LexEntry]]:
        """The cues of a class that start in ``[lo, hi)``, however far they run, in order (by bisection)."""
        found, starts = self._cues_and_starts(name)
        return found[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def cues_ending_in(self, name: str, lo: int, hi: int) -> list[Match[LexEntry]]:
        """The cues of a class that end in ``[lo, hi]``, in order of start (by bisection: a cue ending there starts
        at most the longest cue's length before ``lo``)."""
        found, starts = self._cues_and_starts(name)
        if not found:
            return []
        longest = self._cue_longest.get(name)
        if longest is None:
            longest = self._cue_longest[name] = max(m.end - m.start for m in found)
        first = bisect.bisect_left(starts, lo - longest)
        last = bisect.bisect_right(starts, hi)
        return [m for m in found[first:last] if lo <= m.end <= hi]

    def triggers_in(self, lo: int, hi: int) -> list[Match[LexEntry]]:
        """The triggers starting in ``[lo, hi)``, in order (by bisection)."""
        starts = self._starts.get("triggers")
        if starts is None:
            starts = self._starts["triggers"] = [t.start for t in self.triggers]
        return self.triggers[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def actors_in(self, lo: int, hi: int) -> list[ActorMention]:
        """The actors starting in ``[lo, hi)``, in order (by bisection)."""
        starts = self._starts.get("actors")
        if starts is None:
            starts = self._starts["actors"] = [a.start for a in self.actors]
        return self.actors[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def places_in(self, lo: int, hi: int, places: list[PlaceRef] | None = None) -> list[PlaceRef]:
        """The places whose mention starts in ``[lo, hi)``, in order (by bisection), of ``state.places`` or of
        another list in the same order that this state keeps (such as ``event_places``)."""
        if places is None:
            places = self.places
        kept = self._place_starts.get(id(places))
        if kept is None or kept[0] is not places:  # (the list is kept with its starts: its id stays its own)
            kept = self._place_starts[id(places)] = (places, [p.mention.start for p in places])
        starts = kept[1]
        return places[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def in_dateline_place(self, pos: int) -> bool:
        """Whether ``pos`` lies in a dateline's place that opens its paragraph ("أربيل (كوردستان 24)- أفادت"):
        the bureau's city, at most two words before the dateline's mark."""
        i = bisect.bisect_right(self._paragraph_starts, pos) - 1
        if i < 0:
            return False
        start = self._paragraph_starts[i]
        return _in_dateline(self.text, self._paragraph_starts, pos) and len(self.text[start:pos].split()) <= 1

    def foreign_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The places abroad starting in ``[lo, hi)``, in order (by bisection)."""
        starts = self._starts.get("foreign")
        if starts is None:
            starts = self._starts["foreign"] = [s for s, _ in self.foreign]
        return self.foreign[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def triggers_ending_in(self, lo: int, hi: int) -> list[Match[LexEntry]]:
        """The triggers that end in ``[lo, hi]``, in order of start."""
        if self._longest_trigger < 0:
            self._longest_trigger = max((t.end - t.start for t in self.triggers), default=0)
        return [t for t in self.triggers_in(lo - self._longest_trigger, hi + 1) if lo <= t.end <= hi]


# (the names the tests know them by)
_SpanIndex = SpanIndex
_overlaps = overlaps_any


def build_state(
    text: str,
    *,
    doc_id: str,
    outlet: str | None,
    published: date | None,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    require_places: bool = False,
    first_pass: PhraseMatcher[Any] | None = None,
) -> DocState:
    """Normalise, segment and scan one document.

    With ``require_places`` (events must be placed), a document that names no place more precise than a country
    that the gazetteer resolves gets the empty state at once: none of its events could be kept, so nothing else is
    worth finding (most news).
    ``first_pass``: the matcher of :mod:`marsad.lexicon.first_pass` built from ``lexicon`` and ``gazetteer``, which
    finds the event words and the place names in one pass (the same state)."""
    norm = normalize(text)
    t = norm.text
    names: Names | None = None
    scan: NameScan | None = None
    if first_pass is None:
        trigger_words = lexicon.scan_triggers(t)
    else:
        marks: list[tuple[int, str]] = []
        groups = first_pass.find_groups(t, FIRST_PASS_GROUPS, marks)
        trigger_words = sort_matches(groups[0])
    trigger_words = future_on_verbs(written_pronouns(trigger_words, norm))
    if not trigger_words:
        return _empty(doc_id, outlet, published, norm)  # no word of any event: nothing to segment, place or count
    if first_pass is not None:
        scan = partial(first_pass_names, first_pass)
        names = (groups[1], marks, scan)
    # (the places before the readings of the event words: most articles with an event word name no place)
    named = gazetteer.find_mentions(t, names=names)
    if require_places and (not named or gazetteer.only_countries(named)):
        return _empty(doc_id, outlet, published, norm)  # (no place more precise than a country: see below)
    readings = _readings(trigger_words)
    chosen = longest_first(readings)
    # a word two groups claim ("فرّ": prisoners escaping or civilians fleeing) keeps both readings; the context
    # each group requires decides which becomes an event
    spans = {(m.start, m.end): m.payload.ref for m in chosen}
    chosen += [m for m in readings if spans.get((m.start, m.end), m.payload.ref) != m.payload.ref]
    chosen.sort(key=lambda m: (m.start, -m.end))
    triggers = [
        m
        for m in chosen
        if not (m.key in lexicon.day_parts and day_follows(t, m.end, lexicon))  # "فجر السبت": dawn
    ]
    if not triggers:
        return _empty(doc_id, outlet, published, norm)  # only times of day ("فجر السبت"): no event word either
    by_kind: dict[str, list[Match[LexEntry]]] = {"trigger": trigger_words}
    for m in future_on_verbs(written_pronouns(lexicon.scan_context(t), norm)):  # (no list made for setdefault)
        group = by_kind.get(m.payload.kind)
        if group is None:
            by_kind[m.payload.kind] = [m]
        else:
            group.append(m)
    paras = paragraphs(t)
    cues: dict[str, list[Match[LexEntry]]] = {}
    day_parts = lexicon.day_parts
    for m in by_kind.get("cue", ()):
        if m.key in day_parts and day_follows(t, m.end, lexicon):
            continue  # "فجر السبت": a time, not a detonation
        group = cues.get(m.payload.ref)
        if group is None:
            cues[m.payload.ref] = [m]
        else:
            group.append(m)
    drop_objects(cues, lexicon, t)
    media_ends = sorted(c.end for name in ("media", "report") for c in cues.get(name, ()))
    sources = [m for m in longest_first(by_kind.get("source", ())) if _source_counts(m, media_ends, t)]
    actor_matches = longest_first(by_kind.get("actor", ()))
    # names of bodies (ministries, governorates) carry the place they serve ("وزارة الصحة في غزة")
    body_kinds = {"government", "official", "aid", "international"}
    is_body = [
        (e := lexicon.actors.get(m.payload.ref)) is not None and e.kind in body_kinds for m in actor_matches
    ]
    bodies = [m for m, body in zip(actor_matches, is_body, strict=True) if body]
    # (an actor form equal to a body's is a body: what is a body depends on the form's actor alone)
    actor_spans = SpanIndex((m.start, m.end) for m, body in zip(actor_matches, is_body, strict=True) if not body)
    source_spans = SpanIndex([(m.start, m.end) for m in sources] + [(m.start, m.end) for m in bodies])
    para_starts = [s for s, _ in paras]
    foreign = [
        (m.start, m.end)
        for m in longest_first(by_kind.get("foreign", ()))
        if not _in_dateline(t, para_starts, m.start)
    ]
    foreign_spans = SpanIndex(foreign)
    tanween = _FATHATAN in norm.original  # (read once: most texts write no tanween at all)
    found = [
        p
        for p in named
        if not actor_spans.overlaps(p.head_start, p.head_end)
        and not t.startswith(_RIVER_BANK, p.end + 1)
        and not foreign_spans.covers(p.head_start, p.head_end)  # "رفح المصرية"
        and not _names_a_model(t, p.start)  # "صواريخ من طراز الجولان": a weapon's name
        and not _government_capital(t, p, gazetteer)  # "نفت دمشق": the government
        and not (tanween and _with_tanween(norm, p))  # "كما يفعل دوماً": an adverb, not Douma
    ]
    # a place inside a source's name ("وزارة الصحة في غزة") is kept apart: it places a story only as a last resort
    mentions = [p for p in found if not source_spans.overlaps(p.head_start, p.head_end)]
    in_sources = [p for p in found if source_spans.overlaps(p.head_start, p.head_end)]
    everything = mentions + in_sources
    resolved_all = (
        gazetteer.resolve_all(everything, dateline=_dateline(t, mentions, paras), scan=scan) if everything else []
    )
    resolved = resolved_all[: len(mentions)]
    places = [PlaceRef(m, r) for m, r in zip(mentions, resolved, strict=True) if r is not None]
    source_places = [
        PlaceRef(m, r)
        for m, r in zip(in_sources, resolved_all[len(mentions) :], strict=True)
        if r is not None
    ]
    if require_places and not any(p.place.kind not in COUNTRY_KINDS for p in places + source_places):
        # no place more precise than a country: every event would be dropped unplaced (an event is put only at one
        # of these places, or at one its anaphora repeat: arguments.choose_place, place_unplaced; most articles
        # with a place name only countries, "سوريا"، "إيران")
        return _empty(doc_id, outlet, published, norm)
    sents = sentences(t)  # (after the last early exit: the anaphora and the state read them)
    unresolved = [m for m, r in zip(mentions, resolved, strict=True) if r is None]
    country = _main_country(places)
    actors: list[ActorMention] = []
    for m in actor_matches:
        hit = m.payload.actor
        if hit is not None and hit.generic is not None and hit.generic.instrument and m.prefix.endswith("ب"):
            continue  # "قصف بالمدفعية": the weapon used, not who used it
        read = resolve_actor(m, country, t, lexicon)
        if read is not None:
            hit = m.payload.actor
            by_country = hit.generic if hit is not None and read[1] == m.end else None
            actors.append(
                ActorMention(m.start, read[1], read[0], m.payload.detail, m.token_start, m.prefix, by_country)
            )
    nationality = nationality_actors(by_kind, actors, t, lexicon)
    # "مقاتلات حربية تركية": the adjective names the force the generic noun before it only hints at
    adjective_starts = sorted(n.token_start for n in nationality)
    actors = [a for a in actors if not any_in(adjective_starts, a.end, a.end + 2)]
    actors.extend(nationality)
    actors.sort(key=lambda a: a.start)
    actors.extend(actor_anaphora(cues.get("actor_anaphor", []), actors, lexicon, t))
    actors.sort(key=lambda a: a.start)
    actors.extend(resumptive_actors(cues, actors, triggers, sents, lexicon, t))
    actors.sort(key=lambda a: a.start)
    actors = drop_generic_before_specific(actors, lexicon, t)
    # "هجوم مسلح": the word for gunmen inside a trigger is not an actor
    trigger_spans = SpanIndex((m.start, m.end) for m in triggers)
    actors = [a for a in actors if a.actor_id not in GENERIC_ACTORS or not trigger_spans.covers(a.start, a.end)]
    places.extend(_place_anaphora(cues.get("place_anaphor", []), places, unresolved, t, sents))
    places.sort(key=lambda p: p.mention.start)
    state = DocState(
        doc_id=doc_id,
        outlet=outlet,
        published=published,
        norm=norm,
        paragraphs=paras,
        sentences=sents,
        triggers=triggers,
        cues=cues,
        actors=actors,
        sources=sources,
        framing=longest_first(by_kind.get("framing", [])),
        places=places,
        unresolved_places=unresolved,
        source_places=source_places,
        foreign=foreign,
    )
    state._sentence_starts = [s for s, _ in sents]
    state._paragraph_starts = para_starts
    return state


def written_pronouns(matches: list[Match[LexEntry]], norm: NormText) -> list[Match[LexEntry]]:
    """``matches`` but those whose attached pronoun ه is a ta marbuta in the original text.

    Normalisation writes ة as ه, so "قضية" reads as قضى with the pronoun ه (a killing), "عادة" as عاد+ه (a return),
    "غداة" ("the day after") as غدا+ه (a future), "قطعة" as قطع+ه (a road block), "نشرة" as نشر+ه (a deployment).
    An attached pronoun is never spelled ة. In the ANT 2018 corpus about 13,900 matches over some 10,100 distinct
    words in ة were read so, losing readings of 31 kinds of event word and cue (``tests/extract/test_document.py``
    lists the commonest, each a misreading; the words in ة that are event words are listed as such in the resources)."""
    if not any(m.suffix == _PRONOUN_HA for m in matches):
        return matches
    original = norm.original
    return [m for m in matches if m.suffix != _PRONOUN_HA or original[norm.to_orig(m.end - 1)] not in _TA_MARBUTA]


def future_on_verbs(matches: list[Match[LexEntry]]) -> list[Match[LexEntry]]:
    """``matches`` but those read with the future's س before a word that is no imperfect verb.

    The proclitic س ("will") comes before an imperfect verb only, so "سفر" (travel) is no سـ + فر (fled), "سعادة"
    (happiness) no سـ + عادة (usually), "ستقدم" (will present) no سـ + تقدم (an advance), "ستجمع" (will collect) no
    سـ + تجمع (a gathering), "سعودة" (Saudisation) no سـ + عودة (a return): 1,979 such matches over 64 words in the
    ANT 2018 corpus, none of them right. An event word keeps the reading only if it is an imperfect verb, a cue only
    if its form begins as one does (ي ت ن ا: "سيسمح"، "ستواصل")."""
    if not any("\u0633" in m.prefix for m in matches):
        return matches
    return [m for m in matches if "\u0633" not in m.prefix or _imperfect(m)]


def _imperfect(m: Match[LexEntry]) -> bool:
    if m.payload.kind == "trigger":
        return m.payload.detail == "imperfect"
    return m.key[:1] in _IMPERFECT_LETTERS


# the letters an imperfect verb begins with (أ normalised to ا)
_IMPERFECT_LETTERS: Final = frozenset("\u064a\u062a\u0646\u0627")
_PRONOUN_HA: Final = "\u0647"
# ة, and its final and isolated presentation forms (ﺓ ﺔ: text copied from old PDFs and web pages), which the
# normaliser folds to ه too
_TA_MARBUTA: Final = frozenset("\u0629\ufe93\ufe94")


def first_pass_names(
    first_pass: PhraseMatcher[Any], text: str, marks: list[tuple[int, str]] | None
) -> list[Match[Any]]:
    """The place names (and marks) of ``text`` as the gazetteer's own name matcher finds them, found by the first
    pass: the gazetteer's automaton, which holds the same forms, is then never read (nor loaded)."""
    return first_pass.find_groups(text, FIRST_PASS_GROUPS, marks)[1]


def _empty(doc_id: str, outlet: str | None, published: date | None, norm: NormText) -> DocState:
    """The state of a document with nothing to code (made only when it is the answer)."""
    return DocState(doc_id, outlet, published, norm, [], [], [], {}, [], [], [], [], [])


def day_follows(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether a day word follows ``end`` ("فجر السبت"، "فجر هذا اليوم"): the word before it is a time of day."""
    following = [w.strip("،,.:;\"'") for w in text[end : end + 24].split()[:3]]
    if following and following[0] in _DEMONSTRATIVES:
        following = following[1:]
    return bool(following) and (following[0] in lexicon.day_words or following[0] in {"يوم", "اليوم"})


# normalised demonstratives that may stand between a day part and its day ("فجر هذا اليوم")
_DEMONSTRATIVES = frozenset({"هذا", "ذلك", "هذه", "تلك"})


# What closes a dateline ("دبي، الإمارات العربية المتحدة (CNN)--"، "لندن - ") within its paragraph's first characters.
_DATELINE_ENDS = ("(", " - ", " – ", " — ", "--", " ـ ")
_DATELINE_REACH = 70


def _in_dateline(text: str, para_starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in the dateline that opens its paragraph: the bureau, not the place of the news."""
    i = bisect.bisect_right(para_starts, pos) - 1
    if i < 0 or pos - para_starts[i] > _DATELINE_REACH:
        return False
    head = text[para_starts[i] : para_starts[i] + _DATELINE_REACH]
    cuts = [k for k in (head.find(e) for e in _DATELINE_ENDS) if k >= 0]
    return bool(cuts) and pos < para_starts[i] + min(cuts)


# Words after which a name is a model of weapon or vehicle ("صواريخ أرض-أرض من طراز الجولان"، "طائرة من نوع").
_MODEL_WORDS = frozenset({"طراز", "نوع", "ماركه", "الطراز"})
_OPENING_QUOTES: Final = " \"'«“("


def _government_capital(text: str, p: PlaceMention, gazetteer: Gazetteer) -> bool:
    """Whether the place expression is a capital right after a verb of what a government says or does ("نفت
    دمشق"، "واتهمت بغداد"، "اتبعتها دمشق"): the government, not a place."""
    cues = gazetteer.cues
    if not cues.capitals or text[p.head_start : p.head_end] not in cues.capitals or p.start != p.head_start:
        return False
    before = text[max(0, p.start - 16) : p.start].split()
    if not before:
        return False
    verb = before[-1]
    if verb in cues.government_verbs or (verb[:1] in "وف" and verb[1:] in cues.government_verbs):
        return True
    # "وكانت دمشق قد اتهمت"، "وبذلك تكون تل أبيب قد رفضت": the subject of a verb told as done before
    after = text[p.head_end : p.head_end + 6].split()
    return verb in _WAS and bool(after) and after[0] == "قد"


_WAS: Final = frozenset({"كانت", "وكانت", "فكانت", "تكون", "وتكون"})


def _with_tanween(norm: NormText, p: PlaceMention) -> bool:
    """Whether the place expression's name is written with tanween ("دوماً"، "سورياً"، "درعاً"): an indefinite
    common word or an adverb ("always", "in Syrian terms", "a shield"), not a name. Over the corpus' 31,517
    articles, the gazetteer's names written so are 19, all common words, and "دوماً" 33 more, all "always"; a
    proper name of a place takes no tanween in the news (the names are diptotes or definite)."""
    name = norm.orig_text(p.head_start, p.head_end).rstrip("\u0640")  # (a tatweel: "دومـاً")
    # the mark on the final alif ("دوماً") or, as many keyboards write it, before it ("دومًا")
    return name.endswith(_FATHATAN) or name.endswith(_FATHATAN + "\u0627")


_FATHATAN: Final = "\u064b"


def _names_a_model(text: str, start: int) -> bool:
    """Whether the place expression at ``start`` follows a word for a model ("من طراز", "نوع"): not a place."""
    # (the name often in quotes: 'سيارات من طراز "هامر"' is a Humvee, not the village of Hamar)
    before = text[max(0, start - 14) : start].rstrip(_OPENING_QUOTES).split()
    return bool(before) and before[-1] in _MODEL_WORDS


# "الضفة الغربية لنهر الفرات": a bank of a river, not the West Bank.
_RIVER_BANK = ("لنهر", "للنهر", "من نهر")
# A bare kind noun ("السجن"، "المدينة") refers back to the last place of that kind.
PLACE_ANAPHORA: dict[str, tuple[str, ...]] = {
    "سجن": ("prison",),
    "مطار": ("airport", "base"),
    "مخيم": ("camp",),
    "مدينه": ("city", "town"),
    "بلده": ("town", "village", "city"),
    "قريه": ("village", "town"),
    "حي": ("neighbourhood",),
}
# "المحافظة" refers to the governorate named before it only as the owner of a building ("مبنى المحافظة"، "مقر
# المحافظة"، "ديوان المحافظة": the governorate's seat, where crowds gather and burn): alone it is as often the subject of
# a state of affairs ("سيطرتهم على المحافظة"، "تحرير المحافظة"، "الأزمة الإنسانية في المحافظة"), which placed at the
# governorate made 8 more records over the corpus' news (11,843 articles), 5 of them such states of affairs. And only
# when its sentence names no place of its own ("أمام مجلس المحافظة في مدينة كربلاء": Karbala's, whatever was named
# before).
OWNED_ANAPHORA: dict[str, tuple[str, ...]] = {"محافظه": ("governorate",)}
_BUILDINGS: Final = frozenset({"مبني", "مقر", "ديوان", "مجلس", "مباني", "مبان", "مقار", "مقرات"})
# Plural nouns of places that refer back only after a demonstrative ("في تلك المناطق"، "هذه المناطق"): alone they
# are generic ("المناطق المحررة"، "مناطق سيطرة النظام").
DEMONSTRATIVE_ANAPHORA: dict[str, tuple[str, ...]] = {
    "مناطق": ("village", "town", "city", "district", "subdistrict", "neighbourhood"),
}


# Proclitics a verb may carry; anything else (ب، ل، ك، ال) makes the word a verbal noun ("بقتل"، "للقصف").
_VERB_PREFIXES = frozenset({"", "و", "ف"})


def _readings(matches: list[Match[LexEntry]]) -> list[Match[LexEntry]]:
    """One reading per trigger span: the verbal noun after a preposition or the article, the verb otherwise."""
    by_span: dict[tuple[int, int, str], list[Match[LexEntry]]] = {}
    for m in matches:
        by_span.setdefault((m.start, m.end, m.payload.ref), []).append(m)
    out: list[Match[LexEntry]] = []
    for group in by_span.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        first = group[0]
        nominal = first.prefix not in _VERB_PREFIXES or first.start < first.end - len(first.key)
        preferred = ("noun",) if nominal else ("verb", "passive", "imperfect", "noun")
        best = min(
            group, key=lambda m: preferred.index(m.payload.detail) if m.payload.detail in preferred else 9
        )
        out.append(best)
    return out


# A dateline opens the story: "حمص-سانا"، "بغداد - رويترز"، "الرقة - خاص".
DATELINE_PARAGRAPHS = 3
_DATELINE_MARKS = ("-", "–", "—", ":", "(")


def _dateline(text: str, mentions: list[PlaceMention], paras: list[tuple[int, int]]) -> str | None:
    """The place of the story's dateline, which disambiguates the places after it."""
    lead_end = paras[min(DATELINE_PARAGRAPHS, len(paras)) - 1][1] if paras else 0
    for m in mentions:
        if m.start >= lead_end:
            break
        para = next((p for p in paras if p[0] <= m.start < p[1]), None)
        if para is None or m.start - para[0] > 2:
            continue
        if text[m.end : m.end + 3].strip().startswith(_DATELINE_MARKS):
            return text[m.head_start : m.head_end]
    return None


def _main_country(places: list[PlaceRef]) -> str | None:
    counts: dict[str, int] = {}
    for p in places:
        if p.place.country:
            counts[p.place.country] = counts.get(p.place.country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def _source_counts(m: Match[LexEntry], media_ends: list[int], text: str) -> bool:
    """A source form that is also a common word (الوطن، العالم) counts only after a media word or right after a
    reporting word (``media_ends``: the sorted ends of both kinds of cue)."""
    if m.payload.detail != "cued":
        return True
    # a cue counts when only spaces and quotes stand between its end and the source: its end lies in the run of
    # them before the source (found by bisection, not by testing every cue of the document)
    gap = gap_start(text, 0, m.token_start)
    i = bisect.bisect_left(media_ends, gap)
    return i < len(media_ends) and media_ends[i] <= m.token_start




def _place_anaphora(
    cues: list[Match[LexEntry]],
    places: list[PlaceRef],
    unresolved: list[PlaceMention],
    text: str,
    sentences: Sequence[tuple[int, int]],
) -> list[PlaceRef]:
    """ "القرية" refers to the last village named; if that village is not in the gazetteer, to nothing."""
    out: list[PlaceRef] = []
    spans = SpanIndex((p.mention.start, p.mention.end) for p in places)
    # per kind word: the known and unknown places of its kinds (in order of start, as the lists are), and where
    # the bare noun ("قرية X") stands; each anaphor then looks back by bisection
    known: dict[tuple[str, ...], tuple[list[PlaceMention], list[PlaceRef]]] = {}
    unknown_of: dict[tuple[str, ...], list[PlaceMention]] = {}
    bare_starts: dict[str, list[int]] = {}
    for cue in cues:
        kinds = PLACE_ANAPHORA.get(cue.key)
        if cue.key in DEMONSTRATIVE_ANAPHORA or cue.key in OWNED_ANAPHORA:
            # the word before the noun decides: a demonstrative ("تلك المناطق"), or a building it owns ("مبنى المحافظة")
            before = text[max(0, cue.token_start - 8) : cue.token_start].split()
            word = before[-1] if before else ""
            if cue.key in DEMONSTRATIVE_ANAPHORA:
                kinds = DEMONSTRATIVE_ANAPHORA[cue.key] if word in _DEMONSTRATIVES else None
            else:
                owned = word in _BUILDINGS and not _sentence_places(places, sentences, cue.start)
                kinds = OWNED_ANAPHORA[cue.key] if owned else None
        if not kinds or spans.overlaps(cue.start, cue.end) or not cue.start < cue.end - len(cue.key):
            continue  # only the definite noun refers back ("القرية"، not "قرية X")
        if kinds not in known:
            refs = [p for p in places if p.place.kind in kinds]
            known[kinds] = ([p.mention for p in refs], refs)
            unknown_of[kinds] = [m for m in unresolved if m.kind in kinds]
        mentions, refs = known[kinds]
        i = last_ending_by(mentions, cue.start)
        earlier = refs[i] if i is not None else None
        j = last_ending_by(unknown_of[kinds], cue.start)
        unknown = unknown_of[kinds][j] if j is not None else None
        if earlier and unknown and unknown.start > earlier.mention.start:
            continue
        # another "قرية X" named since the last known village: the anaphor means that one, which we do not know
        if earlier:
            if cue.key not in bare_starts:
                bare_starts[cue.key] = sorted(c.start for c in cues if c.key == cue.key and c.start == c.end - len(c.key))
            bare = bare_starts[cue.key]
            k = bisect.bisect_left(bare, earlier.mention.end)
            if k < len(bare) and bare[k] < cue.start:
                continue
        if earlier and i is not None:
            ref = earlier
            if cue.key in DEMONSTRATIVE_ANAPHORA:
                # "مناطق لب ومليح التابعة للواء ذيبان بمحافظة مادبا ... في تلك المناطق": the areas first named in
                # that sentence, not the governorate that closes it
                si = bisect.bisect_right(sentences, ref.mention.start, key=_START_OF) - 1
                first = sentences[max(0, si)][0] if sentences else 0
                ref = next(
                    refs[k]
                    for k in range(bisect.bisect_left(mentions, first, key=start_of), i + 1)
                    if mentions[k].end <= cue.start
                )
            mention = replace(
                ref.mention, start=cue.start, end=cue.end, head_start=cue.start, head_end=cue.end
            )
            out.append(PlaceRef(mention, ref.place))
    return out


def _sentence_places(places: list[PlaceRef], sentences: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether the sentence holding ``pos`` names a place of its own ("أحرق متظاهرون مبنى المحافظة في مدينة
    الناصرية": the city's governorate, not the one named before)."""
    if not sentences:
        return False
    si = max(0, bisect.bisect_right(sentences, pos, key=_START_OF) - 1)
    lo, hi = sentences[si]
    return any(lo <= p.mention.start < hi for p in places)


def _START_OF(span: tuple[int, int]) -> int:
    return span[0]
