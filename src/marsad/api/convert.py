"""Stored rows to API bodies (plain dicts in the shape of :mod:`marsad.api.models`)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from marsad import model
from marsad.api.spans import field_spans
from marsad.store.browse import DocumentView, IncidentView, RawEvent
from marsad.store.query import EventRow

_CONTRACT_FIELDS = tuple(model.Event.model_fields)


def api_event(row: EventRow) -> dict[str, Any]:
    """The contract event of ``row`` with its store id, document and incident."""
    out = {k: row.record[k] for k in _CONTRACT_FIELDS if k in row.record}
    out.update(
        event_id=row.event_pk,
        document_id=row.document_pk,
        doc_id=row.doc_id,
        outlet=row.outlet,
        published=row.published,
        incident_id=row.incident_id,
    )
    return out


def event_page_json(events: list[RawEvent], next_cursor: str | None, sort: str, limit: int) -> bytes:
    """The body of an events page (:class:`~marsad.api.models.EventPage`), each stored record passed through as
    the JSON text the store holds, with the API's keys appended: no record is decoded and encoded again."""
    parts = []
    for ev in events:
        record = ev.record_json.rstrip()
        if not record.endswith("}"):
            raise ValueError(f"event {ev.event_id}: the stored record is not a JSON object")
        parts.append(
            f'{record[:-1]},"event_id":{int(ev.event_id)},"document_id":{int(ev.document_id)},'
            f'"doc_id":{_string(ev.doc_id)},"outlet":{_string(ev.outlet)},'
            f'"published":{_string(ev.published.isoformat() if ev.published else None)},'
            f'"incident_id":{"null" if ev.incident_id is None else int(ev.incident_id)}}}'
        )
    tail = json.dumps({"next_cursor": next_cursor, "sort": sort, "limit": limit}, ensure_ascii=False)[1:]
    return ('{"events":[' + ",".join(parts) + "]," + tail).encode("utf-8")


def _string(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def spans_of(text: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": s.field, "start": s.start, "end": s.end, "text": s.text} for s in field_spans(text, record)
    ]


def event_detail(row: EventRow, text: str | None) -> dict[str, Any]:
    out = api_event(row)
    out.update(
        title=row.title,
        url=row.url,
        merge_reason=row.merge_reason,
        field_spans=spans_of(text, row.record) if text is not None else [],
    )
    return out


def document_out(doc: DocumentView) -> dict[str, Any]:
    return {
        "document_id": doc.document_id,
        "doc_id": doc.doc_id,
        "title": doc.title,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": doc.published,
        "language": doc.language,
        "engine_version": doc.engine_version,
        "ingested_at": doc.ingested_at,
        "text": doc.text,
        "events": [{**api_event(r), "field_spans": spans_of(doc.text, r.record)} for r in doc.events],
    }


def incident_summary(inc: IncidentView) -> dict[str, Any]:
    return {
        "incident_id": inc.incident_id,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "date_start": inc.date_start,
        "date_end": inc.date_end,
        "pcode": inc.pcode,
        "admin1": inc.admin1,
        "admin3": inc.admin3,
        "n_events": inc.n_events,
        "n_documents": inc.n_documents,
    }


def incident_detail(inc: IncidentView) -> dict[str, Any]:
    return {
        **incident_summary(inc),
        "members": [{"reason": m.merge_reason, "event": api_event(m)} for m in inc.members],
    }
