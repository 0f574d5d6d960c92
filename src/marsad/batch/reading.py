"""Reading the input of a batch job: JSON Lines, Parquet, or folders of text, HTML and feed files, from any path
Spark reads (local, ``hdfs://``, ``s3a://``).

Spark lists and reads the files; each record is then turned into a document by the same functions as
``marsad extract`` uses (:mod:`marsad.ingest.readers`), so the documents, their ids and the errors are the same.
Every document gets its content hash (:func:`marsad.store.store.content_hash`), the key of de-duplication.

JSON Lines are read line by line (``.gz`` files whole, others split across tasks). Line numbers name the errors
and the documents without an ``id``: a task that reads whole files (gzip) counts them as it reads
(:func:`number_in_order`); when a plain file may be split across tasks they are given in the JVM, from a first
pass that counts the lines of each block (:func:`_number_lines`). Records cross to the Python tasks and back as
Arrow batches (:mod:`marsad.batch.arrow`).

:func:`read_sources` gives what Spark reads and the function that turns it into documents, so that the batch job
can run that function and the engine in one Python task (the texts cross to Python once);
:func:`read_input` gives the documents themselves.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pyspark import Accumulator
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from marsad.batch import schema
from marsad.batch.arrow import RowFunction, local_frame, map_in_arrow, row_task
from marsad.batch.records import PARSED_FIELDS, STAGE_READ
from marsad.batch.stats import Stats, task_stats
from marsad.errors import BinaryInput, FileTooLarge, InputError
from marsad.ingest.readers import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_MARKUP_BYTES,
    TEXT_SUFFIXES,
    ReadDefaults,
    fields_document,
    file_documents,
    file_stem,
    jsonl_document,
    may_escape_surrogates,
)
from marsad.model import InputDocument

log = logging.getLogger(__name__)

FILE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
PARQUET_SUFFIXES = (".parquet",)
#: The suffixes of each kind of file inside a folder (as named: ``a.TXT`` is none of them, as in Hadoop's globs).
FOLDER_SUFFIXES = {"jsonl": JSONL_SUFFIXES, "file": FILE_SUFFIXES, "parquet": PARQUET_SUFFIXES}
#: Hadoop glob patterns of each kind of file inside a folder.
GLOBS = {kind: "*.{" + ",".join(s.lstrip(".") for s in suffixes) + "}" for kind, suffixes in FOLDER_SUFFIXES.items()}
#: The columns a table input may have (all but ``text`` optional), as in a JSON line.
FIELDS = ("id", "text", "title", "published", "url", "outlet")


@dataclass(frozen=True)
class ReadOptions:
    """Defaults for inputs without metadata, and the range of publication dates to keep."""

    published: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    max_chars: int = 200_000

    def defaults(self) -> ReadDefaults:
        return ReadDefaults(self.published, None, self.outlet, self.max_chars)

    def keeps(self, published: date | None) -> bool:
        """Whether a document published then is in range (undated ones are left out when a bound is set)."""
        if self.since is None and self.until is None:
            return True
        if published is None:
            return False
        return (self.since is None or published >= self.since) and (
            self.until is None or published <= self.until
        )


def kind_of(name: str) -> str | None:
    """``jsonl``, ``parquet`` or ``file`` for a path whose name has one of their suffixes, else ``None``."""
    lower = name.lower().rstrip("/")
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("parquet", PARQUET_SUFFIXES), ("file", FILE_SUFFIXES)):
        if lower.endswith(suffixes):
            return kind
    return None


@dataclass(frozen=True)
class Source:
    """Rows as Spark reads them (lines, table rows, files) and the function that makes documents of them in a
    Python task: rows of :data:`marsad.batch.schema.PARSED`, in the order of the rows read."""

    frame: DataFrame
    parse: RowFunction


def read_sources(
    spark: SparkSession,
    path: str,
    options: ReadOptions,
    stats: Accumulator[Stats],
    partitions: int | None = None,
) -> list[Source]:
    """What Spark reads of ``path``, kind by kind (nothing is read yet).

    An input Spark reads in fewer tasks than it has cores (one gzip file, a few small files) is spread over
    ``partitions`` tasks before its records are parsed, so that parsing runs on every core too.
    """
    kind = kind_of(path.rsplit("/", 1)[-1])
    kinds = [kind] if kind is not None else _kinds_in_folder(spark, path)
    folder = kind is None
    if not kinds:
        log.warning("%s holds no input file (%s)", path, ", ".join(sorted(GLOBS)))
    sources: list[Source] = []
    for each in kinds:
        if each == "jsonl":
            sources.append(_json_lines(spark, path, folder, options, stats, partitions))
        elif each == "parquet":
            sources.append(_table_rows(spark, path, folder, options, stats, partitions))
        else:
            sources.extend(_whole_files(spark, path, folder, options, stats, partitions))
    return sources


def read_input(
    spark: SparkSession,
    path: str,
    options: ReadOptions,
    stats: Accumulator[Stats],
    partitions: int | None = None,
) -> DataFrame:
    """Every document (or read error) of ``path`` as a DataFrame of :data:`marsad.batch.schema.PARSED`."""
    return parsed_frame(spark, read_sources(spark, path, options, stats, partitions))


def parsed_frame(spark: SparkSession, sources: list[Source]) -> DataFrame:
    """The documents of ``sources``, parsed in Python tasks (rows of :data:`schema.PARSED`)."""
    parts = [map_in_arrow(s.frame, row_task(s.parse, PARSED_FIELDS), schema.PARSED) for s in sources]
    if not parts:
        return spark.createDataFrame(spark.sparkContext.emptyRDD(), schema.PARSED)
    return functools.reduce(DataFrame.union, parts)


def _fewer_tasks(frame: DataFrame, partitions: int | None) -> bool:
    """Whether ``frame`` should be spread over ``partitions`` tasks: Spark reads it in fewer tasks than it has
    cores (spreading costs a shuffle, which only buys work on idle cores)."""
    cores = frame.sparkSession.sparkContext.defaultParallelism
    return bool(partitions) and frame.rdd.getNumPartitions() < min(cores, partitions or 0)


def _spread(frame: DataFrame, partitions: int | None, *keys: str) -> DataFrame:
    """``frame`` hash-partitioned on ``keys`` into ``partitions`` tasks when Spark reads it in fewer tasks than
    it has cores."""
    if partitions and _fewer_tasks(frame, partitions):
        return frame.repartition(partitions, *keys)
    return frame


def _reader(spark: SparkSession, kind: str, folder: bool) -> Any:
    reader = spark.read
    if folder:
        reader = reader.option("recursiveFileLookup", "true").option("pathGlobFilter", GLOBS[kind])
    return reader


def _kinds_in_folder(spark: SparkSession, path: str) -> list[str]:
    """The kinds of input files below a folder (one file listing on the driver; no file is read): a kind is there
    when a file's name ends with one of its suffixes, as the kind's glob (:data:`GLOBS`) matches it. Spark's
    listing leaves out hidden and ``_``-prefixed files, as it does when it reads them."""
    listing = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    return kinds_of_names(name.rsplit("/", 1)[-1] for name in listing.inputFiles())


def kinds_of_names(names: Iterable[str]) -> list[str]:
    """The kinds (in the order of :data:`FOLDER_SUFFIXES`) that some of these file names are of."""
    found = {kind for name in names for kind, suffixes in FOLDER_SUFFIXES.items() if name.endswith(suffixes)}
    return [kind for kind in FOLDER_SUFFIXES if kind in found]


# --------------------------------------------------------------------------------------------- JSON Lines


def _json_lines(
    spark: SparkSession,
    path: str,
    folder: bool,
    options: ReadOptions,
    stats: Accumulator[Stats],
    partitions: int | None,
) -> Source:
    text = _reader(spark, "jsonl", folder).text(path)
    parse = functools.partial(parse_lines, options=options, stats=stats)
    if not all(name.lower().endswith(".gz") for name in text.inputFiles()):
        lines = text.select(
            "value",
            F.col("_metadata.file_path").alias("path"),
            F.col("_metadata.file_block_start").alias("block"),
            F.monotonically_increasing_id().alias("row"),
        )
        return Source(_spread(_number_lines(spark, lines), partitions, "path", "line"), parse)
    # gzip files are never split: a task reads each of its files whole and in order, and numbers its lines
    lines = text.select("value", F.col("_metadata.file_path").alias("path"))
    if not _fewer_tasks(lines, partitions):
        return Source(lines, lambda rows: parse(number_in_order(rows)))
    numbered = map_in_arrow(lines, row_task(number_in_order, _NUMBERED), schema.struct(_NUMBERED))
    return Source(_spread(numbered, partitions, "path", "line"), parse)


_NUMBERED = (("value", "string"), ("path", "string"), ("line", "int"))


def number_in_order(rows: Iterable[Any]) -> Iterator[tuple[str, str, int]]:
    """``(value, path, line number)`` for the lines ``(value, path)`` of whole files, each file's in order."""
    numbers: Counter[str] = Counter()
    for value, path in rows:
        numbers[path] += 1
        yield value, path, numbers[path]


