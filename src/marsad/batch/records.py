"""The tables of a batch output, as plain column specs, and the conversions between contract records and rows.

Nothing here needs Spark: :mod:`marsad.batch.schema` builds Spark schemas from these specs, and
:mod:`marsad.batch.load` reads an output back with pyarrow alone.

An event row is the contract event flattened one column per scalar (``actor1_id``, ``location_admin1`` ...),
the lists (associated actors, quantities, framing, evidence) kept as lists of structs; :func:`contract_event`
rebuilds the contract event exactly from a row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

#: A column: its name and a type, either a scalar type name or ``("array", fields of its struct)``.
Column = tuple[str, Any]

ACTOR: tuple[Column, ...] = (("id", "string"), ("name", "string"), ("text", "string"))
QUANTITY: tuple[Column, ...] = (
    ("value", "long"),
    ("unit", "string"),
    ("qualifier", "string"),
    ("text", "string"),
)
FRAMING: tuple[Column, ...] = (("text", "string"), ("neutral", "string"))
SPAN: tuple[Column, ...] = (("start", "int"), ("end", "int"), ("text", "string"))
LOCATION_FIELDS = (
    "name", "name_ar", "text", "country", "admin1", "admin2", "admin3", "pcode", "latitude", "longitude",
    "geo_precision",
)  # fmt: skip

#: The fields of one extracted event, in the order of the struct the extraction tasks return.
EVENT_FIELDS: tuple[Column, ...] = (
    ("seq", "int"),
    ("event_id", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1_id", "string"),
    ("actor1_name", "string"),
    ("actor1_text", "string"),
    ("actor2_id", "string"),
    ("actor2_name", "string"),
    ("actor2_text", "string"),
    ("assoc_actors", ("array", ACTOR)),
    ("location_name", "string"),
    ("location_name_ar", "string"),
    ("location_text", "string"),
    ("country", "string"),
    ("admin1", "string"),
    ("admin2", "string"),
    ("admin3", "string"),
    ("pcode", "string"),
    ("latitude", "double"),
    ("longitude", "double"),
    ("geo_precision", "int"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("date_precision", "string"),
    ("date_text", "string"),
    ("quantities", ("array", QUANTITY)),
    ("fatalities", "long"),
    ("attribution_name", "string"),
    ("attribution_text", "string"),
    ("modality", "string"),
    ("framing", ("array", FRAMING)),
    ("evidence", ("array", SPAN)),
    ("confidence", "double"),
)

#: A document as read from the input, with its content hash, or the error that kept it from being read.
PARSED_FIELDS: tuple[Column, ...] = (
    ("content_hash", "string"),
    ("doc_id", "string"),
    ("outlet", "string"),
    ("published", "date"),
    ("title", "string"),
    ("url", "string"),
    ("text", "string"),
    ("source", "string"),
    ("line", "int"),
    ("error_stage", "string"),
    ("error_message", "string"),
)

#: What one extraction task returns per document: the parsed fields, then its events (or its error).
RESULT_FIELDS: tuple[Column, ...] = (
    *PARSED_FIELDS[:9],
    ("n_events", "int"),
    ("events", ("array", EVENT_FIELDS)),
    ("error_stage", "string"),
    ("error_message", "string"),
)

#: ``documents``: one row per extracted document (the current one of a content hash has the highest ``run``).
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    *PARSED_FIELDS[:9],
    ("n_events", "int"),
    ("engine_version", "string"),
    ("run", "int"),
)

#: ``events``: partitioned by ``event_month`` (``YYYY-MM`` of the start date) and ``country``.
EVENT_COLUMNS: tuple[Column, ...] = (
    ("event_key", "string"),
    ("content_hash", "string"),
    ("doc_id", "string"),
    ("engine_version", "string"),
    ("run", "int"),
    *EVENT_FIELDS,
    ("event_month", "string"),
)
EVENT_PARTITIONS = ("event_month", "country")

#: ``errors``: a document (or line, or file) that could not be read or extracted; the rest of the run went on.
ERROR_COLUMNS: tuple[Column, ...] = (
    ("doc_id", "string"),
    ("stage", "string"),
    ("message", "string"),
    ("source", "string"),
    ("line", "int"),
    ("run", "int"),
)

#: ``incident_members``: every current event's incident and why it joined (``first report`` for the seed).
MEMBER_COLUMNS: tuple[Column, ...] = (
    ("event_key", "string"),
    ("content_hash", "string"),
    ("seq", "int"),
    ("doc_id", "string"),
    ("incident_id", "string"),
    ("reason", "string"),
)

#: ``incidents``: the store's incident columns; ``incident_id`` is the event key of its first report.
INCIDENT_COLUMNS: tuple[Column, ...] = (
    ("incident_id", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("pcode", "string"),
    ("admin1", "string"),
    ("admin3", "string"),
    ("n_events", "int"),
    ("n_documents", "int"),
    ("date_start", "date"),
    ("date_end", "date"),
)

STAGE_READ = "read"
STAGE_EXTRACT = "extract"


def names(columns: tuple[Column, ...]) -> list[str]:
    return [name for name, _ in columns]


def event_key(content_hash: str, seq: int) -> str:
    """The deterministic key of an event: its document's content hash and its rank in the document."""
    return f"{content_hash}:{seq}"


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _actor(actor: Mapping[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    if not actor:
        return None, None, None
    return actor["id"], actor["name"], actor["text"]


def flatten_event(ev: Mapping[str, Any], seq: int) -> tuple[Any, ...]:
    """One contract event as a tuple in the order of :data:`EVENT_FIELDS`."""
    loc = ev.get("location") or {}
    when = ev.get("date") or {}
    attribution = ev.get("attribution") or {}
    return (
        seq,
        ev["id"],
        ev["event_type"],
        ev["sub_event_type"],
        *_actor(ev.get("actor1")),
        *_actor(ev.get("actor2")),
        [(a["id"], a["name"], a["text"]) for a in ev.get("assoc_actors") or []],
        *(loc.get(f) for f in LOCATION_FIELDS),
        _iso(when.get("start")),
        _iso(when.get("end")),
        when.get("precision") or "unknown",
        when.get("text"),
        [(q["value"], q["unit"], q["qualifier"], q["text"]) for q in ev.get("quantities") or []],
        int(ev.get("fatalities") or 0),
        attribution.get("name"),
        attribution.get("text"),
        ev.get("modality") or "asserted",
        [(f["text"], f["neutral"]) for f in ev.get("framing") or []],
        [(s["start"], s["end"], s["text"]) for s in ev.get("evidence") or []],
        float(ev["confidence"]),
    )


def _struct(value: Any, fields: tuple[Column, ...]) -> dict[str, Any]:
    """A struct read back (a mapping from pyarrow, a Row or tuple from Spark) as a dict."""
    if isinstance(value, Mapping):
        return {name: value[name] for name, _ in fields}
    return dict(zip(names(fields), value, strict=True))


def _date(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def contract_event(row: Mapping[str, Any]) -> dict[str, Any]:
    """The contract event (``../shared/CONTRACT.md``) of an event row: the inverse of :func:`flatten_event`."""
    actors = {}
    for slot in ("actor1", "actor2"):
        ident = row[f"{slot}_id"]
        actors[slot] = (
            None if ident is None else {"id": ident, "name": row[f"{slot}_name"], "text": row[f"{slot}_text"]}
        )
    location = None
    if row["location_name"] is not None:
        location = {
            "name": row["location_name"],
            "name_ar": row["location_name_ar"],
            "text": row["location_text"],
            **{f: row[f] for f in LOCATION_FIELDS[3:]},
        }
    attribution = None
    if row["attribution_name"] is not None:
        attribution = {"name": row["attribution_name"], "text": row["attribution_text"]}
    return {
        "id": row["event_id"],
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "actor1": actors["actor1"],
        "actor2": actors["actor2"],
        "assoc_actors": [_struct(a, ACTOR) for a in row["assoc_actors"] or []],
        "location": location,
        "date": {
            "start": _date(row["date_start"]),
            "end": _date(row["date_end"]),
            "precision": row["date_precision"],
            "text": row["date_text"],
        },
        "quantities": [_struct(q, QUANTITY) for q in row["quantities"] or []],
        "fatalities": row["fatalities"],
        "attribution": attribution,
        "modality": row["modality"],
        "framing": [_struct(f, FRAMING) for f in row["framing"] or []],
        "evidence": [_struct(s, SPAN) for s in row["evidence"] or []],
        "confidence": row["confidence"],
    }
