"""The read side of the JSON API: events (pages, one, GeoJSON, exports), documents, incidents, statistics, the
timeline and facet values. Every list takes the filters of :mod:`marsad.api.params`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import text

from marsad.api import convert
from marsad.api.models import (
    DocumentOut,
    ErrorOut,
    EventDetail,
    EventPage,
    FacetsOut,
    Health,
    IncidentDetail,
    IncidentPage,
    StatsOut,
    TimelineOut,
)
from marsad.api.params import MAX_LIMIT, bad_param, event_filter
from marsad.api.services import Services
from marsad.api.streaming import stream_writer
from marsad.store import browse
from marsad.store.browse import Cursor
from marsad.store.filters import EventFilter
from marsad.store.store import EventStore

router = APIRouter()
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}}
SortParam = Annotated[
    Literal["date", "-date", "id", "-id"],
    Query(description="date / -date (by start date, undated last, then id) or id / -id."),
]
MAX_GEOJSON = 100_000
STREAM_CHUNK = 64 * 1024
EXPORT_TYPES = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def store_of(request: Request) -> EventStore:
    return services(request).store


Store = Annotated[EventStore, Depends(store_of)]


def filtered(request: Request, f: Annotated[EventFilter, Depends(event_filter)]) -> EventFilter:
    """The request's filter with the store's vocabulary (exact, indexed matches)."""
    return services(request).with_vocabulary(f)


Filter = Annotated[EventFilter, Depends(filtered)]


class FastJSON(JSONResponse):
    """JSON without a second validation pass: handlers build their bodies in the shape of the declared models
    (``tests/api`` checks every response against them), so the pages are encoded once, quickly."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_encode).encode("utf-8")


def _encode(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


@router.get("/healthz", response_model=Health, tags=["service"])
def healthz(store: Store) -> dict[str, Any]:
    """Liveness: the server answers and the store answers a trivial query."""
    with store.session() as s:
        s.execute(text("SELECT 1"))
    return {"status": "ok", "store": store.url}


@router.get("/api/events", response_model=EventPage, tags=["events"])
def list_events(
    store: Store,
    f: Filter,
    sort: SortParam = "-date",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[
        str | None, Query(max_length=400, description="next_cursor of the previous page.")
    ] = None,
) -> Response:
    """A page of events matching the filters, newest first by default."""
    after = None
    if cursor:
        try:
            after = Cursor.decode(cursor, sort)
        except ValueError as exc:
            raise bad_param("cursor", str(exc), cursor) from None
    ids, next_cursor = browse.page_keys(store, f, sort=sort, limit=limit, after=after)
    body = convert.event_page_json(browse.raw_events_by_id(store, ids), next_cursor, sort, limit)
    return Response(body, media_type="application/json")


def _geojson_body(svc: Services, f: EventFilter, sort: str, limit: int | None) -> Iterator[bytes]:
    from marsad.export.writers import event_rows, geojson_feature

    rows = browse.iter_event_rows(svc.store, f, sort=sort, limit=limit)
    chunk = ['{"type": "FeatureCollection", "features": [']
    size = 0
    separator = "\n"
    for row, (ev,) in event_rows(rows, inter=svc.inter):
        feature = geojson_feature(row)
        feature["properties"]["event_id"] = ev.event_pk
        text = separator + json.dumps(feature, ensure_ascii=False)
        separator = ",\n"
        chunk.append(text)
        size += len(text)
        if size >= STREAM_CHUNK:  # one HTTP chunk per ~64 KB, not per feature
            yield "".join(chunk).encode()
            chunk, size = [], 0
    chunk.append("\n]}\n")
    yield "".join(chunk).encode()


@router.get(
    "/api/events.geojson",
    tags=["events"],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/geo+json": {}}, "description": "A GeoJSON FeatureCollection."}},
)
def events_geojson(
    request: Request,
    f: Filter,
    sort: SortParam = "date",
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_GEOJSON, description="At most this many features.")
    ] = None,
) -> StreamingResponse:
    """The events matching the filters as GeoJSON, in the export's feature shape (the ACLED row and Marsad's
    columns as properties, plus ``event_id``); unlocated events have a null geometry."""
    return StreamingResponse(
        _geojson_body(services(request), f, sort, limit), media_type="application/geo+json"
    )


@router.get("/api/events/{event_id}", response_model=EventDetail, responses=NOT_FOUND, tags=["events"])
def get_event(store: Store, event_id: int) -> FastJSON:
    """One event with its document's title and URL, its merge reason and where each field is in the article."""
    row = browse.get_event(store, event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id}")
    text = browse.document_text(store, row.document_pk) if row.document_pk is not None else None
    return FastJSON(convert.event_detail(row, text))


