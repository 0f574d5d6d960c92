"""Clitic-aware dictionary matching over normalised Arabic text with one Aho-Corasick automaton.

Dictionary forms are normalised with :func:`marsad.text.normalize.normalize_str` (the same function applied to the
text) and indexed without their article, so one entry matches its common attached forms:

- proclitics before the word: و / ف, then ب / ك / ل / س, then the article ال (or the ل of لل): ``الجيش`` matches
  ``والجيش``، ``بالجيش``، ``للجيش``، ``وللجيش`` and ``جيش``;
- enclitics after it, from the entry's own set of allowed suffixes (attached pronouns for verbs and verbal nouns:
  ``قصفها``، ``اعتقلتهم``), none by default.

A match must start and end at a word boundary once those clitics are accounted for. Matches are reported in
normalised offsets; callers map them back with :class:`marsad.text.normalize.NormText`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any, Final, Generic, NamedTuple, TypeVar

import ahocorasick
import regex
from mypy_extensions import mypyc_attr

from marsad.text import scanning
from marsad.text.normalize import normalize_str

T = TypeVar("T")

PRONOUN_SUFFIXES: frozenset[str] = frozenset({"ه", "ها", "هم", "هما", "هن", "ك", "كم", "نا", "ي", "ني"})


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


# proclitic chain left in the token before a dictionary core (article already split off)
_PREFIX = regex.compile(r"^(?:و|ف)?(?:ب|ك|ل|س)?(?:ال|ل)?$")
# every non-empty string _PREFIX accepts (the hot path tests membership instead of running the pattern)
_PREFIXES: Final[frozenset[str]] = frozenset(
    a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ك", "ل", "س") for c in ("", "ال", "ل")
) - {""}
_MAX_PREFIX: Final = max(map(len, _PREFIXES))
# the letters of the proclitic chains: a letter before a core that is not one of them puts the core inside a word
_PREFIX_CHARS: frozenset[str] = frozenset("".join(_PREFIXES))
# the class of each character below U+0800 (Latin, Arabic), by code point: a proclitic's letter (a word character
# too), another word character (``_is_word_char``), or neither
# (Final: compiled, scripts/build_native.py, a constant is read without a lookup in the module's dict)
_OTHER: Final = 0
_WORD: Final = 1
_PROCLITIC: Final = 2
_TABLE_SIZE: Final = 0x800
_CHAR_CLASS: Final[bytes] = bytes(
    _PROCLITIC if c in _PREFIX_CHARS else _WORD if _is_word_char(c) else _OTHER for c in map(chr, range(_TABLE_SIZE))
)
# longest suffix a token may carry after a core (a longer rest of the token is not a suffix)
_MAX_SUFFIX = 4


# The characters of normalised Arabic news, most frequent first (2,000 corpus articles). pyahocorasick finds the
# next node of a letter by a linear scan of a node's list of children, in the order they were added: keys added in
# the order of their letters by this rank (:func:`by_letters`) put each node's likeliest letters first (the same
# automaton, the same matches; docs/performance.md, "Branch speed7").
_LETTER_ORDER: Final = " اليمهوتنرعبدفسقكحجصشطخضزثذغءظ"
# each of them as the code point of its rank (below any letter or digit), for sorting by str.translate
_RANKED: Final[dict[int, int]] = {ord(c): i for i, c in enumerate(_LETTER_ORDER)}


def _letters_key(key: str) -> str:
    return key.translate(_RANKED)


def by_letters(keys: Iterable[str]) -> list[str]:
    """``keys`` in the order their letters should be added to an automaton (most frequent letters first)."""
    return sorted(keys, key=_letters_key)


def dictionary_core(form: str) -> str:
    """The key a dictionary form is matched by: normalised, whitespace collapsed, the article of its first word
    split off (:func:`strip_article`).

    A form that begins with a hamza'd alif before ل ("إلقاء"، "آليات"، "ألغام"، "إلغاء") has no article, though
    normalisation writes it as one ("القاء"): its core keeps the two letters. Split off, "قاء" read "لقاء" (a
    meeting) and "بقاء" (staying) as a dropping from the air, "يات" read "يأتي" (comes) as armoured vehicles: in the
    ANT 2018 corpus, about 1,235 لقاء، 236 للقاء and 143 بقاء were so read, and 2,370 يأتي and ويأتي."""
    norm = " ".join(normalize_str(form).split())
    if first_letter(form) in HAMZA_ALIFS:
        return norm
    return strip_article(norm)[0]


# the alifs that carry a hamza or a madda: a word that begins with one and ل has no article
HAMZA_ALIFS: Final = frozenset("\u0623\u0625\u0622")


def first_letter(form: str) -> str:
    """The first letter of ``form`` ("" if none): no space, mark, tatweel or direction mark counts."""
    return next((c for c in form if c.isalpha() and c != "\u0640"), "")


def keep_first_hamza(written: str, variant: str) -> str:
    """``variant``, a normalised form made from ``written``, with the hamza of ``written``'s first letter put back
    when it had one, so that :func:`dictionary_core` does not take its first two letters for an article."""
    first = first_letter(written)
    return first + variant[1:] if first in HAMZA_ALIFS and variant[:1] == "\u0627" else variant


def strip_article(form: str) -> tuple[str, bool]:
    """The form without a leading article on its first word (``الجيش`` -> ``جيش``), and whether it had one.

    A core shorter than three letters keeps its article ("الحي"): two letters alone hide inside most words."""
    if form.startswith("ال") and len(form) > 4 and " " not in form[:5]:
        return form[2:], True
    return form, False


class Match(NamedTuple, Generic[T]):
    """One dictionary match in normalised text (a named tuple: an article yields hundreds of them).

    ``start``/``end`` cover the dictionary word itself with its article and suffix but not the other proclitics
    (so ``وبالجيش`` gives the span of ``الجيش`` with ``prefix`` ``وب``); ``token_start`` is where the whole
    token starts.
    """

    start: int
    end: int
    token_start: int
    prefix: str
    suffix: str
    key: str
    payload: T

    @property
    def length(self) -> int:
        return self.end - self.start


class _Entry(NamedTuple, Generic[T]):
    payload: T
    suffixes: frozenset[str]


#: The attribute of a matcher whose automaton is read when first used: a function that returns the automaton. A
#: stored matcher that a process may never use is loaded so (:func:`marsad.geo.stored.load`), not read with the rest.
AUTOMATON_SOURCE = "_automaton_source"
#: The attribute of a matcher that holds its native scanner (:func:`make_scanner`), made once the matcher has read
#: :data:`marsad.text.scanning.SCANNER_AFTER` characters with pyahocorasick's iterator (counted in :data:`READ`),
#: and never stored.
SCANNER = "_scanner"
READ = "_read"


def make_scanner(automaton: Any) -> Any:
    """The native scanner of a (made) pyahocorasick automaton of matcher values (``None`` without the build): the
    same keys and values, each with whether it is a mark and the longest suffix it allows, for the scanner's
    boundary pre-filter."""
    return scanning.make_scanner((key, value, value[1] is None, value[4]) for key, value in automaton.items())


@mypyc_attr(native_class=False)  # a Python class even when compiled: the resource cache stores its attributes
class PhraseMatcher(Generic[T]):
    """An Aho-Corasick automaton over dictionary forms, each carrying a payload.

    Build it once per resource set and reuse it: construction compiles the automaton (CPU only, no I/O).
    """

    def __init__(self, entries: Iterable[tuple[str, T, frozenset[str]]]) -> None:
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Entry[T]]] = {}
        for form, payload, suffixes in entries:
            core = dictionary_core(form)
            if len(core) < 2:
                continue
            table.setdefault(core, []).append(_Entry(payload, suffixes))
        for core in by_letters(table):
            items = table[core]
            # the suffixes any entry of this core accepts, and the longest of them (0: the core ends its token)
            suffixes = frozenset(x for it in items for x in it.suffixes if 0 < len(x) <= _MAX_SUFFIX)
            max_suffix = max(map(len, suffixes), default=0)
            self._automaton.add_word(core, (core, tuple(items), len(core), suffixes, max_suffix))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def __getattr__(self, name: str) -> Any:
        """The automaton of a matcher loaded with it unread (:data:`AUTOMATON_SOURCE`), read when first used."""
        if name == "_automaton":
            attrs = self.__dict__
            source = attrs.get(AUTOMATON_SOURCE)
            if source is not None:
                automaton = attrs.setdefault("_automaton", source())  # (two threads: the first one's)
                attrs.pop(AUTOMATON_SOURCE, None)
                return automaton
            if "_automaton" in attrs:  # read by another thread since this one's lookup failed
                return attrs["_automaton"]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def stored_attributes(self) -> dict[str, Any]:
        """The attributes a store of the matcher keeps beside its automaton (stored on its own; its scanner is made
        again from the automaton)."""
        return {k: v for k, v in vars(self).items() if k not in ("_automaton", AUTOMATON_SOURCE, SCANNER, READ)}

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (``copy.deepcopy`` too) without its scanner, a native object made again when needed."""
        return {k: v for k, v in vars(self).items() if k not in (SCANNER, READ)}

    def _matches(self, text: str, outs: list[list[Any]], marks: list[tuple[int, str]] | None) -> None:
        """:func:`_scan` over the automaton's hits in ``text``: pyahocorasick's iterator, then (once the matcher has
        read :data:`marsad.text.scanning.SCANNER_AFTER` characters, when it is built) the native scanner, which
        takes the same steps as :func:`_scan` in C (``Scanner.matches``, docs/native.md)."""
        attrs = self.__dict__
        scanner = attrs.get(SCANNER)
        if scanner is None:
            read: int = attrs.get(READ, 0) + len(text)
            if read < scanning.SCANNER_AFTER or not scanning.native_scanner():
                attrs[READ] = read
                _scan(self._automaton.iter(text), text, outs, marks)
                return
            scanner = attrs.setdefault(SCANNER, make_scanner(self._automaton))  # (two threads: the first one's)
        scanner.matches(text, _CHAR_CLASS, outs, marks, _PREFIXES, _MATCH, _MAX_PREFIX)

    def add_marks(self, words: Iterable[str]) -> None:
        """Add plain strings to the automaton, reported by :meth:`find` in its ``marks`` list wherever they occur
        (no boundary test, no match made): a caller that needs another set of strings found in the same text gets
        them from the same pass. Call before the automaton is made (by a subclass's constructor)."""
        for w in words:
            if w in self._automaton:
                raise ValueError(f"mark {w!r} is also a dictionary form")
            self._automaton.add_word(w, (w, None, len(w), None, 0))

    def find(
        self, text: str, *, ordered: bool = True, marks: list[tuple[int, str]] | None = None
    ) -> list[Match[T]]:
        """Every valid match in normalised ``text``, in order of start (overlaps included); with ``ordered=False``
        in the automaton's order (by end, longer first at one end), for a caller that orders them itself. The
        occurrences of the marks (:meth:`add_marks`) are appended to ``marks`` as (end, mark), in the automaton's
        order."""
        out: list[Match[T]] = []
        if self._automaton.kind == ahocorasick.AHOCORASICK:  # (else no form, and no mark either)
            self._matches(text, [out], marks)
        return sort_matches(out) if ordered else out

    def find_groups(self, text: str, groups: int, marks: list[tuple[int, str]] | None = None) -> list[list[Any]]:
        """For a matcher made by :meth:`combine` of ``groups`` matchers: what each one's :meth:`find` gives with
        ``ordered=False`` (and ``marks``), from one pass over the text."""
        outs: list[list[Any]] = [[] for _ in range(groups)]
        if self._automaton.kind == ahocorasick.AHOCORASICK:
            self._matches(text, outs, marks)
        return outs

    @staticmethod
    def combine(parts: Sequence[PhraseMatcher[Any]]) -> PhraseMatcher[Any]:
        """One matcher over the forms and marks of ``parts``, whose :meth:`find_groups` gives the matches of each
        part as its own :meth:`find` would, from one pass of one automaton over the text: a pass costs about as
        much per character for a large automaton as for a small one (docs/performance.md, "Branch speed7").

        A form of several parts is one key whose value holds each part's entries (the first part's in the place
        of a plain matcher's entries, the others' after the value's fifth item) and the union of their suffixes,
        which each entry then filters as in its own matcher."""
        merged: dict[str, list[Any]] = {}
        n = len(parts)
        for k, part in enumerate(parts):
            if part._automaton.kind != ahocorasick.AHOCORASICK:
                continue
            key: str
            for key, value in part._automaton.items():
                got = merged.get(key)
                if value[1] is None or (got is not None and got[1] is None):
                    if got is not None:
                        raise ValueError(f"mark {key!r} is also a form of another matcher")
                    merged[key] = list(value)
                    continue
                if got is None:
                    got = merged[key] = [key, (), len(key), value[3], value[4], *[()] * (n - 1)]
                elif not value[3] <= got[3]:  # (else the set of suffixes is shared: most are empty)
                    got[3] = got[3] | value[3]
                    got[4] = max(got[4], value[4])
                # (each entry as the plain matcher's named tuple: a subclass's entries may be another one)
                got[1 if k == 0 else 4 + k] = tuple([tuple.__new__(_Entry, (e[0], e[1])) for e in value[1]])
        matcher: PhraseMatcher[Any] = PhraseMatcher(())
        for key in by_letters(merged):
            matcher._automaton.add_word(key, tuple(merged[key]))
        matcher.size = sum(value[1] is not None for value in merged.values())  # (the forms: marks aside)
        if merged:
            matcher._automaton.make_automaton()
        return matcher


