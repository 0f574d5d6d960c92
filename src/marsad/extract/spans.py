"""Lookups over spans of one document by bisection, so that a stage never compares every span with every other
(which cost time in the square of a document's length): an index of possibly overlapping spans, the run of gap
characters before a position, and the last of a list of spans in order of start that ends by a position."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


def overlaps_any(a_start: int, a_end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``[a_start, a_end)`` overlaps one of ``spans`` (a scan: what :class:`SpanIndex` answers faster)."""
    return any(a_start < e and a_end > s for s, e in spans)


class SpanIndex:
    """Spans, overlapping or not, indexed to tell in O(log n) whether ``[a, b)`` overlaps or lies in any of them."""

    __slots__ = ("_max_end", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []  # the largest end among the spans up to each one, in order of start
        run = -1
        for _, e in ordered:
            run = max(run, e)
            self._max_end.append(run)

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self._starts, b)  # the spans starting before b
        return i > 0 and self._max_end[i - 1] > a

    def covers(self, a: int, b: int) -> bool:
        """Whether one of the spans holds all of ``[a, b)``."""
        i = bisect.bisect_right(self._starts, a)  # the spans starting at or before a
        return i > 0 and self._max_end[i - 1] >= b


GAP_CHARS = " \"'"


def gap_start(text: str, lo: int, pos: int, chars: str | None = GAP_CHARS) -> int:
    """Where the run of ``chars`` (spaces and quotes by default; white space for ``None``) that ends at ``pos``
    starts, not before ``lo``: ``not text[x:pos].strip(chars)`` exactly when ``x >= gap_start(text, lo, pos,
    chars)`` (for ``x >= lo``). Reading back from ``pos`` costs the length of that run, not of ``text[x:pos]``."""
    if chars is None:
        while pos > lo and text[pos - 1].isspace():
            pos -= 1
    else:
        while pos > lo and text[pos - 1] in chars:
            pos -= 1
    return pos


def any_in(sorted_values: list[int], lo: int, hi: int) -> bool:
    """Whether some of ``sorted_values`` lies in ``[lo, hi]``."""
    i = bisect.bisect_left(sorted_values, lo)
    return i < len(sorted_values) and sorted_values[i] <= hi


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=_Span)


def start_of(span: _Span) -> int:
    return span.start


def last_ending_by(spans: Sequence[_S], pos: int) -> int | None:
    """The index of the last of ``spans`` (in order of start) that ends by ``pos``: found by bisection, then walking
    back over the few that run past ``pos``."""
    i = bisect.bisect_right(spans, pos, key=start_of)
    while i > 0:
        i -= 1
        if spans[i].end <= pos:
            return i
    return None
