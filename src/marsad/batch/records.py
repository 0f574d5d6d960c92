"""The tables of a batch output, as plain column specs, and the conversions between contract records and rows.

Nothing here needs Spark: :mod:`marsad.batch.schema` builds Spark schemas from these specs, and
:mod:`marsad.batch.load` reads an output back with pyarrow alone.

An event row is the contract event flattened: a nested record becomes one column per field (``actor1_id``,
``location_name``; the place's admin fields keep their names: ``admin1``, ``pcode`` ...), lists (associated
actors, quantities, framing, evidence) stay lists of structs. The columns are derived from the contract model
(:class:`marsad.model.Event`), so a field the contract gains is carried without a change here;
:func:`contract_event` rebuilds the contract event exactly from a row.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from marsad.model import Event

#: A column: its name and a type, either a scalar type name, ``("array", element type)`` or ``("struct", fields)``.
Column = tuple[str, Any]

#: Contract fields whose columns get another name (the event's id is ``event_id``; the place's admin columns are
#: not prefixed, as in the store).
_RENAMED = {"id": "event_id"}
_UNPREFIXED = {
    "location": ("country", "admin1", "admin2", "admin3", "pcode", "latitude", "longitude", "geo_precision")
}
#: Date strings of the contract stored as dates.
_DATES = ("date_start", "date_end")
_SCALARS: dict[Any, str] = {str: "string", int: "long", float: "double", bool: "boolean"}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether ``None`` is allowed."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0], True
    return annotation, False


def _kind(annotation: Any) -> Any:
    """The column type of a contract annotation (scalars, literals of strings, models, lists of them)."""
    inner, _ = _unwrap(annotation)
    if typing.get_origin(inner) is typing.Literal:
        return _SCALARS[type(typing.get_args(inner)[0])]
    if typing.get_origin(inner) is list:
        return ("array", _kind(typing.get_args(inner)[0]))
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return ("struct", tuple((name, _kind(f.annotation)) for name, f in inner.model_fields.items()))
    return _SCALARS[inner]


@dataclass(frozen=True)
class _Slot:
    """Where one contract field of an event goes: a column, or (for a nested record) one column per field."""

    name: str
    optional: bool
    columns: tuple[tuple[str, str, Any], ...]  # (column, field of the nested record or "", type)


@functools.lru_cache(maxsize=1)
def _slots() -> tuple[_Slot, ...]:
    """How the contract event (``marsad.model.Event``) is flattened: derived from the model, so that fields the
    contract gains are carried without a change here."""
    out = []
    for name, field in Event.model_fields.items():
        _, optional = _unwrap(field.annotation)
        kind = _kind(field.annotation)
        if isinstance(kind, tuple) and kind[0] == "struct":
            keep = _UNPREFIXED.get(name, ())
            columns = tuple(
                (
                    sub if sub in keep else f"{name}_{sub}",
                    sub,
                    "date" if f"{name}_{sub}" in _DATES else sub_kind,
                )
                for sub, sub_kind in kind[1]
            )
            out.append(_Slot(name, optional, columns))
        else:
            out.append(_Slot(name, optional, ((_RENAMED.get(name, name), "", kind),)))
    return tuple(out)


def event_fields() -> tuple[Column, ...]:
    """The fields of one extracted event, in the order of the struct the extraction tasks return."""
    return (("seq", "int"), *((column, kind) for slot in _slots() for column, _, kind in slot.columns))


def result_fields() -> tuple[Column, ...]:
    """What one extraction task returns per document: the parsed fields, then its events (or its error)."""
    return (
        *PARSED_FIELDS[:9],
        ("n_events", "int"),
        ("events", ("array", ("struct", event_fields()))),
        ("error_stage", "string"),
        ("error_message", "string"),
    )


def event_columns() -> tuple[Column, ...]:
    """``events``: partitioned by ``event_month`` (``YYYY-MM`` of the start date) and ``country``."""
    return (
        ("event_key", "string"),
        ("content_hash", "string"),
        ("doc_id", "string"),
        ("engine_version", "string"),
        ("run", "int"),
        *event_fields(),
        ("event_month", "string"),
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

#: ``documents``: one row per extracted document (the current one of a content hash has the highest ``run``).
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    *PARSED_FIELDS[:9],
    ("n_events", "int"),
    ("engine_version", "string"),
    ("run", "int"),
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


def _value(value: Any, kind: Any) -> Any:
    """A contract value as a column value (dates parsed, records as tuples in field order)."""
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if isinstance(kind, tuple) and kind[0] == "array":
        return [_value(v, kind[1]) for v in value]
    if isinstance(kind, tuple) and kind[0] == "struct":
        return tuple(_value(value.get(name), sub) for name, sub in kind[1])
    return value


def _contract(value: Any, kind: Any) -> Any:
    """A column value as a contract value: the inverse of :func:`_value` (structs may come back as mappings
    from pyarrow, or as rows or tuples from Spark)."""
    if value is None:
        return None
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(kind, tuple) and kind[0] == "array":
        return [_contract(v, kind[1]) for v in value]
    if isinstance(kind, tuple) and kind[0] == "struct":
        fields = kind[1]
        items = value if isinstance(value, Mapping) else dict(zip((n for n, _ in fields), value, strict=True))
        return {name: _contract(items[name], sub) for name, sub in fields}
    return value


def flatten_event(ev: Mapping[str, Any], seq: int) -> tuple[Any, ...]:
    """One contract event as a tuple in the order of :func:`event_fields`."""
    out: list[Any] = [seq]
    for slot in _slots():
        value = ev.get(slot.name)
        for _, sub, kind in slot.columns:
            if sub:
                out.append(_value(value.get(sub) if value else None, kind))
            else:
                out.append(_value(value, kind))
    return tuple(out)


#: The columns that decide which events the incident step may merge (:mod:`marsad.batch.incidents`).
PLACE_KEY = ("event_type", "sub_event_type", "admin1", "pcode")


@functools.lru_cache(maxsize=1)
def _place_key_indexes() -> tuple[int, ...]:
    fields = names(event_fields())
    return tuple(fields.index(column) for column in PLACE_KEY)


def place_key(event: tuple[Any, ...]) -> tuple[Any, ...]:
    """The :data:`PLACE_KEY` columns of an event flattened by :func:`flatten_event`."""
    return tuple(event[i] for i in _place_key_indexes())


def contract_event(row: Mapping[str, Any]) -> dict[str, Any]:
    """The contract event (``../shared/CONTRACT.md``) of an event row: the inverse of :func:`flatten_event`."""
    event: dict[str, Any] = {}
    for slot in _slots():
        if slot.columns[0][1]:  # a nested record, one column per field
            fields = {sub: _contract(row[column], kind) for column, sub, kind in slot.columns}
            empty = all(v is None for v in fields.values())
            event[slot.name] = None if empty and slot.optional else fields
        else:
            column, _, kind = slot.columns[0]
            event[slot.name] = _contract(row[column], kind)
    return event
