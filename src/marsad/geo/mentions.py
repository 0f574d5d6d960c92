"""Finding place expressions in normalised Arabic text.

One Aho-Corasick automaton (:class:`marsad.lexicon.matcher.PhraseMatcher`) over every Arabic surface form of the
gazetteer finds the place names; the words around each name then make it an expression:

- a type word before it ("مدينة/بلدة/قرية/حي/مخيم/محافظة/منطقة/ناحية X") says which of the places of that name
  is meant (the governorate for "محافظة X", the sub-district for "ناحية X", a neighbourhood for "حي X");
- "ريف X" (countryside), "بادية X" (desert), "أطراف/محيط X" (outskirts) and the compass words before it
  ("شرق X", "جنوب شرقي X") or after "ريف X" ("ريف X الشرقي") make it an area near or around X (precision 2);
- names that are also ordinary words or person names (cues.yaml ``common``) need such a cue word, and those of
  cues.yaml ``context`` (and curated entries marked ``cue``, and very short names) need a cue word or another
  place of the same district elsewhere in the text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import ahocorasick
import regex
from mypy_extensions import mypyc_attr

from marsad.geo.data import ADMIN, POPULATED, Cues, Place
from marsad.lexicon.matcher import Match, PhraseMatcher, by_letters, sort_matches, strip_article

_WORD = regex.compile(r"[\p{L}\p{N}_]+")
_PROCLITIC = regex.compile(r"^(?:و|ف)?(?:ب|ل|ك)?")
_GAP = regex.compile(r"^[\s]*$")
# quotes and brackets that may open a name after a settlement word
_OPENERS = frozenset('"«(“\'[')

# gate levels of a form
OPEN, CONTEXT, COMMON = 0, 1, 2

# the payload of a gazetteer form: whether the form has the article, the indexes of its places, and whether one
# of them has 50,000 people or more
_Payload = tuple[bool, tuple[int, ...], bool]
# a scan of a text for the place names as the finder's name matcher scans it (``find(text, ordered=False,
# marks=marks)``): its matches in the automaton's order, its marks appended to the list given (unless None)
NameScan = Callable[[str, "list[tuple[int, str]] | None"], list[Match[_Payload]]]
# what a scan found in a text: its matches (unordered) and its marks, as (end, mark); and the scan, for the parts
# of the text that are read again (the words after a place word)
Names = tuple[list[Match[_Payload]], list[tuple[int, str]], NameScan]


def scanned(scan: NameScan, text: str) -> Names:
    """What ``scan`` finds in ``text``, as :meth:`MentionFinder.find` takes it."""
    marks: list[tuple[int, str]] = []
    return scan(text, marks), marks, scan


def _in_order(scan: NameScan, text: str) -> list[Match[_Payload]]:
    return sort_matches(scan(text, None))  # (as the name matcher's ``find`` orders them)


@mypyc_attr(native_class=False)  # (as its base: the resource cache stores it by its attributes)
class _FormMatcher(PhraseMatcher[_Payload]):
    """The lexicon's matcher (same matching, same ``find``) over forms that are already normalised, without the
    article of their first word and without suffixes: the generic constructor normalises each of the
    gazetteer's ~60,000 forms again and is the larger part of its load time."""

    def __init__(self, cores: dict[str, list[_Payload]], marks: Sequence[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        none: frozenset[str] = frozenset()
        add = self._automaton.add_word
        for core in by_letters(cores):
            # each entry a plain (payload, suffixes) tuple: the matcher reads entries by index (matcher._emit), and
            # pickle remakes a plain tuple by its own opcode, a named tuple by a call each
            add(core, (core, tuple([(p, none) for p in cores[core]]), len(core), none, 0))
        self.size = len(cores)
        self.add_marks(marks)
        if cores or marks:
            self._automaton.make_automaton()


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place expression in normalised text (offsets into ``NormText.text``).

    ``start``/``end`` cover the whole expression ("ريف دير الزور الشرقي"), ``head_start``/``head_end`` the
    place name itself; ``candidates`` are gazetteer ids, best first; ``precision`` 1 = the place itself, 2 = an
    area near or containing it, 3 = a province or region only; ``qualifier`` one of countryside, desert,
    outskirts, or a compass direction (east, north-east as ``northeast`` ...), or ``None``.
    """

    start: int
    end: int
    head_start: int
    head_end: int
    candidates: tuple[str, ...]
    precision: int
    qualifier: str | None
    kind: str


class _Head(NamedTuple):
    """A place name found in the text (a named tuple: an article has a dozen, most of them ordinary words)."""

    start: int
    end: int
    token_start: int
    key: str
    ids: tuple[int, ...]
    prefix: str
    # the places read without the article their form has, or with one it lacks ("قرية طيبة" for الطيبة): they
    # need a place word before the name
    loose: frozenset[int] = frozenset()



def _overlapped(heads: Sequence[_Head], starts: list[int], a: int, b: int) -> bool:
    """Whether one of ``heads`` (in order, never overlapping; ``starts`` their starts) overlaps [a, b)."""
    i = bisect_left(starts, b) - 1
    return i >= 0 and heads[i].end > a


@mypyc_attr(native_class=False)  # a Python class even when compiled: the resource cache stores its attributes
class MentionFinder:
    """Compiled once per gazetteer; :meth:`find` is the hot path."""

    def __init__(
        self,
        places: Sequence[Place],
        cues: Cues,
        *,
        common_forms: frozenset[str] = frozenset(),
        open_forms: frozenset[str] = frozenset(),
    ) -> None:
        """``common_forms``/``open_forms``: the gates of the forms of places marked ``cue`` (see
        :class:`marsad.geo.data.GazetteerData`); other forms of such places need context."""
        self._places = places
        self._cues = cues
        by_form: dict[tuple[str, bool], list[int]] = {}
        block = cues.block
        for i, p in enumerate(places):
            forms = p.forms
            for f in forms:
                art = f[:2] == "ال" and len(f) > 3 and " " not in f[:4]
                if not art and "ال" + f in forms:
                    continue
                if (f[2:] if art else f) in block:
                    continue  # "رقه" beside "الرقه": a source variant that mostly matches ordinary words
                key = (f, art)
                if key in by_form:
                    by_form[key].append(i)
                else:
                    by_form[key] = [i]
        self._index = {p.id: i for i, p in enumerate(places)}
        unknown_cues = sorted(
            (
                w
                for w, k in cues.type_words.items()
                if k in ("town", "village", "neighbourhood", "camp", "subdistrict")
                and " " not in w
                and not w.startswith("ال")
                and w not in ("مركز", "بلده", "بلدتي", "مزارع", "مزرعه", "مخيمات")
            ),
            key=len,
            reverse=True,
        )
        self._cue_re = re.compile(r"(?<!\w)(?:[وف]?[بل]?)(?P<cue>" + "|".join(unknown_cues) + r") ")
        # the cue words alone (followed by a space): where _cue_re can match (see _cue_matches)
        self._unknown_cues = frozenset(unknown_cues)
        self._cue_last = frozenset(
            w.split()[-1]
            for table in (cues.type_words, cues.qualifier_words, cues.direction_words)
            for w in table
        )
        self._name_starts = frozenset(
            "تل عين دير بير بئر ابو ام خربه كفر جسر راس بيت تله عرب جب قصر سد خان".split()
        )
        self._not_names = frozenset(
            "في من الى على عن مع التي الذي الواقعه الواقع الواقعة المجاور المجاوره القريبه القريب المحاذيه "
            "المحاذي الحدوديه الحدودي الصغيره الكبيره الجديده الاخيره المذكوره نفسها و او ثم سكني سكنيه "
            "شرق غرب شمال جنوب شرقي غربي شمالي جنوبي كامل باكمله مؤقته موقته بدويه عشوائيه نظاميه".split()
        )
        # gate of a form for every place (cues.yaml common/context, very short village names) ...
        self._gate: dict[str, int] = {}
        for (form, art), ids in by_form.items():
            core = form[2:] if art else form
            if core in cues.common:
                level = COMMON
            elif core in cues.context:
                level = CONTEXT
            elif (
                len(core) <= 4
                and len(core.replace(" ", "")) <= 3
                and not any(places[i].pop >= 100_000 or places[i].kind == "country" for i in ids)
                and all(places[i].kind in ("village", "subdistrict") for i in ids)
            ):
                level = CONTEXT
            else:
                continue
            self._gate[core] = max(self._gate.get(core, OPEN), level)
        # ... and for the places that need context (``cue``: curated ordinary-word names, Who's On First
        # villages): frequent forms need a place word, distinctive compounds nothing, the rest context
        self._cue_place = [p.cue for p in places]
        self._cue_gate: dict[str, int] = {}
        for form in common_forms:
            self._cue_gate[_core(form)] = COMMON
        for form in open_forms:
            self._cue_gate.setdefault(_core(form), OPEN)
        # The automaton's forms, by core. Those whose places all need a place word (village names that are
        # ordinary words in the corpus, or of two or three letters: half the automaton's hits and three quarters
        # of its valid matches, nearly all ordinary words) go into a second automaton, run only on the words
        # right after a place word ("قرية X").
        cores: dict[str, list[_Payload]] = {}
        big_place = [p.pop >= 50_000 and p.kind in POPULATED for p in places]
        for (form, art), ids in by_form.items():
            core = strip_article(form)[0] if art else form
            big = big_place[ids[0]] if len(ids) == 1 else any(big_place[i] for i in ids)
            payload = (art, tuple(ids), big)
            if core in cores:
                cores[core].append(payload)
            else:
                cores[core] = [payload]
        # the least context any place of a core needs; find reads only whether it is COMMON (a place word needed),
        # so only those cores are kept (1,800 of 36,000: the rest cost the start-up 6 ms to load)
        min_level: dict[str, int] = {}
        main: dict[str, list[_Payload]] = {}
        after_cue: dict[str, list[_Payload]] = {}
        context: dict[str, list[_Payload]] = {}
        cue_place = self._cue_place
        gate, cue_gate = self._gate, self._cue_gate
        for core, payloads in cores.items():
            level = gate.get(core, OPEN)
            if len(payloads) == 1 and len(payloads[0][1]) == 1:  # most names: one place
                i = payloads[0][1][0]
                some_cued = all_cued = cue_place[i]
            else:
                flags = [cue_place[i] for _, ids, _ in payloads for i in ids]
                some_cued, all_cued = any(flags), all(flags)
            if not some_cued:
                min_level[core] = level
                main[core] = payloads
                continue
            low = level if not all_cued else max(level, cue_gate.get(core, CONTEXT))
            min_level[core] = low
            if not all_cued or low == OPEN:
                main[core] = payloads
            elif low == COMMON or len(core) <= 3:
                after_cue[core] = payloads
            else:
                context[core] = payloads
        # One automaton for the names that may match bare and those that need context: a pass over the text costs
        # about 0.1 us a character for an automaton of this size, more than the matches found in it. The village
        # names that need context are kept only when the text names a place of the five countries below the
        # country (what confirms such a name is a place of its district or an admin area near it); elsewhere only
        # after a place word.
        # The settlement words ("قرية X": a hit is kept at a word start, after و ف ب ل, followed by a space and a
        # word) and the cue words of unknown places, each followed by a space, are found by the same pass as the
        # names, as marks of the automaton (a pass of their own, or a pattern of alternatives, cost as much as a
        # tenth of the gazetteer's scan).
        self._settlement_words = frozenset(
            w for w, k in cues.type_words.items() if k in _SETTLEMENT and " " not in w and not w.startswith("ال")
        )
        marks = sorted(self._settlement_words | self._unknown_cues)
        self._matcher: PhraseMatcher[_Payload] = _FormMatcher({**main, **context}, [w + " " for w in marks])
        # the names that may match bare: every name the matcher finds is one of them or needs context (the 28,000
        # context ones kept as what they are not: 5,900 strings to load instead)
        self._bare_cores = frozenset(main)
        self._common_cores = frozenset(core for core, level in min_level.items() if level == COMMON)
        # the forms read only after a place word (the context ones are read there by the main automaton)
        self._cued_matcher: PhraseMatcher[_Payload] = _FormMatcher(after_cue)
        self._covered = [p.country in _COVERED and p.a1 is not None for p in places]

    @property
    def cues(self) -> Cues:
        return self._cues

    @property
    def name_matcher(self) -> PhraseMatcher[_Payload]:
        """The matcher run over the whole text (the names that may match bare or in context, and the marks)."""
        return self._matcher

    def _level(self, key: str, i: int) -> int:
        """How much context place ``i`` needs to be read in a match of the form ``key``."""
        level = self._gate.get(key, OPEN)
        if self._cue_place[i]:
            level = max(level, self._cue_gate.get(key, CONTEXT))
        return level

    # ------------------------------------------------------------------ heads
    def _matches(
        self, text: str, cue_hits: list[tuple[int, int]] | None = None, names: Names | None = None
    ) -> list[Match[_Payload]]:
        """The automaton's matches; those of the village names that need context, in a text that names a place of
        the five countries; and those of the forms read only after a place word, after one. Every cue word of an
        unknown place found (followed by a space) is noted in ``cue_hits`` as its (start, end), in order of end.
        ``names``: what the name matcher finds in ``text``, found already."""
        find_names: Callable[[str], list[Match[_Payload]]]
        if names is None:
            marks: list[tuple[int, str]] = []
            found = self._matcher.find(text, ordered=False, marks=marks)
            find_names = self._matcher.find
        else:
            found, marks, scan = names
            find_names = partial(_in_order, scan)
        covered, bare = self._covered, self._bare_cores
        whole = any(covered[i] for m in found if m.key in bare for i in m.payload[1])
        out = found if whole else [m for m in found if m.key in bare]
        after = (self._cued_matcher.find,) if whole else (self._cued_matcher.find, find_names)
        n = len(text)
        settlement, unknown_cues = self._settlement_words, self._unknown_cues
        for at, mark in marks:
            word = at - len(mark)
            if cue_hits is not None and mark[:-1] in unknown_cues:
                cue_hits.append((word, at))
            if mark[:-1] not in settlement:
                continue
            if at >= n or not text[at].isalnum() or (word and not _settlement_start(text, word)):
                continue
            stop = at
            for _ in range(4):  # the four words after the place word, cut at a space
                nxt = text.find(" ", stop + 1)
                stop = len(text) if nxt < 0 else nxt
            for find in after:
                for m in find(text[at:stop]):
                    if m.token_start == 0:  # (a form found twice is one head: its places are a set)
                        out.append(m._replace(start=m.start + at, end=m.end + at, token_start=at))
        return out

    def _heads(
        self, text: str, cue_hits: list[tuple[int, int]] | None = None, names: Names | None = None
    ) -> list[_Head]:
        """The place names of the text that do not overlap a longer one, in order. Where several matches cover
        one span, the first found (the automaton's order, then the forms after a place word) gives its form."""
        exact: dict[tuple[int, int], tuple[int, str, set[int], str]] = {}
        loose: dict[tuple[int, int], tuple[int, str, set[int], str]] = {}
        for start, end, token_start, prefix, suffix, key, (has_art, ids, big) in self._matches(text, cue_hits, names):
            nkey = len(key)
            art_present = end - len(suffix) - start > nkey
            table = exact
            if has_art != art_present:
                if nkey < 4 or " " in key:
                    continue
                table = loose  # only after a place word: "قرية طيبة" for الطيبة, "بلدة الشدادي" for شدادي
            if prefix and not art_present and nkey <= 5 and not big:
                continue  # "فرقه", "كبيرين": a short bare name glued to a proclitic is mostly an ordinary word
            k = (start, end)
            got = table.get(k)
            if got is None:
                table[k] = (token_start, key, set(ids), prefix)
            else:
                got[2].update(ids)
        spans = exact
        if loose:
            spans = dict(exact)
            for k, (ts, key, idset, pre) in loose.items():
                got = spans.get(k)
                spans[k] = (ts, key, idset, pre) if got is None else (ts, key, got[2] | idset, pre)
        chosen: list[_Head] = []
        starts: list[int] = []  # of the chosen heads, which never overlap: sorted by start, so by end too
        ends: list[int] = []
        new = tuple.__new__
        none: frozenset[int] = frozenset()
        # longest first, then leftmost (a span's (start - end, start) is its own)
        for _, s, e in sorted([(s - e, s, e) for s, e in spans]):
            i = bisect_right(starts, s)
            if (i and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
                continue  # the longer head before it runs into it, or the one after it starts inside it
            starts.insert(i, s)
            ends.insert(i, e)
            ts, key, idset, pre = spans[(s, e)]
            lo = loose.get((s, e))
            only_loose = frozenset(lo[2] - exact[(s, e)][2] if (s, e) in exact else lo[2]) if lo else none
            chosen.insert(i, new(_Head, (s, e, ts, key, tuple(sorted(idset)), pre, only_loose)))
        return chosen

    # ------------------------------------------------------------------ cues
    def _may_be_cued(self, text: str, pos: int) -> bool:
        """Fast check: is the word right before ``pos`` (proclitics aside) the last word of some cue?"""
        if pos < 2 or text[pos - 1] != " ":
            return False
        ps = text.rfind(" ", max(0, pos - 25), pos - 1) + 1
        w = text[ps : pos - 1]
        if w in self._cue_last:
            return True
        cut = 1 if w[:1] in ("و", "ف") else 0  # (what _PROCLITIC matches, without the pattern)
        if w[cut : cut + 1] in ("ب", "ل", "ك"):
            cut += 1
        return bool(cut) and w[cut:] in self._cue_last

    @staticmethod
    def _words_before(text: str, pos: int, n: int) -> list[tuple[int, int, str]]:
        """Up to ``n`` words right before ``pos`` (separated by spaces only), nearest last."""
        out: list[tuple[int, int, str]] = []
        lo = max(0, pos - 60)
        chunk = text[lo:pos]
        words = list(_WORD.finditer(chunk))
        end = len(chunk)
        for i in range(len(words) - 1, -1, -1):  # (not reversed(): mypyc cannot compile it over regex's matches)
            w = words[i]
            if not _GAP.match(chunk[w.end() : end]):
                break
            out.append((lo + w.start(), lo + w.end(), w.group()))
            end = w.start()
            if len(out) == n:
                break
        out.reverse()
        return out

    @staticmethod
    def _words_after(text: str, pos: int, n: int) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        chunk = text[pos : pos + 40]
        start = 0
        for w in _WORD.finditer(chunk):
            if not _GAP.match(chunk[start : w.start()]):
                break
            out.append((pos + w.start(), pos + w.end(), w.group()))
            start = w.end()
            if len(out) == n:
                break
        return out

    @staticmethod
    def _lookup(
        words: list[tuple[int, int, str]], table: dict[str, str], maxn: int
    ) -> tuple[str, int] | None:
        """A cue at the end of ``words`` (longest first): (value, start offset of the cue without proclitics)."""
        for n in range(min(maxn, len(words)), 0, -1):
            tail = words[-n:]
            phrase = " ".join(w for _, _, w in tail)
            if phrase in table:
                return table[phrase], tail[0][0]
            pm = _PROCLITIC.match(phrase)
            cut = pm.end() if pm else 0
            if cut and phrase[cut:] in table:
                return table[phrase[cut:]], tail[0][0] + cut
        return None

    # ------------------------------------------------------------------ main
    def find(self, text: str, *, gated: bool = True, names: Names | None = None) -> list[PlaceMention]:
        """Place expressions in normalised ``text``; ``gated=False`` lets every name match uncued (queries);
        ``names``: what :attr:`name_matcher` finds in ``text``, when the caller found it already.

        Each candidate place of a name is read at the level of context it needs (see :meth:`_level`): an open
        one always, a context one after a cue word (a place word, ريف/بادية, a direction, أطراف) or when another
        place of its district is named in the text, or its governorate or district is named within
        ``NEAR_ADMIN`` characters, a common one only after a place word or ريف/بادية."""
        cue_hits: list[tuple[int, int]] = []
        heads = self._heads(text, cue_hits, names)
        unknown = bool(cue_hits)
        if not heads:
            return self._unknown(text, heads, cue_hits) if unknown else []
        cues = self._cues
        places = self._places
        level = self._level
        # (head, start, end, type, qualifier, direction, ids read already, ids that need another place)
        pending: list[
            tuple[_Head, int, int, str | None, str | None, str | None, tuple[int, ...], tuple[int, ...]]
        ] = []
        open_a2: set[str] = set()
        compounds: list[_Head] = []  # heads that are the first word of an unknown compound (reported unknown)
        admins: list[tuple[int, str]] = []  # (position, id) of the governorates and districts named
        for h in heads:
            start, end = h.start, h.end
            may_be_cued = h.token_start == h.start and self._may_be_cued(text, h.start)
            if gated and not may_be_cued and h.key in self._common_cores and not _RIGHT_CUE.match(
                text, h.end
            ):
                continue  # an ordinary word ("جديدة"، "أمام") with no place word before it: no place (fast path)
            if h.loose and not may_be_cued and len(h.loose) == len(h.ids):
                continue
            if h.token_start == h.start and _compound_before(text, h.start):
                continue  # "بلدة أبو صيدا": another place, whose name only ends like this one
            if h.key in _COMPOUND_FIRST and self._compound_after(text, h.end):
                compounds.append(h)
                continue  # "بلدة تل حياة": a compound name of which only the first word is known
            type_kind = qualifier = direction = None
            if may_be_cued:
                words = self._words_before(text, h.start, 5)
                hit = self._lookup(words, cues.type_words, 2)
                if hit:
                    type_kind, start = hit
                    words = [w for w in words if w[1] <= start]
                hit = self._lookup(words, cues.qualifier_words, 2)
                if hit:
                    qualifier, start = hit
                    words = [w for w in words if w[1] <= start]
                hit = self._lookup(words, cues.direction_words, cues.max_cue_words)
                if hit:
                    direction, start = hit
            strong = type_kind not in (None, "landmark") or qualifier in ("countryside", "desert")
            if type_kind == "town" and text.startswith(_WEAK_TOWN_WORDS, start):
                type_kind = "seat"  # "مركز إدارة الشرطة": a centre, not the name of a town after it
            if h.loose and type_kind not in _LOOSE_OK:
                # a name read without (or with) its article counts only after a place word ("قرية طيبة")
                kept = tuple(i for i in h.ids if i not in h.loose)
                if not kept:
                    continue
                h = _Head(h.start, h.end, h.token_start, h.key, kept, h.prefix)
            if qualifier in ("countryside", "desert"):
                after = self._words_after(text, h.end, 2)
                for n in (2, 1):
                    if len(after) >= n:
                        phrase = " ".join(w for _, _, w in after[:n])
                        if phrase in cues.direction_adjectives:
                            direction = cues.direction_adjectives[phrase]
                            end = after[n - 1][1]
                            break
            nisba = False  # "طرابلس اللبنانية": the country adjective is a cue too
            adjective = _word_after_space(text, end)
            if adjective is not None and adjective in cues.nisba:
                country = cues.nisba[adjective]
                ids = tuple(i for i in h.ids if places[i].country == country)
                if not ids:
                    continue  # "القنيطرة المغربية": a namesake abroad
                h = _Head(h.start, h.end, h.token_start, h.key, ids, h.prefix, h.loose)
                nisba = True
            cued = bool(type_kind or qualifier or direction or nisba)
            if type_kind == "landmark" and gated:
                # "شارع X"، "دوار X": a street or roundabout named after a village is not that village
                kept = tuple(i for i in h.ids if not self._cue_place[i])
                if not kept:
                    continue
                h = _Head(h.start, h.end, h.token_start, h.key, kept, h.prefix, h.loose)
            ready: tuple[int, ...]
            waiting: tuple[int, ...]
            if not gated or (strong and type_kind in _SETTLEMENT):
                ready, waiting = h.ids, ()
            elif strong:
                # "منطقة النهر"، "ريف X": an area word is not enough for a village named by an ordinary word, and
                # "مركز" for no village
                ready = tuple(
                    i
                    for i in h.ids
                    if not (self._cue_place[i] and (type_kind == "seat" or level(h.key, i) == COMMON))
                )
                waiting = ()
            elif not cued and _RIGHT_CUE.match(text, h.end):
                # "الطيبة بمحافظة درعا"، "X التابعة لقضاء Y": the admin area named right after the name confirms
                # the candidates that lie in it, even a name that is an ordinary word
                ready = tuple(i for i in h.ids if level(h.key, i) == OPEN)
                waiting = tuple(i for i in h.ids if level(h.key, i) > OPEN)
            else:
                top = CONTEXT if cued else OPEN
                ready = tuple(i for i in h.ids if level(h.key, i) <= top)
                waiting = () if cued else tuple(i for i in h.ids if level(h.key, i) == CONTEXT)
            if not ready and not waiting:
                continue
            if ready:
                # a village read after a place word confirms its district only when it has one ("قريتي X وY")
                sure = [i for i in ready if not self._cue_place[i]]
                if not sure and len({places[i].a2 for i in ready}) == 1:
                    sure = list(ready)
                open_a2.update(a for i in sure if (a := places[i].a2))
                admins.extend(
                    (h.start, a)
                    for i in ready
                    if places[i].kind in ("governorate", "district") or type_kind in ("governorate", "district")
                    for a in (places[i].a1, places[i].a2)
                    if a
                )
            pending.append((h, start, end, type_kind, qualifier, direction, ready, waiting))
        compound = {id(h) for h in compounds}  # (heads never overlap: none equals another)
        out: list[PlaceMention] = (
            self._unknown(text, [h for h in heads if id(h) not in compound], cue_hits) if unknown else []
        )
        admin_at = [pos for pos, _ in admins]  # (in order: the heads are)
        for h, start, end, type_kind, qualifier, direction, ready, waiting in pending:
            if waiting:
                # confirmed by another place of the same district, or its governorate or district named near
                near = {
                    a
                    for pos, a in admins[
                        bisect_left(admin_at, h.start - NEAR_ADMIN) : bisect_right(admin_at, h.start + NEAR_ADMIN)
                    ]
                }
                ready += tuple(
                    i for i in waiting if places[i].a2 in open_a2 or places[i].a1 in near or places[i].a2 in near
                )
            if not ready:
                continue
            if ready != h.ids:
                h = _Head(h.start, h.end, h.token_start, h.key, ready, h.prefix, h.loose)
            mention = self._mention(h, start, end, type_kind, qualifier, direction)
            if mention is not None:
                out.append(mention)
        if cues.distance_words:
            out = [m for m in out if not self._far_reference(text, m.start)]
        out.sort(key=lambda m: m.start)
        return out

    def _compound_after(self, text: str, end: int) -> bool:
        """Whether a name word ("حياة") follows right after ``end`` (not a preposition, a direction, a clitic
        chain or a cue word)."""
        word = _word_after_space(text, end)
        if word is None:
            return False
        return word not in self._not_names and word not in self._cue_last and not word[:1].isdigit() and (
            _PROCLITIC.match(word) is None or word[:2] == "ال" or len(word) > 2
        ) and not _RIGHT_CUE.match(text, end)

    def _far_reference(self, text: str, start: int) -> bool:
        """ "على بعد 250 كلم شمال بغداد"، "على مسافة نحو 65 كيلومترا من درعا": the place at ``start`` is the
        reference point of a distance of FAR_KM or more."""
        cues = self._cues
        window = text[max(0, start - 70) : start]
        if _ON not in window:
            return False  # (the distance is "على بعد/مسافة ...": without على in reach there is none)
        words = window.split()[-7:]
        if words and words[-1] in ("من", "عن"):
            words.pop()
        if words and words[-1] in cues.direction_words:
            words.pop()
        if not words:
            return False
        last = words.pop()
        unit = next((u for u in cues.distance_units if last.endswith(u)), None)
        if unit is None:
            return False
        number = last[: -len(unit)] or (words.pop() if words else "")
        if not number.replace(",", "").replace(".", "").isdigit():
            return False
        if words and words[-1] in _APPROX:
            words.pop()
        if len(words) < 2 or words[-1] not in cues.distance_words or words[-2] != _ON:
            return False
        return float(number.replace(",", ".")) >= FAR_KM

    def _unknown(self, text: str, heads: Sequence[_Head], cue_hits: list[tuple[int, int]]) -> list[PlaceMention]:
        """ "قرية/بلدة/حي/مخيم X" with X not in the gazetteer: a mention without candidates (unresolved);
        ``cue_hits``: where the cue words stand (see :meth:`_matches`)."""
        out: list[PlaceMention] = []
        starts = [h.start for h in heads]  # the heads are in order and never overlap, so their ends are in order too

        for m in self._cue_matches(text, cue_hits):
            name_start = m.end() - 1  # the space after the cue word
            if _overlapped(heads, starts, name_start + 1, name_start + 2):
                continue
            if text[name_start + 1 : name_start + 2] in _OPENERS:
                # a name in quotes or brackets ('ناحية "العدل"'، "قرية (رەنگینە)"): the name alone
                words = self._words_after(text, name_start + 2, 1)
                name_start += 1
            else:
                words = self._words_after(text, name_start, 2)
            if (
                not words
                or words[0][0] != name_start + 1
                or words[0][2] in self._not_names
                or words[0][2].startswith("لل")
            ):
                continue
            last = words[1] if len(words) > 1 and words[0][2] in self._name_starts else words[0]
            if _overlapped(heads, starts, name_start, last[1]):
                continue
            kind = self._cues.type_words[m.group("cue")]
            out.append(PlaceMention(m.start("cue"), last[1], words[0][0], last[1], (), 1, None, kind))
        return out

    def _cue_matches(self, text: str, cue_hits: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
        """``self._cue_re.finditer(text)``, trying the pattern only near the cue words. A match ends at the first
        space after its start, after a cue word; the longest cue word before that space starts at most two
        proclitics after the match. The cue words are those of ``cue_hits`` that a scan for any of them would
        find: leftmost first, the longest at one start, none overlapping the one before."""
        last = 0
        pattern = self._cue_re
        taken = 0  # the end of the last cue word taken
        for start, end in sorted(cue_hits, key=lambda h: (h[0], -h[1])):
            if start < taken:
                continue
            taken = end
            for p in range(max(start - 2, last), end - 1):
                m = pattern.match(text, p)
                if m is not None:
                    yield m
                    last = m.end()
                    break

    def _mention(
        self,
        h: _Head,
        start: int,
        end: int,
        type_kind: str | None,
        qualifier: str | None,
        direction: str | None,
    ) -> PlaceMention | None:
        places = self._places
        cands = list(h.ids)
        if type_kind == "seat":
            type_kind = "town"
        if type_kind in ("governorate", "district", "subdistrict"):
            attr = {"governorate": "a1", "district": "a2", "subdistrict": "a3"}[type_kind]
            mapped: list[int] = []
            for i in cands:
                unit = getattr(places[i], attr)
                j = self._index.get(unit) if unit else None
                if (
                    j is not None
                    and (h.key in places[j].forms or "ال" + h.key in places[j].forms)
                    and j not in mapped
                ):
                    mapped.append(j)
            if mapped:
                cands = mapped
            elif type_kind == "governorate" and not any(
                places[i].kind in ("governorate", "region") for i in cands
            ):
                return None  # "محافظة الإسكندرية": a governorate the gazetteer does not have
        elif type_kind in ("city", "town", "village"):
            keep = [i for i in cands if places[i].kind in POPULATED]
            cands = keep or cands
        elif type_kind in ("neighbourhood", "camp"):
            keep = [i for i in cands if places[i].kind == type_kind]
            cands = keep or cands
        order = {i: -prior(places[i]) for i in cands}  # (not a closure over places: mypyc cannot compile it here)
        cands.sort(key=order.__getitem__)
        top = places[cands[0]]
        if qualifier in ("countryside", "desert") or direction:
            precision = 3 if top.kind in ("country",) else 2
        elif qualifier == "outskirts":
            precision = 2
        elif type_kind == "governorate" or top.kind in ("governorate", "country"):
            precision = 3
        elif top.kind in ("district", "subdistrict", "region", "desert"):
            precision = 2 if top.a1 or top.kind != "region" else 3
        else:
            precision = 1
        kind = {"countryside": "region", "desert": "desert"}.get(qualifier or "", "")
        if not kind:
            kind = type_kind if type_kind and type_kind != "landmark" else top.kind
        qual = qualifier
        if direction:
            qual = direction if qualifier is None else f"{qualifier}-{direction}"
        return PlaceMention(
            start, end, h.start, h.end, tuple(places[i].id for i in cands), precision, qual, kind
        )


# The countries whose villages the gazetteer holds.
_COVERED = frozenset({"Syria", "Iraq", "Lebanon", "Jordan", "Palestine"})

# A town word that is mostly a common noun ("مركز الشرطة"): it says which of a name's places is meant, but does
# not make a village name that needs context a place.
_WEAK_TOWN_WORDS = ("مركز",)

# Words right after a name that tie it to an admin area named next ("الطيبة بمحافظة درعا"، "X التابعة لقضاء Y"،
# "X في ريف Y"، "X شرقي Y").
_RIGHT_CUE = re.compile(
    r" (?:[وف]?(?:ب|في |من )(?:محافظه|ريف|قضاء|ناحيه|منطقه|مدينه)|التابعه|التابع|(?:شرق|غرب|شمال|جنوب)(?:ي|ي)?) "
)

# The place words after which a village named by an ordinary word ("النهر") is read as that village.
_SETTLEMENT = frozenset({"city", "town", "village", "neighbourhood", "camp", "subdistrict"})

# The place words after which a name may be read without the article its form has, or with one it lacks ("قرية
# طيبة"، "بلدة شدادي"; not "حي مشروع المياه").
_LOOSE_OK = frozenset({"city", "town", "village", "subdistrict"})

# A governorate or district named this many characters before or after a village name confirms it (about two
# lines of a news article: "قرية X التابعة لقضاء Y"، "في X بمحافظة Y").
NEAR_ADMIN = 250

# A place this many kilometres (or miles) away from what happens is a reference point, not a location.
FAR_KM = 30
# "على" (normalised), which opens a distance ("على بعد"، "على مسافة")
_ON = "علي"
_APPROX = frozenset({"نحو", "حوالي", "قرابه", "قرابة", "اكثر", "اقل"})

KIND_PRIOR = {
    "city": 0.34,
    "town": 0.27,
    "neighbourhood": 0.24,
    "camp": 0.26,
    "prison": 0.26,
    "airport": 0.26,
    "base": 0.26,
    "crossing": 0.26,
    "dam": 0.26,
    "field": 0.26,
    "landmark": 0.24,
    "region": 0.22,
    "desert": 0.22,
    "village": 0.16,
    "subdistrict": 0.13,
    "district": 0.15,
    "governorate": 0.12,
    "country": 0.2,
}


def prior(p: Place) -> float:
    """Context-free plausibility of a place: its kind, then its population."""
    base = KIND_PRIOR.get(p.kind, 0.1)
    if p.kind in ADMIN:
        base += min(0.08, math.log10(p.pop + 1) / 80)
    else:
        base += min(0.12, math.log10(p.pop + 1) / 50)
    if p.id.startswith("sup:"):
        base += 0.02
    return base


# Normalised first words of compound place names ("أبو صيدا"، "عين الفيجة"، "كفر نبل"): a known name right after
# one of them, the compound itself unknown to the gazetteer, names a different place.
_COMPOUND_FIRST = frozenset({"ابو", "ام", "بني", "بيت", "عين", "كفر", "خربه", "تل", "بير", "راس", "جسر"})


def _word_after_space(text: str, end: int) -> str | None:
    """The word right after one white space at ``end`` (what ``_words_after(text, end, 1)`` finds when it starts at
    ``end + 1``, read within the same 40 characters), or None."""
    if _SPACE.match(text, end) is None:
        return None
    w = _WORD.match(text, end + 1, end + 40)
    return w.group() if w is not None else None


_SPACE = regex.compile(r"\s")


def _settlement_start(text: str, pos: int) -> bool:
    """Whether a settlement word at ``pos`` starts its token, proclitics (و ف, then ب ل) aside."""
    i = pos
    if text[i - 1] in "بل":
        i -= 1
    if i and text[i - 1] in "وف":
        i -= 1
    return i == 0 or not text[i - 1].isalnum()


def _core(form: str) -> str:
    """A form's key in the gate tables: without its article (as the finder's ``_gate``)."""
    return form[2:] if form.startswith("ال") and len(form) > 3 and " " not in form[:4] else form


def _compound_before(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].split()
    return bool(before) and text[pos - 1 : pos].isspace() and before[-1] in _COMPOUND_FIRST
