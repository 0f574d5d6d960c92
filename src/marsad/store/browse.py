"""Reading the store a page at a time, for the HTTP API and the web view: keyset-paginated events, one event,
one document, incidents, facet values and a timeline, all narrowed by an :class:`EventFilter`.

Pages are keyset pages (no ``OFFSET``): a :class:`Cursor` holds the sort key of the last row served, so a page
costs the same however deep it is and rows ingested meanwhile neither repeat nor vanish. Undated events sort
after dated ones in both date orders.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, Select, Text, and_, cast, func, or_, select

from marsad.store.filters import EventFilter, apply_filter
from marsad.store.query import EventRow
from marsad.store.schema import Document, Event, EventActor, Incident, IncidentMember
from marsad.store.store import EventStore

Sort = Literal["date", "-date", "id", "-id"]
SORTS: tuple[str, ...] = ("date", "-date", "id", "-id")
Bucket = Literal["day", "week", "month"]
_S = TypeVar("_S", bound=Select)


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the sort order, and the last row's start date and id."""

    sort: str
    day: date | None
    last_id: int

    def encode(self) -> str:
        payload = json.dumps([self.sort, self.day.isoformat() if self.day else None, self.last_id])
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: str) -> Cursor:
        """The cursor of ``token``; a :class:`ValueError` when it is malformed or made for another sort."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            kind, day, last_id = json.loads(raw)
            parsed = cls(str(kind), date.fromisoformat(day) if day else None, int(last_id))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ValueError(f"cursor {token[:40]!r} is not a cursor this server issued") from None
        if parsed.sort != sort:
            raise ValueError(f"the cursor was issued for sort={parsed.sort}, not sort={sort}")
        return parsed


@dataclass(frozen=True)
class Page:
    rows: list[EventRow]
    next_cursor: str | None


def _with_document(*columns: Any) -> Select[Any]:
    """``columns`` of events joined with their documents and (when they have one) their incident membership."""
    return (
        select(*columns)
        .join(Document, Document.id == Event.document_id)
        .outerjoin(IncidentMember, IncidentMember.event_id == Event.id)
    )


def _columns() -> Select[Any]:
    return _with_document(
        Event.id,
        Event.record,
        Event.date_start,
        Document.id,
        Document.doc_id,
        Document.outlet,
        Document.url,
        Document.published,
        Document.title,
        Document.engine_version,
        Document.ingested_at,
        IncidentMember.incident_id,
        IncidentMember.reason,
    )


def _to_row(r: Any) -> EventRow:
    return EventRow(
        event_pk=r[0],
        record=r[1],
        doc_id=r[4],
        outlet=r[5],
        url=r[6],
        published=r[7],
        title=r[8],
        engine_version=r[9],
        ingested_at=r[10],
        incident_id=r[11],
        merge_reason=r[12],
        document_pk=r[3],
    )


def _after(sort: str, cursor: Cursor) -> ColumnElement[bool]:
    if sort == "id":
        return Event.id > cursor.last_id
    if sort == "-id":
        return Event.id < cursor.last_id
    later = sort == "date"
    same_day_next = Event.id > cursor.last_id if later else Event.id < cursor.last_id
    if cursor.day is None:
        return and_(Event.date_start.is_(None), same_day_next)
    beyond = Event.date_start > cursor.day if later else Event.date_start < cursor.day
    return or_(beyond, and_(Event.date_start == cursor.day, same_day_next), Event.date_start.is_(None))


def _ordered(query: _S, sort: str, dated: bool | None) -> _S:
    if sort == "id":
        return query.order_by(Event.id)
    if sort == "-id":
        return query.order_by(Event.id.desc())
    if dated:
        query = query.where(Event.date_start.is_not(None))
        if sort == "date":
            return query.order_by(Event.date_start, Event.id)
        return query.order_by(Event.date_start.desc(), Event.id.desc())
    query = query.where(Event.date_start.is_(None))
    return query.order_by(Event.id if sort == "date" else Event.id.desc())


def page_keys(
    store: EventStore, f: EventFilter, *, sort: str = "-date", limit: int = 100, after: Cursor | None = None
) -> tuple[list[int], str | None]:
    """The ids of up to ``limit`` events matching ``f`` in ``sort`` order after ``after``, and the next cursor.

    Only the events table is read, and only its id and start date are sorted (when an index does not already
    give the order), so that a page costs little however many events match.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    keys = apply_filter(select(Event.id, Event.date_start), f)
    if after is not None:
        keys = keys.where(_after(sort, after))
    found: list[Any] = []
    with store.session() as s:
        if sort in ("id", "-id"):
            found = list(s.execute(_ordered(keys, sort, None).limit(limit + 1)))
        else:
            # dated rows first, then undated ones: two index-friendly queries instead of one sort on an expression
            if after is None or after.day is not None:
                found = list(s.execute(_ordered(keys, sort, True).limit(limit + 1)))
            if len(found) <= limit:
                found += list(s.execute(_ordered(keys, sort, False).limit(limit + 1 - len(found))))
    more = len(found) > limit
    found = found[:limit]
    next_cursor = Cursor(sort, found[-1][1], found[-1][0]).encode() if more and found else None
    return [k[0] for k in found], next_cursor


