"""Spark schemas of the batch tables, built from the column specs of :mod:`marsad.batch.records`."""

from __future__ import annotations

from typing import Any

from pyspark.sql.types import (
    ArrayType,
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
}


def _type(spec: Any) -> DataType:
    if isinstance(spec, str):
        return _SCALARS[spec]
    kind, fields = spec
    if kind != "array":
        raise ValueError(f"unknown column type {spec!r}")
    return ArrayType(struct(fields), containsNull=False)


def struct(columns: tuple[records.Column, ...]) -> StructType:
    """The Spark struct of a column spec (every column nullable: the contract allows nulls)."""
    return StructType([StructField(name, _type(spec), nullable=True) for name, spec in columns])


PARSED = struct(records.PARSED_FIELDS)
RESULT = struct(records.RESULT_FIELDS)
DOCUMENTS = struct(records.DOCUMENT_COLUMNS)
EVENTS = struct(records.EVENT_COLUMNS)
ERRORS = struct(records.ERROR_COLUMNS)
MEMBERS = struct(records.MEMBER_COLUMNS)
INCIDENTS = struct(records.INCIDENT_COLUMNS)
