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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick
import regex

from marsad.text.normalize import normalize_str

T = TypeVar("T")

PRONOUN_SUFFIXES: frozenset[str] = frozenset({"ه", "ها", "هم", "هما", "هن", "ك", "كم", "نا", "ي", "ني"})

# proclitic chain left in the token before a dictionary core (article already split off)
_PREFIX = regex.compile(r"^(?:و|ف)?(?:ب|ك|ل|س)?(?:ال|ل)?$")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def strip_article(form: str) -> tuple[str, bool]:
    """The form without a leading article on its first word (``الجيش`` -> ``جيش``), and whether it had one."""
    if form.startswith("ال") and len(form) > 3 and " " not in form[:4]:
        return form[2:], True
    return form, False


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """One dictionary match in normalised text.

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


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    payload: T
    suffixes: frozenset[str]


class PhraseMatcher(Generic[T]):
    """An Aho-Corasick automaton over dictionary forms, each carrying a payload.

    Build it once per resource set and reuse it: construction compiles the automaton (CPU only, no I/O).
    """

    def __init__(self, entries: Iterable[tuple[str, T, frozenset[str]]]) -> None:
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Entry[T]]] = {}
        for form, payload, suffixes in entries:
            core, _ = strip_article(" ".join(normalize_str(form).split()))
            if len(core) < 2:
                continue
            table.setdefault(core, []).append(_Entry(payload, suffixes))
        for core, items in table.items():
            self._automaton.add_word(core, (core, tuple(items)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match[T]]:
        """Every valid match in normalised ``text``, in order of start (overlaps included)."""
        if not self.size:
            return []
        out: list[Match[T]] = []
        n = len(text)
        for end_incl, (core, items) in self._automaton.iter(text):
            start = end_incl - len(core) + 1
            end = end_incl + 1
            # left boundary: the token's start, then a valid proclitic chain
            ts = start
            while ts > 0 and _is_word_char(text[ts - 1]) and start - ts <= 5:
                ts -= 1
            if ts > 0 and _is_word_char(text[ts - 1]):
                continue
            prefix = text[ts:start]
            if prefix and not _PREFIX.match(prefix):
                continue
            # right boundary: the token's end, the rest must be an allowed suffix
            te = end
            while te < n and _is_word_char(text[te]) and te - end <= 3:
                te += 1
            if te < n and _is_word_char(text[te]):
                continue
            suffix = text[end:te]
            mstart = start
            if prefix.endswith("ال"):
                mstart -= 2
                prefix = prefix[:-2]
            elif prefix.endswith("ل") and len(prefix) >= 2 and prefix[-2] == "ل":
                # لل = preposition ل + article
                mstart -= 1
                prefix = prefix[:-1]
            for item in items:
                if suffix and suffix not in item.suffixes:
                    continue
                out.append(Match(mstart, te, ts, prefix, suffix, core, item.payload))
        out.sort(key=lambda m: (m.start, -m.length))
        return out


def longest_first(matches: Iterable[Match[T]]) -> list[Match[T]]:
    """Keep the longest of overlapping matches (ties: the earliest), in order of start."""
    chosen: list[Match[T]] = []
    for m in sorted(matches, key=lambda m: (-m.length, m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen
