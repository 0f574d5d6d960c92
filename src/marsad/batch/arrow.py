"""Python tasks that take and give Arrow record batches (``DataFrame.mapInArrow``) instead of pickled rows.

Rows cross between the JVM and the Python workers as Arrow batches: no pickling of every row and field on either
side, and no conversion of Python objects into Spark rows in the JVM (the costliest part for the nested events).
The task functions of the batch job stay functions of rows (tuples with the fields as attributes);
:func:`row_task` wraps one into a task over batches.
"""

from __future__ import annotations

import itertools
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructType

from marsad.batch import records

#: Rows per output batch (as many as `marsad batch` sends in, :data:`marsad.batch.job.ARROW_BATCH_ROWS`).
BATCH_ROWS = 1000

_SCALARS: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int32(),
    "long": pa.int64(),
    "double": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
}

RowFunction = Callable[[Iterable[Any]], Iterator[tuple[Any, ...]]]
ArrowTask = Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]


def arrow_type(spec: Any) -> pa.DataType:
    """The Arrow type of a column spec of :mod:`marsad.batch.records` (the one Spark maps its type to)."""
    if isinstance(spec, str):
        return _SCALARS[spec]
    kind, inner = spec
    if kind == "array":
        return pa.list_(arrow_type(inner))
    if kind == "struct":
        return pa.struct(arrow_schema(inner))
    raise ValueError(f"unknown column type {spec!r}")


def arrow_schema(columns: tuple[records.Column, ...]) -> pa.Schema:
    return pa.schema([pa.field(name, arrow_type(spec), nullable=True) for name, spec in columns])


def to_batch(rows: Iterable[tuple[Any, ...]], schema: pa.Schema) -> pa.RecordBatch:
    """Rows (tuples in the order of ``schema``; records as tuples or mappings, dates as dates) as one batch."""
    columns = list(zip(*rows, strict=True)) or [() for _ in schema]
    return pa.RecordBatch.from_arrays(
        [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)], schema=schema
    )


def row_task(function: RowFunction, output: tuple[records.Column, ...]) -> ArrowTask:
    """A task over Arrow batches that gives ``function`` the rows of its input, in order (named tuples of the
    input's columns), and returns what it yields (tuples of ``output``'s columns) in batches."""
    schema = arrow_schema(output)

    def task(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rows = function(_rows(batches))
        while chunk := list(itertools.islice(rows, BATCH_ROWS)):
            yield to_batch(chunk, schema)

    return task


def no_rows(rows: Iterable[Any]) -> None:
    """A task that reads nothing (it only has a Python worker started)."""


def _rows(batches: Iterable[pa.RecordBatch]) -> Iterator[Any]:
    make: Callable[..., Any] = tuple
    for number, batch in enumerate(batches):
        if number == 0:
            make = _row_type(batch.schema.names)
        yield from itertools.starmap(make, zip(*(column.to_pylist() for column in batch.columns), strict=True))


def _row_type(names: list[str]) -> Callable[..., Any]:
    return namedtuple("Row", names, rename=True)


def local_frame(
    spark: SparkSession, rows: Iterable[tuple[Any, ...]], columns: tuple[records.Column, ...]
) -> DataFrame:
    """A DataFrame of rows held by the driver (tuples in the order of ``columns``), sent to the JVM as Arrow:
    ``spark.createDataFrame`` of a list would run a Python task to read them back."""
    from marsad.batch.schema import struct

    table = pa.Table.from_batches([to_batch(list(rows), arrow_schema(columns))])
    return spark.createDataFrame(table, struct(columns))


def map_in_arrow(frame: DataFrame, task: ArrowTask, struct: StructType) -> DataFrame:
    """``frame.mapInArrow(task, struct)``.

    PySpark's ``mapInArrow`` refuses to run without pandas, which an Arrow task does not use (the check is made
    on the driver by ``pandas_udf``, which ``mapInArrow`` builds its function with; the workers never import
    pandas for it). Without pandas the same function is built with PySpark's own ``_create_udf``, as
    ``mapInArrow`` does after its check (PySpark 4; older versions need pandas, as managed platforms have it).
    """
    try:
        import pandas  # noqa: F401
    except ImportError:
        pass
    else:
        return frame.mapInArrow(task, struct)
    import pyspark

    if int(pyspark.__version__.split(".")[0]) < 4:
        raise ImportError(f"marsad batch needs pandas with PySpark {pyspark.__version__} (pip install pandas)")
    from pyspark.rdd import PythonEvalType
    from pyspark.sql.udf import _create_udf

    function = _create_udf(task, struct, PythonEvalType.SQL_MAP_ARROW_ITER_UDF)
    column = function(*[frame[name] for name in frame.columns])
    return DataFrame(frame._jdf.mapInArrow(column._jc, False, None), frame.sparkSession)