def _scan(
    hits: Iterable[tuple[int, tuple[Any, ...]]], text: str, outs: list[list[Any]], marks: list[tuple[int, str]] | None
) -> None:
    """The matches of the automaton's ``hits`` in ``text`` (pyahocorasick's) appended to ``outs`` (the
    entries of a value's fifth item on to ``outs[0]``, those of its later items to ``outs[1]``, ...:
    :meth:`PhraseMatcher.combine`), in the automaton's order; the marks to ``marks``."""
    out = outs[0]
    groups = len(outs)
    n = len(text)
    prefixes = _PREFIXES
    table = _CHAR_CLASS
    # most hits end or start inside a word: the characters around a hit are classed by code point in a table
    # (``_is_word_char`` only for characters above it), the text padded so that no test needs a bound check;
    # by code point, not by character, so that compiled (scripts/build_native.py) no string is made for it
    padded = f" {text} "
    hit: tuple[int, tuple[Any, ...]]  # (end - 1, (core, entries or None for a mark, len(core), suffixes, max, ...))
    for hit in hits:
        end = hit[0] + 1
        value = hit[1]
        items = value[1]
        if items is None:  # a mark
            if marks is not None:
                marks.append((end, value[0]))
            continue
        # right boundary: the rest of the token after the core must be a suffix some entry allows
        cp = ord(padded[end + 1])
        if table[cp] != _OTHER if cp < _TABLE_SIZE else chr(cp).isalnum():
            max_suffix: int = value[4]
            if not max_suffix:
                continue
            te = end + 1
            while te < n and te - end <= max_suffix and ((c := text[te]).isalnum() or c == "_"):
                te += 1
            if te - end > max_suffix:
                continue
            suffix = text[end:te]
            if suffix not in value[3]:
                continue
        else:
            te = end
            suffix = ""
        # left boundary: the start of the token, then a valid proclitic chain (of the proclitics' letters only)
        ncore: int = value[2]
        start = end - ncore
        cp = ord(padded[start])
        kind = table[cp] if cp < _TABLE_SIZE else _WORD if chr(cp).isalnum() else _OTHER
        if kind == _PROCLITIC:
            ts = start - 1
            while ts > 0 and start - ts <= _MAX_PREFIX:
                cp = ord(text[ts - 1])
                if cp >= _TABLE_SIZE or table[cp] != _PROCLITIC:
                    break
                ts -= 1
            if start - ts > _MAX_PREFIX or (
                ts > 0 and (table[cp] != _OTHER if cp < _TABLE_SIZE else chr(cp).isalnum())
            ):
                continue  # a longer chain, or a letter other than a proclitic's: inside a word
            prefix = text[ts:start]
            if prefix not in prefixes:
                continue
            mstart = start
            if prefix[-2:] == "ال":
                mstart -= 2
                prefix = prefix[:-2]
            elif prefix[-2:] == "لل":
                # لل = preposition ل + article
                mstart -= 1
                prefix = prefix[:-1]
        elif kind == _WORD:
            continue  # a letter that no proclitic chain holds: inside a word
        else:
            ts = mstart = start
            prefix = ""
        core: str = value[0]
        if suffix and (mstart < start or core[:2] == "ال"):
            # a definite word takes no attached pronoun: "القراره" is a name in ة ("القرارة"), not "قراره"
            continue
        _emit(out, items, mstart, te, ts, prefix, suffix, core)
        for g in range(1, groups):
            more = value[4 + g]
            if more:
                _emit(outs[g], more, mstart, te, ts, prefix, suffix, core)