def rows_by_id(store: EventStore, ids: Sequence[int]) -> list[EventRow]:
    """The events ``ids`` with their documents and incidents, in the order of ``ids``."""
    if not ids:
        return []
    with store.session() as s:
        rows = {r[0]: r for r in s.execute(_columns().where(Event.id.in_(ids)))}
    return [_to_row(rows[i]) for i in ids if i in rows]


@dataclass(frozen=True)
class RawEvent:
    """An event as the store holds it: its contract record as JSON text (not decoded), and its keys."""

    event_id: int
    record_json: str
    document_id: int
    doc_id: str
    outlet: str | None
    published: date | None
    incident_id: int | None


def raw_events_by_id(store: EventStore, ids: Sequence[int]) -> list[RawEvent]:
    """The events ``ids`` with their records left as JSON text, in the order of ``ids`` (for pages that pass
    records through without decoding them)."""
    if not ids:
        return []
    query = _with_document(
        Event.id,
        cast(Event.record, Text),
        Document.id,
        Document.doc_id,
        Document.outlet,
        Document.published,
        IncidentMember.incident_id,
    ).where(Event.id.in_(ids))
    with store.session() as s:
        rows = {r[0]: RawEvent(*r) for r in s.execute(query)}
    return [rows[i] for i in ids if i in rows]


def page_events(
    store: EventStore, f: EventFilter, *, sort: str = "-date", limit: int = 100, after: Cursor | None = None
) -> Page:
    """Up to ``limit`` events matching ``f`` in ``sort`` order, starting after ``after``."""
    ids, next_cursor = page_keys(store, f, sort=sort, limit=limit, after=after)
    return Page(rows_by_id(store, ids), next_cursor)


def iter_event_rows(
    store: EventStore, f: EventFilter, *, sort: str = "date", limit: int | None = None, batch: int = 5000
) -> Iterator[EventRow]:
    """Every event matching ``f`` (or the first ``limit``) in ``sort`` order, read a page at a time."""
    after: Cursor | None = None
    served = 0
    while limit is None or served < limit:
        size = batch if limit is None else min(batch, limit - served)
        page = page_events(store, f, sort=sort, limit=size, after=after)
        yield from page.rows
        served += len(page.rows)
        if page.next_cursor is None:
            return
        after = Cursor.decode(page.next_cursor, sort)


def get_event(store: EventStore, event_id: int) -> EventRow | None:
    with store.session() as s:
        row = s.execute(_columns().where(Event.id == event_id)).first()
    return _to_row(row) if row is not None else None


