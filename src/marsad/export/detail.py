"""One stored event, or one incident, with everything a reader checks it against: its fields, its export row,
and the sentences of its article that carry its evidence, with the words of each field located in them.

>>> detail = event_detail(store, 123)          # doctest: +SKIP
>>> detail.passages[0].text, detail.passages[0].spans   # the sentence, and the fields' spans in it

Used by ``marsad show``; the web view's evidence page does the same over HTTP (:mod:`marsad.api.spans`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.api.spans import Located, field_spans
from marsad.store import browse
from marsad.store.query import EventRow
from marsad.store.store import EventStore

#: A passage ends at most this many characters past its sentence's start when the text has no punctuation.
MAX_PASSAGE = 600


@dataclass(frozen=True)
class Passage:
    """A run of whole sentences of an article, and the located fields inside it (offsets into ``text``)."""

    start: int
    end: int
    text: str
    spans: tuple[Located, ...]


@dataclass(frozen=True)
class EventDetail:
    row: EventRow
    acled: dict[str, Any]
    passages: tuple[Passage, ...]
    #: the other reports of the event's incident
    others: tuple[EventRow, ...] = field(default_factory=tuple)


def passages(text: str, located: Sequence[Located]) -> list[Passage]:
    """The sentences of ``text`` that hold an evidence span (adjacent ones joined), each with the located
    fields that fall in it."""
    from marsad.text.normalize import normalize
    from marsad.text.segment import sentences

    norm = normalize(text)
    bounds = [norm.orig_span(s, e) for s, e in sentences(norm.text)] or [(0, len(text))]
    wanted: list[tuple[int, int]] = []
    for span in located:
        if span.field != "evidence":
            continue
        covering = [b for b in bounds if b[0] < span.end and span.start < b[1]] or [
            (span.start, min(len(text), span.start + MAX_PASSAGE))
        ]
        start, end = min(b[0] for b in covering), max(b[1] for b in covering)
        if wanted and start <= wanted[-1][1] + 1:
            wanted[-1] = (wanted[-1][0], max(wanted[-1][1], end))
        else:
            wanted.append((start, end))
    wanted.sort()
    out = []
    for start, end in wanted:
        inside = tuple(
            Located(s.field, max(s.start, start) - start, min(s.end, end) - start, s.text)
            for s in located
            if s.start < end and start < s.end
        )
        out.append(Passage(start, end, text[start:end], inside))
    return out


def _acled_row(row: EventRow) -> dict[str, Any]:
    from marsad.export.acled import lexicon_inter
    from marsad.export.writers import event_rows

    return next(iter(event_rows([row], inter=lexicon_inter)))[0]


def _with_head(row: EventRow, text: str | None) -> EventRow:
    from dataclasses import replace

    from marsad.store.query import HEAD_CHARS

    return replace(row, head=text[:HEAD_CHARS] if text else None)


def event_detail(store: EventStore, event_id: int) -> EventDetail | None:
    """The event ``event_id`` with its export row, its evidence sentences and its incident's other reports."""
    row = browse.get_event(store, event_id)
    if row is None:
        return None
    text = browse.document_text(store, row.document_pk) if row.document_pk is not None else None
    row = _with_head(row, text)
    found = passages(text, field_spans(text, row.record)) if text else []
    others: tuple[EventRow, ...] = ()
    if row.incident_id is not None:
        incident = browse.get_incident(store, row.incident_id)
        if incident is not None:
            others = tuple(m for m in incident.members if m.event_pk != row.event_pk)
    return EventDetail(row, _acled_row(row), tuple(found), others)


def incident_detail(store: EventStore, incident_id: int) -> tuple[browse.IncidentView, list[EventDetail]] | None:
    """The incident and the detail of each of its reports, oldest first."""
    incident = browse.get_incident(store, incident_id)
    if incident is None:
        return None
    out = []
    for member in incident.members:
        detail = event_detail(store, member.event_pk)
        if detail is not None:
            out.append(detail)
    return incident, out


def find_event_id(store: EventStore, ident: str) -> int | None:
    """The store id of an event named as the user saw it: its store id (``123``), its ACLED id in an export
    (``SYR123``), or its contract id (``doc-id:3``)."""
    from sqlalchemy import select

    from marsad.store.schema import Event

    ident = ident.strip()
    digits = ident.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if digits.isdigit() and len(ident) - len(digits) in (0, 3):
        return int(digits)
    with store.session() as s:
        found = s.scalars(select(Event.id).where(Event.event_key == ident).order_by(Event.id.desc())).first()
    return int(found) if found is not None else None


def find_incident_id(ident: str) -> int | None:
    """An incident id as the user saw it: ``45``, or the ACLED id of an incident row (``SYRI45``)."""
    ident = ident.strip()
    digits = ident.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if digits.isdigit() and (ident == digits or ident[:-len(digits)].endswith("I")):
        return int(digits)
    return None