_STARTS = (("path", "string"), ("block", "long"), ("first_line", "int"), ("first_row", "long"))


def _number_lines(spark: SparkSession, lines: DataFrame) -> DataFrame:
    """``(value, path, line)``: each line with its number in its file.

    A task reads whole blocks of files (a gzip file is one block), each block's lines in order, and
    ``monotonically_increasing_id`` numbers the rows of a task in order; so a line's number is the number of the
    first line of its block plus its distance from the block's first row. A first pass (in the JVM only) counts
    the lines of each block.
    """
    blocks = lines.groupBy("path", "block").agg(F.count("*").alias("n"), F.min("row").alias("first_row"))
    starts = []
    number: dict[str, int] = {}
    for row in sorted(blocks.collect(), key=lambda r: (r.path, r.block)):
        first = number.get(row.path, 1)
        starts.append((row.path, row.block, first, row.first_row))
        number[row.path] = first + row.n
    table = local_frame(spark, starts, _STARTS)
    joined = lines.join(F.broadcast(table), on=["path", "block"])
    line = (F.col("first_line") + F.col("row") - F.col("first_row")).cast("int")
    return joined.select("value", "path", line.alias("line"))


def parse_lines(
    rows: Iterable[Any], *, options: ReadOptions, stats: Accumulator[Stats]
) -> Iterator[tuple[Any, ...]]:
    """The documents of JSON lines ``(value, path, line number)``."""
    defaults = options.defaults()
    counts: Counter[str] = Counter()
    for value, path, number in rows:
        if not value.strip():
            continue
        source = unquote(path)
        result = (
            BinaryInput(source, number)
            if "\x00" in value
            else jsonl_document(
                value, source, number, file_stem(Path(source)), defaults, surrogates=may_escape_surrogates(value)
            )
        )
        parsed = parsed_row(result, options, counts)
        if parsed is not None:
            yield parsed
    stats.add(task_stats(counts))


