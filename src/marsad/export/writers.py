"""Export writers: ACLED CSV, GeoJSON, JSON Lines and Parquet, from the store through :mod:`marsad.store.query`.

Every writer streams (one row in memory at a time) except Parquet, which collects the rows into one table. CSV
cells that a spreadsheet would run as formulas are neutralised (:mod:`marsad.export.cells`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from marsad.export.acled import ACLED_COLUMNS, InterLookup, event_row, incident_row
from marsad.export.cells import SafeDictWriter
from marsad.store.query import EventRow, Filters, iter_events, iter_incidents
from marsad.store.store import EventStore

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
EXTRA_COLUMNS = (
    "marsad_ids",
    "doc_ids",
    "urls",
    "modality",
    "confidence",
    "date_end",
    "pcode",
    "incident_id",
)


def _extras(members: list[EventRow], incident_id: int | None) -> dict[str, Any]:
    lead = members[0].record
    return {
        "marsad_ids": "; ".join(str(m.record.get("id")) for m in members),
        "doc_ids": "; ".join(dict.fromkeys(m.doc_id for m in members)),
        "urls": "; ".join(dict.fromkeys(m.url for m in members if m.url)),
        "modality": lead.get("modality"),
        "confidence": max(float(m.record.get("confidence") or 0) for m in members),
        "date_end": max(((m.record.get("date") or {}).get("end") or "") for m in members) or None,
        "pcode": (lead.get("location") or {}).get("pcode"),
        "incident_id": incident_id,
    }


def iter_rows(
    store: EventStore,
    filters: Filters,
    *,
    incidents: bool = False,
    inter: InterLookup | None = None,
    scales: Mapping[str, str] | None = None,
) -> Iterator[tuple[dict[str, Any], list[EventRow]]]:
    """``(ACLED row with Marsad's extra columns, member events)`` per event, or per incident."""
    if incidents:
        for inc in iter_incidents(store, filters):
            members = list(inc.members)
            row = incident_row(inc.incident_id, members, inter=inter, scales=scales)
            row.update(_extras(members, inc.incident_id))
            yield row, members
    else:
        yield from event_rows(iter_events(store, filters), inter=inter, scales=scales)


def event_rows(
    events: Iterable[EventRow], *, inter: InterLookup | None = None, scales: Mapping[str, str] | None = None
) -> Iterator[tuple[dict[str, Any], list[EventRow]]]:
    """``(ACLED row with Marsad's extra columns, [event])`` for each of ``events``."""
    for ev in events:
        row = event_row(ev, inter=inter, scales=scales)
        row.update(_extras([ev], ev.incident_id))
        yield row, [ev]


def _member_json(m: EventRow) -> dict[str, Any]:
    return {
        **m.record,
        "doc_id": m.doc_id,
        "outlet": m.outlet,
        "url": m.url,
        "published": m.published.isoformat() if m.published else None,
        "incident_id": m.incident_id,
        "merge_reason": m.merge_reason,
        "engine_version": m.engine_version,
    }


def export(
    store: EventStore,
    fmt: str,
    out: IO[bytes],
    filters: Filters | None = None,
    *,
    incidents: bool = False,
    inter: InterLookup | None = None,
    scales: Mapping[str, str] | None = None,
) -> int:
    """Write the store's events (or incidents) matching ``filters`` to ``out`` in ``fmt``; returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    rows = iter_rows(store, filters or Filters(), incidents=incidents, inter=inter, scales=scales)
    if fmt == "parquet":
        return _parquet(rows, out)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt == "acled-csv":
            return _csv(rows, text)
        if fmt == "geojson":
            return _geojson(rows, text)
        return _jsonl(rows, text, incidents)
    finally:
        text.flush()
        text.detach()


def _csv(rows: Iterator[tuple[dict[str, Any], list[EventRow]]], out: IO[str]) -> int:
    writer = SafeDictWriter(out, fieldnames=list(ACLED_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row, _ in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return n


def _geojson(rows: Iterator[tuple[dict[str, Any], list[EventRow]]], out: IO[str]) -> int:
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for row, _ in rows:
        out.write(("\n" if n == 0 else ",\n") + json.dumps(geojson_feature(row), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def geojson_feature(row: dict[str, Any]) -> dict[str, Any]:
    """The GeoJSON feature of one export row: a Point (null geometry when unlocated), the row as properties."""
    lat, lon = row.get("latitude"), row.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    return {"type": "Feature", "id": row["event_id_cnty"], "geometry": geometry, "properties": row}


def _jsonl(rows: Iterator[tuple[dict[str, Any], list[EventRow]]], out: IO[str], incidents: bool) -> int:
    n = 0
    for row, members in rows:
        if incidents:
            obj: dict[str, Any] = {
                "incident_id": row["incident_id"],
                "acled": row,
                "events": [_member_json(m) for m in members],
            }
        else:
            obj = _member_json(members[0])
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n


def _parquet(rows: Iterator[tuple[dict[str, Any], list[EventRow]]], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ints = {
        "year",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "fatalities",
        "timestamp",
        "incident_id",
    }
    floats = {"latitude", "longitude", "confidence"}
    columns = list(ACLED_COLUMNS) + list(EXTRA_COLUMNS)
    schema = pa.schema(
        [(c, pa.int64() if c in ints else pa.float64() if c in floats else pa.string()) for c in columns]
    )
    data: dict[str, list[Any]] = {c: [] for c in columns}
    n = 0
    for row, _ in rows:
        for c in columns:
            data[c].append(row.get(c))
        n += 1
    table = pa.Table.from_pydict(data, schema=schema)
    pq.write_table(table, out)
    return n