def _emit(
    out: list[Any],
    items: tuple[tuple[Any, frozenset[str]], ...],
    start: int,
    end: int,
    ts: int,
    prefix: str,
    suffix: str,
    core: str,
) -> None:
    """One match for each entry of ``items`` (each a (payload, suffixes) named tuple, read by index: compiled,
    an attribute of a named tuple is looked up by name in its class) that allows ``suffix``, appended to ``out``."""
    if suffix:
        for item in items:
            if suffix in item[1]:
                out.append(_NEW(_MATCH, (start, end, ts, prefix, suffix, core, item[0])))
    else:
        for item in items:
            out.append(_NEW(_MATCH, (start, end, ts, prefix, suffix, core, item[0])))


# Match(...) without the named tuple's Python-level __new__ (hot: ~70 per article); Final, so that compiled neither
# is looked up by name at each call
_NEW: Final = tuple.__new__
_MATCH: Final = Match


def sort_matches(matches: list[Match[T]]) -> list[Match[T]]:
    """``matches`` sorted in place by start, longer first, equal spans in their given order (two stable sorts on
    C-level keys: an article yields hundreds of matches)."""
    matches.sort(key=_END, reverse=True)
    matches.sort(key=_START)
    return matches


_START = itemgetter(0)
_END = itemgetter(1)


def longest_first(matches: Iterable[Match[T]]) -> list[Match[T]]:
    """Keep the longest of overlapping matches (ties: the earliest), in order of start."""
    chosen: list[Match[T]] = []
    starts: list[int] = []  # of the chosen matches, which never overlap: sorted by start, so by end too
    ends: list[int] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        i = bisect_right(starts, m.start)
        if (i and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue  # the chosen match before it runs into it, or the one after it starts inside it
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        chosen.insert(i, m)
    return chosen