# --------------------------------------------------------------------------------------------- tables


def _table_rows(
    spark: SparkSession,
    path: str,
    folder: bool,
    options: ReadOptions,
    stats: Accumulator[Stats],
    partitions: int | None,
) -> Source:
    table = _reader(spark, "parquet", folder).parquet(path)
    if "text" not in table.columns:
        raise ValueError(f"{path}: a table input needs a 'text' column (has {', '.join(table.columns)})")
    columns = [
        (F.col(c).cast("string") if c in table.columns else F.lit(None).cast("string")).alias(c)
        for c in FIELDS
    ]
    rows = table.select(
        *columns, F.col("_metadata.file_path").alias("path"), F.col("_metadata.row_index").alias("row")
    )
    return Source(
        _spread(rows, partitions, "path", "row"),
        functools.partial(parse_table_rows, options=options, stats=stats),
    )


def parse_table_rows(
    rows: Iterable[Any], *, options: ReadOptions, stats: Accumulator[Stats]
) -> Iterator[tuple[Any, ...]]:
    """The documents of table rows with the JSON Lines fields (row numbers count from 1 in each file)."""
    defaults = options.defaults()
    counts: Counter[str] = Counter()
    for row in rows:
        source = unquote(row.path)
        fields = {name: getattr(row, name) for name in FIELDS if getattr(row, name) is not None}
        result = fields_document(fields, source, row.row + 1, file_stem(Path(source)), defaults)
        parsed = parsed_row(result, options, counts)
        if parsed is not None:
            yield parsed
    stats.add(task_stats(counts))