@dataclass(frozen=True)
class DocumentView:
    document_id: int
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None
    language: str
    engine_version: str
    ingested_at: datetime
    text: str
    events: list[EventRow]


def get_document(store: EventStore, document_id: int) -> DocumentView | None:
    """A stored document with its text and its events in article order."""
    with store.session() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            return None
        rows = s.execute(_columns().where(Event.document_id == document_id).order_by(Event.seq))
        events = [_to_row(r) for r in rows]
        return DocumentView(
            document_id=doc.id,
            doc_id=doc.doc_id,
            title=doc.title,
            outlet=doc.outlet,
            url=doc.url,
            published=doc.published,
            language=doc.language,
            engine_version=doc.engine_version,
            ingested_at=doc.ingested_at,
            text=doc.text,
            events=events,
        )


def document_text(store: EventStore, document_id: int) -> str | None:
    with store.session() as s:
        text: str | None = s.scalar(select(Document.text).where(Document.id == document_id))
        return text


@dataclass(frozen=True)
class IncidentView:
    incident_id: int
    event_type: str
    sub_event_type: str
    date_start: date | None
    date_end: date | None
    pcode: str | None
    admin1: str | None
    admin3: str | None
    n_events: int
    n_documents: int
    members: Sequence[EventRow] = ()


def _incident(i: Incident, members: Sequence[EventRow] = ()) -> IncidentView:
    return IncidentView(
        i.id,
        i.event_type,
        i.sub_event_type,
        i.date_start,
        i.date_end,
        i.pcode,
        i.admin1,
        i.admin3,
        i.n_events,
        i.n_documents,
        members,
    )


def page_incidents(
    store: EventStore, f: EventFilter, *, limit: int = 100, before_id: int | None = None
) -> tuple[list[IncidentView], int | None]:
    """Incidents with a member event matching ``f``, newest id first; returns them and the next ``before_id``."""
    wanted = apply_filter(
        select(IncidentMember.incident_id).join(Event, Event.id == IncidentMember.event_id), f
    )
    query = select(Incident).where(Incident.id.in_(wanted)).order_by(Incident.id.desc()).limit(limit + 1)
    if before_id is not None:
        query = query.where(Incident.id < before_id)
    with store.session() as s:
        found = list(s.scalars(query))
    more = len(found) > limit
    found = found[:limit]
    return [_incident(i) for i in found], (found[-1].id if more and found else None)


def get_incident(store: EventStore, incident_id: int) -> IncidentView | None:
    """An incident with its member reports, oldest first."""
    with store.session() as s:
        inc = s.get(Incident, incident_id)
        if inc is None:
            return None
        rows = s.execute(_columns().where(IncidentMember.incident_id == incident_id).order_by(Event.id))
        return _incident(inc, [_to_row(r) for r in rows])


# --------------------------------------------------------------------------------------------- aggregates


@dataclass(frozen=True)
class Count:
    key: str
    count: int
    label: str | None = None


def _counts(s: Any, column: Any, f: EventFilter, limit: int | None = None) -> list[Count]:
    query = apply_filter(select(column, func.count(Event.id)), f).group_by(column)
    rows = [Count(str(k) if k is not None else "unknown", int(n)) for k, n in s.execute(query)]
    rows.sort(key=lambda c: (-c.count, c.key))
    return rows[:limit] if limit else rows


def actor_counts(s: Any, f: EventFilter, limit: int | None = None) -> list[Count]:
    """Events per actor (any role), with the actor's English name as label."""
    events = apply_filter(select(Event.id), f)
    query = (
        select(EventActor.actor_id, func.min(EventActor.name), func.count(func.distinct(EventActor.event_id)))
        .where(EventActor.event_id.in_(events))
        .group_by(EventActor.actor_id)
    )
    rows = [Count(str(k), int(n), str(name)) for k, name, n in s.execute(query)]
    rows.sort(key=lambda c: (-c.count, c.key))
    return rows[:limit] if limit else rows


