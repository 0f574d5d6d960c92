"""Where each field of an event sits in its article, so that a reader can see the words behind every field.

The contract gives offsets for the evidence spans only; the other fields (actors, place, date, amounts, the
attribution, loaded words) carry the article's words as ``text``. :func:`field_spans` finds those words in the
article: inside an evidence span when they occur there, else at the occurrence nearest to one; first as written,
then through the engine's normaliser (so a field written without its diacritics still finds its words).

:func:`segments` cuts a text at every span boundary, giving the pieces a page renders with the fields each piece
belongs to (the web view highlights a field by lighting the pieces that carry its name).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from marsad.text.normalize import NormText, normalize, normalize_str


@dataclass(frozen=True)
class Located:
    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Segment:
    """A piece of the text and the fields whose span covers it (empty for plain text)."""

    text: str
    fields: tuple[str, ...]


def _field_texts(event: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for name in ("actor1", "actor2", "location", "date", "attribution"):
        value = event.get(name)
        if isinstance(value, Mapping) and value.get("text"):
            yield name, str(value["text"])
    for name in ("assoc_actors", "quantities", "framing"):
        for i, item in enumerate(event.get(name) or []):
            if isinstance(item, Mapping) and item.get("text"):
                yield f"{name}.{i}", str(item["text"])


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and len(found) < 500:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _distance(start: int, end: int, spans: Sequence[tuple[int, int]]) -> int:
    if not spans:
        return start
    return min(0 if (start >= s and end <= e) else min(abs(start - e), abs(s - end)) + 1 for s, e in spans)


class _Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self._norm: NormText | None = None

    @property
    def norm(self) -> NormText:
        if self._norm is None:
            self._norm = normalize(self.text)
        return self._norm

    def find(self, words: str, near: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
        candidates = [(s, s + len(words)) for s in _occurrences(self.text, words)]
        if not candidates:
            key = normalize_str(words).strip()
            if key:
                candidates = [self.norm.orig_span(s, s + len(key)) for s in _occurrences(self.norm.text, key)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (_distance(c[0], c[1], near), c[0]))


def field_spans(text: str, event: Mapping[str, Any]) -> list[Located]:
    """The evidence spans of ``event`` and the located words of each of its fields, in text order."""
    out: list[Located] = []
    near: list[tuple[int, int]] = []
    finder = _Finder(text)
    for span in event.get("evidence") or []:
        start, end, words = int(span.get("start", -1)), int(span.get("end", -1)), str(span.get("text") or "")
        if not (0 <= start < end <= len(text)) or (words and text[start:end] != words):
            found = finder.find(words, ()) if words else None  # offsets into another text: look the words up
            if found is None:
                continue
            start, end = found
        near.append((start, end))
        out.append(Located("evidence", start, end, text[start:end]))
    for name, words in _field_texts(event):
        found = finder.find(words, near)
        if found is not None:
            out.append(Located(name, found[0], found[1], text[found[0] : found[1]]))
    out.sort(key=lambda loc: (loc.start, loc.end, loc.field))
    return out


def segments(text: str, spans: Sequence[Located]) -> list[Segment]:
    """``text`` cut at every boundary of ``spans``; each piece names the fields covering it."""
    cuts = {0, len(text)}
    for sp in spans:
        cuts.update((max(0, min(sp.start, len(text))), max(0, min(sp.end, len(text)))))
    bounds = sorted(cuts)
    out: list[Segment] = []
    for a, b in pairwise(bounds):
        if a == b:
            continue
        covering = tuple(dict.fromkeys(sp.field for sp in spans if sp.start <= a and b <= sp.end))
        out.append(Segment(text[a:b], covering))
    return out
