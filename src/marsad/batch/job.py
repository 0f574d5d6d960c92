"""One batch run: read the input, extract the documents not yet in the output, append them, merge incidents.

Layout of an output folder (Parquet, explicit schemas: :mod:`marsad.batch.records`)::

    OUTPUT/documents/            one row per extracted document (with its text, for `marsad ingest --from-batch`)
    OUTPUT/events/event_month=YYYY-MM/country=C/   the events, flattened contract fields
    OUTPUT/errors/               inputs that could not be read or extracted (doc id, stage, message); written
                                 by the first run that has any (no table: no errors, read_table gives no rows)
    OUTPUT/incidents/            cross-article incidents, rewritten by every run that adds events
    OUTPUT/incident_members/     every current event's incident and the reason it joined

A run appends: a document whose content hash is already in the output with the same engine version is skipped,
and within the input a content is kept once (the first by source, then line). Each run has a number
(``run``); the rows it adds carry it. Documents are written last, so a run that dies midway leaves at most
events or errors of documents that the next run extracts again (readers keep only the events of the run that
wrote their document, :func:`current_events`).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pyspark import Accumulator, StorageLevel
from pyspark.sql import Column, DataFrame, Observation, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from marsad.batch import localfs, records, schema
from marsad.batch.arrow import map_in_arrow, no_rows, row_task
from marsad.batch.extraction import after_parsing, extract_rows
from marsad.batch.incidents import MERGE_COLUMNS, merge_incidents
from marsad.batch.jvm import local_java_options, note_jvm
from marsad.batch.reading import ReadOptions, parsed_frame, read_sources
from marsad.batch.stats import Contents, ContentsParam, Keys, KeysParam, Stats, StatsParam, later_repeats

log = logging.getLogger(__name__)

#: Settings of a local master, unless given: no web UI (its server and listeners start with every session, and a
#: run of `marsad batch` on one machine ends before anyone opens it); the Python workers forked from a daemon that
#: has PySpark (with byte-code) and Marsad's engine loaded (:mod:`marsad.batch.daemon`).
LOCAL_CONF = {"spark.ui.enabled": "false", "spark.python.daemon.module": "marsad.batch.daemon"}
TABLES = ("documents", "events", "errors", "incidents", "incident_members")
#: Rows per Arrow batch sent to a Python task, unless set otherwise (Spark's default, 10,000 documents, holds
#: tens of MB of text per batch in the worker, with no gain in speed).
ARROW_BATCH_ROWS = "1000"


@dataclass(frozen=True)
class BatchOptions:
    """Options of one run. ``engine`` is ``module:function`` (empty: Marsad's engine); ``partitions`` the number
    of extraction tasks (default: four per core Spark offers)."""

    read: ReadOptions = field(default_factory=ReadOptions)
    partitions: int | None = None
    engine: str = ""


@dataclass
class BatchSummary:
    """What a run did. ``skipped`` counts documents already in the output or repeating an earlier content;
    ``stats`` are the counters of the Python tasks (``engine_seconds``, ``max_worker_rss_mb`` ...), ``timings``
    the seconds of each step."""

    run: int = 0
    documents: int = 0
    events: int = 0
    errors: int = 0
    skipped: int = 0
    incidents: int = 0
    seconds: float = 0.0
    stats: Stats = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)


def make_session(
    master: str | None = None,
    partitions: int | None = None,
    conf: Mapping[str, str] | None = None,
    app_name: str = "marsad batch",
) -> SparkSession:
    """A Spark session: ``master`` when given (a local master runs its Python workers with this interpreter, and
    its JVM with the settings of docs/batch.md: :data:`LOCAL_CONF`, the class archive of :mod:`marsad.batch.jvm`,
    the file system of :mod:`marsad.batch.localfs`), else the one ``spark-submit`` or the environment sets up;
    ``conf`` adds Spark settings (and replaces Marsad's)."""
    builder = SparkSession.builder.appName(app_name).config("spark.sql.session.timeZone", "UTC")
    java_options = ""
    added: dict[str, str] = {}
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            # PySpark starts local workers with $PYSPARK_PYTHON (default: python3 on the PATH, which may lack
            # Marsad): use this interpreter unless told otherwise
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            for key, value in LOCAL_CONF.items():
                if key not in (conf or {}):
                    builder = builder.config(key, value)
            # (none: Hadoop's own file system, which sets a file's mode by running chmod)
            added = localfs.session_settings(master, conf or {})
            for key, value in added.items():
                builder = builder.config(key, value)
            if "spark.driver.extraJavaOptions" not in (conf or {}):
                classpath = {**added, **(conf or {})}.get("spark.driver.extraClassPath", "")
                java_options = local_java_options(classpath=classpath)
                builder = builder.config("spark.driver.extraJavaOptions", java_options)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    spark = builder.getOrCreate()
    if added:
        localfs.check_session(spark)
    if master is not None and master.startswith("local"):
        _no_checksum_files(spark)
    if java_options:
        gateway = getattr(spark.sparkContext._gateway, "proc", None)  # the JVM PySpark started, if it did
        note_jvm(java_options, gateway.pid if gateway is not None else None)
    batch_rows = "spark.sql.execution.arrow.maxRecordsPerBatch"
    if not spark.sparkContext.getConf().contains(batch_rows) and batch_rows not in (conf or {}):
        spark.conf.set(batch_rows, ARROW_BATCH_ROWS)
    return spark


def _no_checksum_files(spark: SparkSession) -> None:
    """Local files are written without Hadoop's ``.crc`` file beside each (Parquet checks its pages itself).

    Hadoop's local file system creates a checksum file for every file it writes, and without Hadoop's native
    library it sets the mode of every file it creates by running ``chmod`` (a process per file, 3.5-4 ms of CPU):
    the checksum files doubled that for the 92 event files, the documents and the incidents of a run (a seventh
    of the event write's CPU). The setting is made on the JVM's cached local file system, which a local master's
    tasks share."""
    context = spark.sparkContext
    jvm = context._jvm
    assert jvm is not None
    jvm.org.apache.hadoop.fs.FileSystem.getLocal(context._jsc.hadoopConfiguration()).setWriteChecksum(False)


def stop_session(spark: SparkSession) -> None:
    """``spark.stop()`` without PySpark's one-second wait for its accumulator server.

    The server's handler polls its connection once a second for the shutdown flag, and ``SparkContext.stop``
    waits for it (0.97-0.98 s of every run, measured). Here the JVM side is stopped as ``stop`` does, then the
    server is told to end and its socket closed without waiting: its thread (a daemon) ends by itself within the
    second, and a new session can start meanwhile (it gets a new server)."""
    context = spark.sparkContext
    server = getattr(context, "_accumulatorServer", None)
    if server is not None:
        server.server_shutdown = True  # the handler's poll loop ends at its next wake-up
        server._BaseServer__shutdown_request = True  # so does serve_forever once the handler returns
        server.server_close()
        context._accumulatorServer = None  # type: ignore[assignment]  # as SparkContext.stop does
    spark.stop()


class Output:
    """The tables of one output folder (any path Spark writes)."""

    def __init__(self, spark: SparkSession, path: str) -> None:
        self.spark = spark
        self.path = path.rstrip("/")

    def table(self, name: str) -> str:
        return f"{self.path}/{name}"

    def exists(self, name: str) -> bool:
        jvm = self.spark.sparkContext._jvm
        assert jvm is not None
        hadoop_path = jvm.org.apache.hadoop.fs.Path(self.table(name))
        fs = hadoop_path.getFileSystem(self.spark.sparkContext._jsc.hadoopConfiguration())
        return bool(fs.exists(hadoop_path))

    def read(self, name: str, struct: StructType) -> DataFrame:
        """A table of the output (empty when it has not been written yet)."""
        if not self.exists(name):
            return self.spark.createDataFrame(self.spark.sparkContext.emptyRDD(), struct)
        return self.spark.read.schema(struct).parquet(self.table(name))

    def next_run(self) -> int:
        last = 0
        for name, struct in (
            ("documents", schema.DOCUMENTS),
            ("events", schema.events()),
            ("errors", schema.ERRORS),
        ):
            if self.exists(name):
                found = self.read(name, struct).agg(F.max("run")).first()
                last = max(last, int(found[0] or 0) if found else 0)
        return last + 1


def current_documents(output: Output) -> DataFrame:
    """The documents of the output, the latest extraction of each content only."""
    docs = output.read("documents", schema.DOCUMENTS)
    latest = docs.groupBy("content_hash").agg(F.max("run").alias("run"))
    return docs.join(latest, on=["content_hash", "run"])


def current_events(output: Output) -> DataFrame:
    """The events of the current documents, with the ``source`` and ``line`` of their document."""
    docs = current_documents(output).select("content_hash", "run", "source", "line")
    return output.read("events", schema.events()).join(docs, on=["content_hash", "run"])


def run_batch(
    spark: SparkSession, input_path: str, output_path: str, options: BatchOptions | None = None
) -> BatchSummary:
    """Extract the new documents of ``input_path`` into the output at ``output_path`` (see the module doc)."""
    from marsad.ingest.pipeline import load_extractor

    options = options or BatchOptions()
    started = time.perf_counter()
    output = Output(spark, output_path)
    _, version = load_extractor(options.engine)
    partitions = options.partitions or 4 * spark.sparkContext.defaultParallelism
    summary = BatchSummary()
    with _workers_started(spark), _unless_set(spark, {MIN_SPLITS: str(partitions), CACHE_COMPRESSED: "false"}):
        # into an output without documents, the current events are this run's: the incident step takes them from
        # the results in memory instead of reading back the event files just written
        first = not output.exists("documents")
        # and the extraction tasks collect the place keys of their events for it
        keys = spark.sparkContext.accumulator(set(), KeysParam()) if first else None
        with _extracted(output, input_path, options, version, partitions, summary, keys) as extraction:
            extracted, contents, stats = extraction
            with _step(summary, "extract and write"):
                results = first_of_each_content(extracted, contents)
                events = _new_events(results, version, summary.run)
                # the extraction has run: its tasks' counters are complete
                errors = stats.value.get("read_errors", 0.0) + stats.value.get("extract_errors", 0.0)
                beside = None
                if first:
                    # the run's events are all the current ones: merged while the documents are written

                    def beside() -> None:
                        _incident_step(summary, output, partitions, events, keys.value if keys else None)

                extract_errors = _write(output, results, events, version, summary, partitions, errors > 0, beside)
            if not first and (summary.documents or not output.exists("incidents")):
                _incident_step(summary, output, partitions)
    read = summary.stats.get("documents_read", 0.0)
    summary.skipped = int(read - summary.documents - extract_errors)
    summary.seconds = time.perf_counter() - started
    return summary


def _incident_step(
    summary: BatchSummary,
    output: Output,
    partitions: int,
    events: DataFrame | None = None,
    keys: Iterable[tuple[Any, ...]] | None = None,
) -> None:
    with _step(summary, "incidents"):
        summary.incidents = write_incidents(output, partitions, events, keys)


@contextmanager
def _workers_started(spark: SparkSession) -> Iterator[None]:
    """With a local master, the Python workers are started while the driver lists and plans the input.

    The first Python task of a session starts the workers' daemon, which loads Marsad's engine before it forks
    them (:mod:`marsad.batch.daemon`, 0.6-2 s): started from a thread of its own by an RDD job of one empty task
    per core (no query to plan), it runs beside the driver's listing and first query plan instead of after them.
    Spark keeps a daemon per set of environment variables, and its SQL tasks add
    ``SPARK_SIMPLIFIED_TRACEBACK`` (unless :data:`SIMPLIFIED_TRACEBACK` is off) to those of the session: the
    session's get it too, so that the extraction's tasks reuse these workers instead of starting a second
    daemon. On a cluster the executors start their own workers: nothing is done."""
    context = spark.sparkContext
    if not (context.master or "").startswith("local"):
        yield
        return
    if (spark.conf.get(SIMPLIFIED_TRACEBACK, None) or "true").lower() == "true":
        context.environment.setdefault("SPARK_SIMPLIFIED_TRACEBACK", "1")
    cores = context.defaultParallelism

    def start() -> None:
        try:
            context.parallelize(range(cores), cores).foreachPartition(no_rows)
        except Exception:  # the extraction starts its workers itself
            log.debug("starting the Python workers ahead failed", exc_info=True)

    thread = threading.Thread(target=start, name="marsad-workers", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


SIMPLIFIED_TRACEBACK = "spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled"


#: Settings of a run, unless the session has them. Files are read in at least ``--partitions`` tasks (a few files
#: make as many extraction tasks, not one per core, so that the cores finish together). The results cached for
#: the writes are not compressed: Spark's in-memory compression hashes every value of a column to try a
#: dictionary, which gains nothing on texts and nested events and cost as much CPU as building the cache.
MIN_SPLITS = "spark.sql.files.minPartitionNum"
CACHE_COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed"


@contextmanager
def _unless_set(spark: SparkSession, settings: Mapping[str, str]) -> Iterator[None]:
    """The session has these settings inside the block, except those it sets itself."""
    added = [key for key in settings if spark.conf.get(key, None) is None]
    for key in added:
        spark.conf.set(key, settings[key])
    try:
        yield
    finally:
        for key in added:
            spark.conf.unset(key)


@contextmanager
def _extracted(
    output: Output,
    input_path: str,
    options: BatchOptions,
    version: str,
    partitions: int,
    summary: BatchSummary,
    keys: Accumulator[Keys] | None = None,
) -> Iterator[tuple[DataFrame, Accumulator[Contents], Accumulator[Stats]]]:
    """The results of the new documents (:func:`_results`), cached by the first job that uses them and kept for
    the others of the block, the accumulator their tasks report the documents they kept to (by content, for
    :func:`first_of_each_content`) and that of their counters, which go to ``summary`` at the end."""
    with _step(summary, "plan"):
        summary.run = output.next_run()
        context = output.spark.sparkContext
        stats = context.accumulator({}, StatsParam())
        contents = context.accumulator({}, ContentsParam())
        extracted = _results(output, input_path, options, version, partitions, stats, keys, contents)
        extracted = extracted.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        yield extracted, contents, stats
    finally:
        extracted.unpersist()
        summary.stats = dict(stats.value)


def _write(
    output: Output,
    results: DataFrame,
    events: DataFrame,
    version: str,
    summary: BatchSummary,
    partitions: int,
    errors: bool = True,
    beside: Callable[[], None] | None = None,
) -> int:
    """Append the ``events`` (:func:`_new_events`), the errors and the documents of ``results`` to the output;
    fill in ``summary``; returns the number of extraction errors. ``errors`` false says that no task reported a
    read or extraction error: the errors are not written (no job; an output without an ``errors`` table reads as
    one without rows). ``beside``, when given, runs in a thread of its own while the documents are written (Spark
    runs the jobs of both side by side: the fixed parts of the queries, planning, scheduling, committing, overlap);
    its exception, if any, is raised here once the documents are written.

    The counts are observed while the tables are written (:class:`pyspark.sql.Observation`), not by a job of
    their own over the results."""
    run = F.lit(summary.run).cast("int")
    _write_events(output, events, partitions)
    extract_errors = 0
    if errors:
        errors_seen = Observation("errors")
        _write_errors(output, results, run, errors_seen)
        failed = errors_seen.get
        summary.errors, extract_errors = int(failed["n"]), int(failed["extract"] or 0)
        if summary.errors:
            summary.error_samples = [r.message for r in _errors(results).limit(20).collect()]
    # last: on a run into an output with documents, ``results`` reads the documents table (the join with the
    # known contents), and writing that table makes Spark drop the cache of every plan that reads it; a query
    # over ``results`` after this would parse and extract the input again (and count it twice)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-beside") as pool:
        done = pool.submit(beside) if beside is not None else None
        _write_documents(output, results, version, run, summary)
        if done is not None:
            done.result()
    return extract_errors


def _write_documents(output: Output, results: DataFrame, version: str, run: Column, summary: BatchSummary) -> None:
    """Append the documents of ``results`` (the counts of documents and events to ``summary``)."""
    documents_seen = Observation("documents")
    ok = results.where(F.col("error_stage").isNull())
    documents = ok.select(*_columns(records.DOCUMENT_COLUMNS, engine_version=F.lit(version), run=run))
    documents = documents.observe(documents_seen, F.count(F.lit(1)).alias("n"), F.sum("n_events").alias("events"))
    documents.write.mode("append").parquet(output.table("documents"))
    counted = documents_seen.get
    summary.documents, summary.events = int(counted["n"]), int(counted["events"] or 0)


@contextmanager
def _step(summary: BatchSummary, name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    summary.timings[name] = time.perf_counter() - started
    log.info("%s: %.1f s", name, summary.timings[name])


def _results(
    output: Output,
    input_path: str,
    options: BatchOptions,
    version: str,
    partitions: int,
    stats: Accumulator[Stats],
    keys: Accumulator[Keys] | None = None,
    contents: Accumulator[Contents] | None = None,
) -> DataFrame:
    """The documents of the input not yet in the output, extracted (lazily: nothing runs until it is used).
    ``keys`` gets the place keys of the events extracted, ``contents`` the documents kept by content
    (:func:`marsad.batch.extraction.extract_rows`).

    Into an output that has no documents of this engine version yet, a document is parsed and extracted in the
    task that reads it (its text crosses to Python once, and is never shuffled); otherwise the parsed documents
    are joined with the known contents first, and the new ones extracted after the join.
    """
    spark = output.spark
    sources = read_sources(spark, input_path, options.read, stats, partitions)
    extract = functools.partial(extract_rows, engine=options.engine, stats=stats, keys=keys, contents=contents)
    task = functools.partial(row_task, output=records.result_fields())
    known = (
        output.read("documents", schema.DOCUMENTS).where(F.col("engine_version") == version)
        if output.exists("documents")
        else None
    )
    if known is None or known.isEmpty():
        parts = [map_in_arrow(s.frame, task(after_parsing(s.parse, extract)), schema.result()) for s in sources]
        if parts:
            return functools.reduce(DataFrame.union, parts)
        return spark.createDataFrame(spark.sparkContext.emptyRDD(), schema.result())
    parsed = parsed_frame(spark, sources).join(
        known.select("content_hash").distinct(), on="content_hash", how="left_anti"
    )
    return map_in_arrow(parsed, task(extract), schema.result())


def first_of_each_content(extracted: DataFrame, contents: Accumulator[Contents]) -> DataFrame:
    """The extracted documents without the later repeats of a content (by source, then line; several tasks may
    each have extracted a content they read).

    The extraction runs first (a job that only builds the cache of ``extracted``): its tasks drop the repeats
    within their own documents and report the documents they kept by content, so the repeats across tasks are
    known in the driver (:func:`marsad.batch.stats.later_repeats`) without a job of their own. They are rare
    (none: ``extracted`` as it is); each is dropped by its ``content_hash``, ``source`` and ``line``, given to
    Spark as one string literal (:func:`_repeat_key`)."""
    extracted.write.format("noop").mode("overwrite").save()
    repeats = later_repeats(contents.value)
    if not repeats:
        return extracted
    log.info("%d documents repeat a content read earlier in another task", len(repeats))
    listed = F.split(F.lit("\x00".join(_repeat_key(*r) for r in repeats)), "\\x00")
    line = F.coalesce(F.col("line").cast("string"), F.lit("-"))
    key = F.concat_ws("\n", "content_hash", "source", line)
    return extracted.where(F.col("content_hash").isNull() | ~F.array_contains(listed, key))


def _repeat_key(content: str, source: str, line: int | None) -> str:
    """A document's key among the repeats: its content hash (hex digits), source and line (digits, ``-`` for
    none) joined by newlines, which neither the hash nor the line has (so the key is unique whatever the path);
    the keys are joined by NUL, which no path has."""
    return "\n".join((content, source, "-" if line is None else str(line)))


def _columns(columns: tuple[records.Column, ...], **given: Column) -> list[Column]:
    return [given[name].alias(name) if name in given else F.col(name) for name in records.names(columns)]


def _new_events(results: DataFrame, version: str, run: int) -> DataFrame:
    """The rows of the events table for the events of ``results`` (this run's), with the ``source`` and ``line``
    of their document (as :func:`current_events` gives them)."""
    exploded = results.where(F.col("error_stage").isNull()).select(
        "content_hash", "doc_id", "source", "line", F.explode("events").alias("e")
    )
    flat = exploded.select("content_hash", "doc_id", "source", "line", "e.*")
    columns = _columns(
        records.event_columns(),
        event_key=F.concat_ws(":", "content_hash", F.col("seq").cast("string")),
        engine_version=F.lit(version),
        run=F.lit(run).cast("int"),
        event_month=F.date_format("date_start", "yyyy-MM"),
    )
    return flat.select(*columns, "source", "line")


def _write_events(output: Output, events: DataFrame, partitions: int) -> None:
    # all the events of a month and country in one task: one file per month and country and run, not one per
    # task; as many tasks as extraction tasks (a number Spark keeps), so that the files are written on every core
    table = events.select(*records.names(records.event_columns()))
    table.repartition(partitions, *records.EVENT_PARTITIONS).write.mode("append").partitionBy(
        *records.EVENT_PARTITIONS
    ).parquet(output.table("events"))


def _errors(results: DataFrame) -> DataFrame:
    return results.where(F.col("error_stage").isNotNull()).select(
        "doc_id",
        F.col("error_stage").alias("stage"),
        F.col("error_message").alias("message"),
        "source",
        "line",
    )


def _write_errors(output: Output, results: DataFrame, run: Column, seen: Observation) -> None:
    """Append the errors of ``results`` not yet recorded; ``seen`` counts all of them (``n``) and those of the
    extraction (``extract``)."""
    keys = [c for c in records.names(records.ERROR_COLUMNS) if c != "run"]
    errors = _errors(results).observe(
        seen,
        F.count(F.lit(1)).alias("n"),
        F.sum(F.when(F.col("stage") == records.STAGE_EXTRACT, 1).otherwise(0)).alias("extract"),
    )
    new = (
        errors.subtract(output.read("errors", schema.ERRORS).select(*keys))
        if output.exists("errors")
        else errors
    )
    new = new.withColumn("run", run).coalesce(1)
    new.write.mode("append").parquet(output.table("errors"))


def write_incidents(
    output: Output,
    partitions: int,
    events: DataFrame | None = None,
    keys: Iterable[tuple[Any, ...]] | None = None,
) -> int:
    """Merge the current events of the output (``events``, when the caller has them, and their place ``keys``:
    :func:`marsad.batch.incidents.merge_incidents`) into incidents; rewrites both incident tables, returns the
    number of incidents."""
    stats = output.spark.sparkContext.accumulator({}, StatsParam())
    current = events if events is not None else current_events(output)
    events = current.select(*MERGE_COLUMNS)
    if keys is None:  # read once for the driver's blocks and once for the merge: kept between the two
        events = events.persist(StorageLevel.MEMORY_AND_DISK)
    members = merge_incidents(output.spark, events, partitions, stats, keys)
    members = members.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        members.select(*records.names(records.MEMBER_COLUMNS)).write.mode("overwrite").parquet(
            output.table("incident_members")
        )
        # the row of an incident's first report carries the incident: no shuffle to de-duplicate
        incidents = members.where(F.col("event_key") == F.col("incident_id"))
        incidents.select(*records.names(records.INCIDENT_COLUMNS)).write.mode("overwrite").parquet(
            output.table("incidents")
        )
    finally:
        members.unpersist()
        events.unpersist()
    return int(stats.value.get("incidents", 0))


def read_table(spark: SparkSession, output_path: str, name: str) -> DataFrame:
    """One table of an output, with its explicit schema."""
    structs: dict[str, Any] = {
        "documents": schema.DOCUMENTS,
        "events": schema.events(),
        "errors": schema.ERRORS,
        "incidents": schema.INCIDENTS,
        "incident_members": schema.MEMBERS,
    }
    return Output(spark, output_path).read(name, structs[name])
