"""Spark schemas of the batch tables, built from the column specs of :mod:`marsad.batch.records`."""

from __future__ import annotations

from typing import Any

from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DataType,
    DateType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from marsad.batch import records

_SCALARS: dict[str, DataType] = {
    "string": StringType(),
    "int": IntegerType(),
    "long": LongType(),
    "double": DoubleType(),
    "date": DateType(),
    "boolean": BooleanType(),
}


def _type(spec: Any) -> DataType:
    if isinstance(spec, str):
        return _SCALARS[spec]
    kind, inner = spec
    if kind == "array":
        return ArrayType(_type(inner), containsNull=True)
    if kind == "struct":
        return struct(inner)
    raise ValueError(f"unknown column type {spec!r}")


def struct(columns: tuple[records.Column, ...]) -> StructType:
    """The Spark struct of a column spec (every column nullable: the contract allows nulls)."""
    return StructType([StructField(name, _type(spec), nullable=True) for name, spec in columns])


PARSED = struct(records.PARSED_FIELDS)
DOCUMENTS = struct(records.DOCUMENT_COLUMNS)
ERRORS = struct(records.ERROR_COLUMNS)
MEMBERS = struct(records.MEMBER_COLUMNS)
INCIDENTS = struct(records.INCIDENT_COLUMNS)


def result() -> StructType:
    """What the extraction tasks return (built from the contract model when first needed)."""
    return struct(records.result_fields())


def events() -> StructType:
    return struct(records.event_columns())
