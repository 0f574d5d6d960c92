"""Reading events and incidents back out of the store, filtered, for exports and statistics."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer

from marsad.store.filters import EventFilter, apply_filter
from marsad.store.schema import Document, Event, Incident, IncidentMember
from marsad.store.store import EventStore

BATCH = 500
_Q = TypeVar("_Q", bound=Select)


#: The filter of exports and statistics (the same object the API and the CLI build).
Filters = EventFilter


@dataclass(frozen=True)
class EventRow:
    """One stored event with what an export needs of its document and incident."""

    event_pk: int
    record: dict[str, Any]
    doc_id: str
    outlet: str | None
    url: str | None
    published: date | None
    title: str | None
    engine_version: str
    ingested_at: datetime
    incident_id: int | None
    merge_reason: str | None = None
    document_pk: int | None = None
    #: the first characters of the article (its title line and dateline), for the date an export falls back on
    head: str | None = None


@dataclass(frozen=True)
class IncidentRow:
    """One incident and its member events (oldest report first)."""

    incident_id: int
    members: Sequence[EventRow] = field(default_factory=tuple)


def _filtered(query: _Q, filters: Filters) -> _Q:
    return apply_filter(query, filters)


#: Characters of an article's head an export row carries (title line and dateline).
HEAD_CHARS = 240


def _base() -> Select[Event, Document, IncidentMember, str]:
    return (
        select(Event, Document, IncidentMember, func.substr(Document.text, 1, HEAD_CHARS))
        .join(Document, Document.id == Event.document_id)
        .outerjoin(IncidentMember, IncidentMember.event_id == Event.id)
        .options(defer(Document.text))  # rows carry the document's metadata and head, not its article text
    )


def _row(event: Event, document: Document, member: IncidentMember | None, head: str | None = None) -> EventRow:
    return EventRow(
        event_pk=event.id,
        record=dict(event.record),
        doc_id=document.doc_id,
        outlet=document.outlet,
        url=document.url,
        published=document.published,
        title=document.title,
        engine_version=document.engine_version,
        ingested_at=document.ingested_at,
        incident_id=member.incident_id if member else None,
        merge_reason=member.reason if member else None,
        document_pk=document.id,
        head=head,
    )


def iter_events(store: EventStore, filters: Filters | None = None) -> Iterator[EventRow]:
    """Every stored event matching ``filters``, by date (undated last) then id."""
    query = _filtered(_base(), filters or Filters()).order_by(
        Event.date_start.is_(None), Event.date_start, Event.id
    )
    with store.session() as s:
        for event, document, member, head in s.execute(query.execution_options(yield_per=BATCH)):
            yield _row(event, document, member, head)


def iter_incidents(store: EventStore, filters: Filters | None = None) -> Iterator[IncidentRow]:
    """Every incident with at least one member event matching ``filters``, by date then id."""
    wanted = _filtered(
        select(IncidentMember.incident_id).join(Event, Event.id == IncidentMember.event_id),
        filters or Filters(),
    ).distinct()
    with store.session() as s:
        ids = list(
            s.scalars(
                select(Incident.id)
                .where(Incident.id.in_(wanted))
                .order_by(Incident.date_start.is_(None), Incident.date_start, Incident.id)
            )
        )
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            yield from _incident_chunk(s, chunk)


def _incident_chunk(s: Session, ids: list[int]) -> Iterator[IncidentRow]:
    query = _base().where(IncidentMember.incident_id.in_(ids)).order_by(Event.id)
    grouped: dict[int, list[EventRow]] = {i: [] for i in ids}
    for event, document, member, head in s.execute(query):
        grouped[member.incident_id].append(_row(event, document, member, head))
    for incident_id in ids:
        yield IncidentRow(incident_id, tuple(grouped[incident_id]))


def stats(store: EventStore, filters: Filters | None = None) -> dict[str, list[tuple[str, int]]]:
    """Event counts by type, by country, by admin1 and by month (``YYYY-MM``, ``unknown`` for undated events)."""
    filters = filters or Filters()
    out: dict[str, list[tuple[str, int]]] = {}
    with store.session() as s:
        for name, column in (("type", Event.event_type), ("country", Event.country), ("admin1", Event.admin1)):
            query = _filtered(select(column, func.count(Event.id)), filters).group_by(column)
            rows = [(str(k) if k else "unknown", int(n)) for k, n in s.execute(query)]
            out[name] = sorted(rows, key=lambda kv: (-kv[1], kv[0]))
        months: dict[str, int] = {}
        by_day = _filtered(select(Event.date_start, func.count(Event.id)), filters).group_by(Event.date_start)
        for day, n in s.execute(by_day):
            key = day.strftime("%Y-%m") if day else "unknown"
            months[key] = months.get(key, 0) + int(n)
        out["month"] = sorted(months.items())
    return out