def statistics(store: EventStore, f: EventFilter, *, top: int = 50) -> dict[str, Any]:
    """Total and counts by type, sub-type, month, admin1 and actor (top ``top`` actors) of the events ``f``
    selects."""
    with store.session() as s:
        total = int(s.scalar(apply_filter(select(func.count(Event.id)), f)) or 0)
        months: dict[str, int] = defaultdict(int)
        for day, n in s.execute(
            apply_filter(select(Event.date_start, func.count(Event.id)), f).group_by(Event.date_start)
        ):
            months[day.strftime("%Y-%m") if day else "unknown"] += int(n)
        return {
            "total": total,
            "by_type": _counts(s, Event.event_type, f),
            "by_sub_type": _counts(s, Event.sub_event_type, f),
            "by_month": [Count(k, n) for k, n in sorted(months.items())],
            "by_admin1": _counts(s, Event.admin1, f),
            "by_actor": actor_counts(s, f, top),
        }


@dataclass(frozen=True)
class Facets:
    """The values an analyst can filter on, with their event counts over the whole store."""

    types: list[Count]
    sub_types: list[tuple[str, str, int]]
    admin1: list[Count]
    outlets: list[Count]
    actors: list[Count]
    first_day: date | None
    last_day: date | None
    total: int


def facets(store: EventStore, *, top_actors: int = 200) -> Facets:
    every = EventFilter()
    with store.session() as s:
        subs = s.execute(
            select(Event.event_type, Event.sub_event_type, func.count(Event.id)).group_by(
                Event.event_type, Event.sub_event_type
            )
        )
        sub_types = sorted(
            ((str(t), str(st), int(n)) for t, st, n in subs), key=lambda r: (r[0], -r[2], r[1])
        )
        outlets = s.execute(
            select(Document.outlet, func.count(Event.id))
            .join(Event, Event.document_id == Document.id)
            .group_by(Document.outlet)
        )
        first, last = s.execute(select(func.min(Event.date_start), func.max(Event.date_start))).one()
        return Facets(
            types=_counts(s, Event.event_type, every),
            sub_types=sub_types,
            admin1=[c for c in _counts(s, Event.admin1, every) if c.key != "unknown"],
            outlets=sorted((Count(str(o), int(n)) for o, n in outlets if o), key=lambda c: (-c.count, c.key)),
            actors=actor_counts(s, every, top_actors),
            first_day=first,
            last_day=last,
            total=int(s.scalar(select(func.count(Event.id))) or 0),
        )


def bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def choose_bucket(first: date | None, last: date | None) -> Bucket:
    """Days for up to ~4 months, weeks up to ~3 years, months beyond."""
    if first is None or last is None:
        return "day"
    span = (last - first).days
    return "day" if span <= 120 else "week" if span <= 3 * 365 else "month"


def timeline(
    store: EventStore, f: EventFilter, bucket: str | None = None
) -> tuple[str, list[tuple[date, str, int]]]:
    """Events per (bucket start, event type) for the dated events ``f`` selects; ``bucket`` chosen from the date
    range when ``None``."""
    query = (
        apply_filter(select(Event.date_start, Event.event_type, func.count(Event.id)), f)
        .where(Event.date_start.is_not(None))
        .group_by(Event.date_start, Event.event_type)
    )
    with store.session() as s:
        per_day: list[tuple[date, str, int]] = [
            (d, str(t), int(n)) for d, t, n in s.execute(query) if d is not None
        ]
    if bucket is None:
        days = [d for d, _, _ in per_day]
        bucket = choose_bucket(min(days, default=None), max(days, default=None))
    counts: dict[tuple[date, str], int] = defaultdict(int)
    for d, t, n in per_day:
        counts[(bucket_start(d, bucket), t)] += n
    return bucket, sorted((d, t, n) for (d, t), n in counts.items())