# --------------------------------------------------------------------------------------------- whole files


def _whole_files(
    spark: SparkSession,
    path: str,
    folder: bool,
    options: ReadOptions,
    stats: Accumulator[Stats],
    partitions: int | None,
) -> list[Source]:
    files = _reader(spark, "file", folder).format("binaryFile").load(path)
    # the length filter is pushed down to the listing: an over-large file is never read
    small = _spread(
        files.where(F.col("length") <= MAX_MARKUP_BYTES).select("path", "content"), partitions, "path"
    )
    large = files.where(F.col("length") > MAX_MARKUP_BYTES).select("path", "length")
    parse = functools.partial(parse_files, options=options, stats=stats)
    return [Source(small, parse), Source(large, functools.partial(too_large, stats=stats))]


def parse_files(
    rows: Iterable[Any], *, options: ReadOptions, stats: Accumulator[Stats]
) -> Iterator[tuple[Any, ...]]:
    """The documents of whole files ``(path, bytes)``: one per text or HTML file, one per feed entry."""
    counts: Counter[str] = Counter()
    for path, content in rows:
        defaults = options.defaults()
        for result in file_documents(bytes(content), unquote(path), defaults):
            parsed = parsed_row(result, options, counts)
            if parsed is not None:
                yield parsed
    stats.add(task_stats(counts))


def too_large(rows: Iterable[Any], *, stats: Accumulator[Stats]) -> Iterator[tuple[Any, ...]]:
    """Error rows of files over the size any reader takes (never read), counted as read errors."""
    counts: Counter[str] = Counter()
    for path, length in rows:
        counts["read_errors"] += 1
        yield error_row(FileTooLarge(unquote(path), length, MAX_MARKUP_BYTES))
    stats.add(task_stats(counts))


# --------------------------------------------------------------------------------------------- rows


def error_row(error: InputError) -> tuple[Any, ...]:
    """A row of :data:`marsad.batch.schema.PARSED` for an input that could not be read."""
    return (None, None, None, None, None, None, None, error.source, error.line, STAGE_READ, str(error))


def parsed_row(
    result: InputDocument | InputError, options: ReadOptions, counts: Counter[str]
) -> tuple[Any, ...] | None:
    """A row of :data:`marsad.batch.schema.PARSED`, or ``None`` for a document out of the date range."""
    from marsad.store.store import content_hash

    if isinstance(result, InputError):
        counts["read_errors"] += 1
        return error_row(result)
    published = date.fromisoformat(result.published) if result.published else None
    if not options.keeps(published):
        counts["out_of_range"] += 1
        return None
    counts["documents_read"] += 1
    return (
        content_hash(result.text),
        result.doc_id,
        result.outlet,
        published,
        result.title,
        result.url,
        result.text,
        result.source,
        result.line,
        None,
        None,
    )