@router.get(
    "/api/documents/{document_id}", response_model=DocumentOut, responses=NOT_FOUND, tags=["documents"]
)
def get_document(store: Store, document_id: int) -> FastJSON:
    """A stored article: text, title, outlet, publication date, and each event with its evidence spans and the
    spans of its fields, as character offsets into ``text``."""
    doc = browse.get_document(store, document_id)
    if doc is None:
        raise HTTPException(404, f"no document {document_id}")
    return FastJSON(convert.document_out(doc))


@router.get("/api/incidents", response_model=IncidentPage, tags=["incidents"])
def list_incidents(
    store: Store,
    f: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[
        str | None, Query(max_length=40, description="next_cursor of the previous page.")
    ] = None,
) -> FastJSON:
    """Incidents (one real-world event, one or more reports) with a member event matching the filters, newest
    first."""
    before = None
    if cursor:
        if not cursor.isdigit():
            raise bad_param("cursor", "not a cursor this server issued", cursor)
        before = int(cursor)
    found, next_id = browse.page_incidents(store, f, limit=limit, before_id=before)
    return FastJSON(
        {
            "incidents": [convert.incident_summary(i) for i in found],
            "next_cursor": str(next_id) if next_id is not None else None,
            "limit": limit,
        }
    )


@router.get(
    "/api/incidents/{incident_id}", response_model=IncidentDetail, responses=NOT_FOUND, tags=["incidents"]
)
def get_incident(store: Store, incident_id: int) -> FastJSON:
    """An incident and its member reports (oldest first), each with why it was merged."""
    inc = browse.get_incident(store, incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return FastJSON(convert.incident_detail(inc))


def _counts(items: list[browse.Count]) -> list[dict[str, Any]]:
    return [{"key": c.key, "count": c.count, "label": c.label} for c in items]


@router.get("/api/stats", response_model=StatsOut, tags=["statistics"])
def stats(store: Store, f: Filter) -> FastJSON:
    """Counts of the events matching the filters: in all, by type, sub-type, month, admin1 and actor (top 50)."""
    found = browse.statistics(store, f)
    return FastJSON({"total": found.pop("total"), **{k: _counts(v) for k, v in found.items()}})


@router.get("/api/timeline", response_model=TimelineOut, tags=["statistics"])
def timeline(
    store: Store,
    f: Filter,
    bucket: Annotated[
        Literal["day", "week", "month"] | None, Query(description="Default: chosen from the date range.")
    ] = None,
) -> FastJSON:
    """Dated events matching the filters per day, week or month and per event type (the web view's histogram)."""
    chosen, rows = browse.timeline(store, f, bucket)
    per: dict[date, dict[str, int]] = {}
    for start, kind, n in rows:
        per.setdefault(start, {})[kind] = n
    types = sorted({kind for _, kind, _ in rows})
    return FastJSON(
        {
            "bucket": chosen,
            "types": types,
            "buckets": [{"start": d, "counts": c} for d, c in sorted(per.items())],
        }
    )


@router.get("/api/facets", response_model=FacetsOut, tags=["statistics"])
def facets(store: Store) -> FastJSON:
    """The values the web view offers as filters, with their event counts over the whole store."""
    found = browse.facets(store)
    return FastJSON(
        {
            "total": found.total,
            "first_day": found.first_day,
            "last_day": found.last_day,
            "types": _counts(found.types),
            "sub_types": [{"event_type": t, "sub_event_type": s, "count": n} for t, s, n in found.sub_types],
            "admin1": _counts(found.admin1),
            "outlets": _counts(found.outlets),
            "actors": _counts(found.actors),
        }
    )


@router.get(
    "/api/export",
    tags=["events"],
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The export file, streamed.",
            "content": {t: {} for t, _ in EXPORT_TYPES.values()},
        }
    },
)
def export(
    request: Request,
    f: Filter,
    format: Annotated[Literal["acled-csv", "geojson", "jsonl", "parquet"], Query()] = "acled-csv",
    incidents: Annotated[bool, Query(description="One row per merged incident, not per event.")] = False,
) -> StreamingResponse:
    """The events (or incidents) matching the filters through the exporters of ``marsad export``."""
    from marsad.export.writers import export as write_export

    svc = services(request)
    media, suffix = EXPORT_TYPES[format]

    def write(out: Any) -> None:
        write_export(svc.store, format, out, f, incidents=incidents, inter=svc.inter)

    name = f"marsad-{'incidents' if incidents else 'events'}.{suffix}"
    return StreamingResponse(
        stream_writer(write),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
