"""Export writers: ACLED CSV, GeoJSON, JSON Lines and Parquet, from the store through :mod:`marsad.store.query`.

Every writer streams (one row in memory at a time) except Parquet, which collects the rows into one table.
Events dated long before their article (:mod:`marsad.export.dating`) are history, not news: they are left out
(and counted) unless ``keep_historical``. GeoJSON, JSON Lines and Parquet carry Marsad's columns after ACLED's:
the evidence quote, the Arabic names of the place and the actors' words, where the date came from; ACLED CSV
carries the Arabic ones with ``with_arabic``. Parquet stores dates as dates. CSV cells that a spreadsheet would
run as formulas are neutralised (:mod:`marsad.export.cells`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from marsad.export.acled import ACLED_COLUMNS, ARABIC_COLUMNS, InterLookup, event_row, incident_row
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
    "date_source",
    "historical",
    *ARABIC_COLUMNS,
)


@dataclass
class Written:
    """What an export wrote: ``rows``, and the ``historical`` events (or incidents) it left out."""

    rows: int = 0
    historical: int = 0


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


def _member_json(m: EventRow, row: Mapping[str, Any] | None = None) -> dict[str, Any]:
    dated = (
        {k: row[k] for k in ("event_date", "time_precision", "date_source", "historical")} if row is not None else {}
    )
    return {
        **m.record,
        **dated,
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
    with_arabic: bool = False,
    keep_historical: bool = False,
) -> Written:
    """Write the store's events (or incidents) matching ``filters`` to ``out`` in ``fmt``; says how many rows it
    wrote and how many historical ones it left out."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    written = Written()
    rows = _news(
        iter_rows(store, filters or Filters(), incidents=incidents, inter=inter, scales=scales),
        written,
        keep_historical,
    )
    if fmt == "parquet":
        written.rows = _parquet(rows, out)
        return written
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt == "acled-csv":
            columns = list(ACLED_COLUMNS) + (list(ARABIC_COLUMNS) if with_arabic else [])
            written.rows = _csv(rows, text, columns)
        elif fmt == "geojson":
            written.rows = _geojson(rows, text)
        else:
            written.rows = _jsonl(rows, text, incidents)
    finally:
        text.flush()
        text.detach()
    return written


def _news(
    rows: Iterator[tuple[dict[str, Any], list[EventRow]]], written: Written, keep_historical: bool
) -> Iterator[tuple[dict[str, Any], list[EventRow]]]:
    for row, members in rows:
        if row.get("historical") and not keep_historical:
            written.historical += 1
            continue
        yield row, members


def _csv(rows: Iterator[tuple[dict[str, Any], list[EventRow]]], out: IO[str], columns: list[str]) -> int:
    writer = SafeDictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
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
            obj = _member_json(members[0], row)
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
    dates = {"event_date", "date_end"}

    def kind(column: str) -> Any:
        if column in ints:
            return pa.int64()
        if column in floats:
            return pa.float64()
        if column in dates:
            return pa.date32()
        return pa.bool_() if column == "historical" else pa.string()

    columns = list(ACLED_COLUMNS) + list(EXTRA_COLUMNS)
    schema = pa.schema([(c, kind(c)) for c in columns])
    data: dict[str, list[Any]] = {c: [] for c in columns}
    n = 0
    for row, _ in rows:
        for c in columns:
            value = row.get(c)
            data[c].append(_day(value) if c in dates else value)
        n += 1
    table = pa.Table.from_pydict(data, schema=schema)
    pq.write_table(table, out)
    return n


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
