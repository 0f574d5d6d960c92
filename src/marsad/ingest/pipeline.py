"""The ingest loop: read the input, skip what is already stored, extract the rest (in worker processes when
``jobs > 1``), and save the finished records in batches, one transaction per batch
(:func:`marsad.store.batch.save_batch`).

The input comes as :func:`marsad.ingest.readers.read_inputs` yields it: the lines of JSON Lines files as read
(:class:`~marsad.ingest.readers.RawLine`), other inputs as documents. A task (:func:`marsad.ingest.work.prepare_many`,
:data:`WORKER_CHUNK` inputs in a worker process, :data:`LOOKUP_CHUNK` in this one with ``jobs=1``) reads and
checks its lines, hashes the texts, looks them up in the store (one query) and extracts the ones not stored
before; the finished documents come back in input order to the writer, which commits a batch when it holds
:data:`BATCH_SIZE` documents, when its first document has waited :data:`BATCH_SECONDS` (checked as each
document arrives), at the end of the input and on an interrupt. A document is counted (summary, progress) only
once its batch is committed.

Nothing one document does ends the batch: a bad line, an engine error, a record the store refuses, or a worker
process that dies (killed, out of memory) is counted as that document's failure with its file and line, and the
rest goes on. Worker processes (:class:`Workers`) die with the parent (even on ``kill -9``) and leave Ctrl-C
to it; an interrupt (:class:`~marsad.errors.Interrupted`, or Ctrl-C) stops the run between documents and the
summary says so.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import Generic, TypeVar

# (estimate_total lives with the readers, so that `marsad extract` counts its input without importing the store)
from marsad.errors import Failure, InputError, MarsadError, WorkerDied, WorkersFailing
from marsad.ingest.context import where as _where
from marsad.ingest.readers import Input, RawLine, line_document
from marsad.ingest.readers import estimate_total as estimate_total
from marsad.ingest.work import ENV_EXTRACTOR as ENV_EXTRACTOR
from marsad.ingest.work import ExtractFn as ExtractFn
from marsad.ingest.work import (
    Prepared,
    Refused,
    Settings,
    die_with_parent,
    prepare_many,
)
from marsad.ingest.work import _load_extractor as _load_extractor
from marsad.ingest.work import extract_many as extract_many
from marsad.ingest.work import extract_one as extract_one
from marsad.ingest.work import load_extractor as load_extractor
from marsad.ingest.workers import WORKER_DEATHS_IN_A_ROW as WORKER_DEATHS_IN_A_ROW
from marsad.ingest.workers import Deaths
from marsad.ingest.workers import Workers as Workers
from marsad.model import InputDocument
from marsad.store.batch import Finished, save_batch
from marsad.store.store import EventStore, content_hash

log = logging.getLogger(__name__)

_T = TypeVar("_T")

#: Failure messages kept in a summary (all are counted): a million bad lines must not fill the memory.
MAX_FAILURE_MESSAGES = 1000


@dataclass
class Summary:
    """What one ingest run did. ``updated``: new versions of stored articles; ``aliased``: texts already stored
    under another id or URL, recorded as aliases; ``interrupted``: the signal that stopped the run, if any;
    ``failed``: the first :data:`MAX_FAILURE_MESSAGES` failures, ``n_failed`` all of them."""

    ingested: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    events: int = 0
    seconds: float = 0.0
    updated: int = 0
    aliased: int = 0
    interrupted: str | None = None
    n_failed: int = 0
    #: why the run stopped before the end of its input (:class:`~marsad.errors.WorkersFailing`), if it did
    stopped: str | None = None

    def fail(self, message: str) -> None:
        self.n_failed += 1
        if len(self.failed) < MAX_FAILURE_MESSAGES:
            self.failed.append(message)

    @property
    def processed(self) -> int:
        return self.ingested + self.updated + self.replaced + self.skipped + self.aliased + self.n_failed


#: Documents handed to the store in one transaction (one commit, one fsync on SQLite).
BATCH_SIZE = 256
#: The longest a finished document waits for its batch to be written (checked as each document arrives).
BATCH_SECONDS = 1.0
#: Documents read ahead and looked up in the store together (one query for their content hashes), in this
#: process with ``--jobs 1``.
LOOKUP_CHUNK = 64
#: Inputs sent to a worker process at once, at first and at least: the worker reads, checks, looks up (one query)
#: and extracts them. Its results come back together, so a slow engine keeps them from their batch for a task's
#: time.
WORKER_CHUNK = 16
#: The most inputs per task, for an engine fast enough to extract them within :data:`TASK_SECONDS`.
WORKER_CHUNK_MAX = 64
#: The work a task is sized to once the first results show the pace (seconds of a worker, waits included): each
#: task costs this process about 0.35 ms (the pool's threads, pipes and futures) and its worker a look-up, so a
#: fast engine gets fewer, larger tasks (64 instead of 16 inputs: 0.1-0.15 s less CPU for 3,000 corpus
#: articles), and a slow one (0.1 s per document in a test) keeps tasks of 16.
TASK_SECONDS = 0.1
#: The fewest inputs per task at the end of the input, where the last inputs are cut into smaller tasks.
TAIL_CHUNK = 4


Progress = Callable[[int], None]
_Finish = Callable[[Prepared | Refused], None]


def _inputs(items: Iterable[Input], summary: Summary, tick: Progress) -> Iterator[InputDocument | RawLine]:
    """The documents and lines of ``items``; the errors met while reading are reported as they come."""
    for item in items:
        if isinstance(item, InputError):
            summary.fail(str(item))
            tick(1)
        else:
            yield item


def _chunks(items: Iterator[_T], size: int) -> Iterator[list[_T]]:
    while chunk := list(islice(items, size)):
        yield chunk


class _Writer:
    """Collects finished documents in input order and saves them in batches (see the module doc)."""

    def __init__(
        self,
        store: EventStore,
        version: str,
        summary: Summary,
        tick: Progress,
        undated: Callable[[InputDocument], None] | None = None,
    ) -> None:
        self.store = store
        self.version = version
        self.summary = summary
        self.tick = tick
        self.undated = undated
        self.pending: list[Finished] = []
        self.since = 0.0

    def add(self, item: Prepared | Refused) -> None:
        """Take the next document of the input (read, checked and extracted, or refused), in input order."""
        if isinstance(item, Refused):
            self.summary.fail(item.message)
            self.tick(1)
            return
        if self.undated is not None and not item.doc.published:
            self.undated(item.doc)
            self.undated = None  # said once
        if item.failed is not None:
            self.summary.fail(f"{_where(item.doc)}: extraction failed ({item.failed.kind}: {item.failed.message})")
            self.tick(1)
            return
        self.put(Finished(item.doc, item.digest, item.contract, item.replace, item.keys), self.version)

    def put(self, item: Finished, version: str) -> None:
        """Queue a finished document extracted by engine ``version`` (a batch holds one engine version)."""
        if self.pending and version != self.version:
            self.flush()
        self.version = version
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= BATCH_SIZE or time.monotonic() - self.since >= BATCH_SECONDS:
            self.flush()

    def stop(self, interrupt: KeyboardInterrupt) -> None:
        """End the run on an interrupt: the documents finished so far are stored, then the run stops."""
        self.summary.interrupted = getattr(interrupt, "signal_name", "SIGINT")
        try:
            self.flush()
        except KeyboardInterrupt:  # a second signal: what is committed stays
            pass

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        outcomes = save_batch(self.store, batch, self.version)
        for item, outcome in zip(batch, outcomes, strict=True):
            if outcome is None:  # stored when read, gone since (cannot happen while one run writes)
                self.summary.skipped += 1
            elif isinstance(outcome, MarsadError):
                self.summary.fail(f"{_where(item.doc)}: {outcome}")
            elif isinstance(outcome, Exception):  # a record the store refuses (bad field) must not stop the batch
                self.summary.fail(
                    f"{_where(item.doc)}: cannot store the record ({type(outcome).__name__}: {outcome})"
                )
            else:
                self.summary.document_ids.append(outcome.document_id)
                _count(self.summary, outcome.status, outcome.n_events)
        self.tick(len(batch))


def stored_outdated(store: EventStore, version: str) -> Iterator[InputDocument]:
    """Stored documents whose engine version is older than ``version``, as input for re-extraction."""
    for document_id in store.outdated_documents(version):
        yield store.load_document(document_id)


def ingest(
    store: EventStore,
    items: Iterable[Input],
    *,
    jobs: int = 1,
    reextract: bool = False,
    extractor: str | None = None,
    progress: Progress | None = None,
    workers: Workers | None = None,
    undated: Callable[[InputDocument], None] | None = None,
    new_store: bool = False,
) -> Summary:
    """Extract and store ``items`` (documents, input errors, and JSON lines still to be read, as
    :func:`marsad.ingest.readers.read_inputs` yields them); a failing document is counted in ``failed`` and the
    batch goes on. An interrupt (Ctrl-C, or :class:`~marsad.errors.Interrupted` raised by a signal handler) ends
    the run between documents: what is stored stays, and the summary names the signal.

    ``workers``: worker processes started by the caller (:meth:`Workers.start`), used instead of ``jobs`` and
    closed at the end; the summary's seconds then count from their start. ``undated`` is called with the first
    document that has no publication date. ``new_store``: the store did not exist before this run (a SQLite file
    it created, :func:`marsad.store.db.is_new`): it holds no text stored before the run, so the tasks look
    nothing up and extract every text; the batches decide each document against the store as always (a text
    repeated in the input is extracted again, then skipped by its batch)."""
    started = workers.started if workers is not None else time.perf_counter()
    _, version = load_extractor(extractor)
    summary = Summary()
    tick = progress or (lambda _n: None)
    url = None if new_store else store.engine.url.render_as_string(hide_password=False)
    settings = Settings(extractor, version, reextract, url)
    todo = _inputs(items, summary, tick)
    writer = _Writer(store, version, summary, tick, undated)
    if workers is None and jobs > 1:
        workers = Workers(jobs, extractor)
    if workers is not None and not shareable(store):  # another process cannot reach a store in memory
        log.info("the store is in this process's memory: extracting in this process")
        workers.close(kill=True)
        workers = None
    try:
        if workers is None:
            for chunk in _chunks(todo, LOOKUP_CHUNK):
                for item in prepare_many(chunk, settings, None if new_store else store.lookup_many):
                    writer.add(item)
        else:
            _run_pool(todo, workers, settings, writer.add, idle=writer.flush)
        writer.flush()
    except KeyboardInterrupt as exc:
        writer.stop(exc)
    except WorkersFailing as exc:  # the documents finished so far are stored, then the run stops
        summary.stopped = str(exc)
        writer.flush()
    summary.seconds = time.perf_counter() - started
    return summary


def shareable(store: EventStore) -> bool:
    """Whether worker processes can open ``store`` themselves (not a SQLite database in memory)."""
    url = store.engine.url
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _count(summary: Summary, status: str, n_events: int) -> None:
    if status == "skipped":
        summary.skipped += 1
    elif status == "alias":
        summary.aliased += 1
    else:
        summary.events += n_events
        if status == "replaced":
            summary.replaced += 1
        elif status == "updated":
            summary.updated += 1
        else:
            summary.ingested += 1


def create_aside(url: str) -> Callable[[], bool] | None:
    """Create the new store at ``url`` (its schema, :func:`marsad.store.db.migrate`) in a forked child process,
    so that this process loads the engine and starts its workers meanwhile; returns a function that waits for the
    child and tells whether the store is ready (if not, the caller opens it itself and reports what fails), or
    ``None`` where a fork is not safe (not Linux, or threads running). The child dies with this process: a
    creation cut short is rolled back, and the next run creates the store."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    from marsad.store.db import make_engine, migrate

    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: the caller creates the store itself
        return None
    if pid == 0:  # the child: create the store, then end without the interpreter's teardown
        code = 1
        try:
            die_with_parent(parent)
            engine = make_engine(url)
            migrate(engine)
            engine.dispose()
            code = 0
        except BaseException:  # whatever failed, the parent's own opening of the store says it
            log.debug("creating the store failed", exc_info=True)
        finally:
            os._exit(code)

    def ready() -> bool:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    return ready


_Chunk = tuple[list[InputDocument | RawLine], "Future[list[Prepared | Refused]] | None"]


class _Tasks(Generic[_T]):
    """The input cut into the tasks of :func:`_run_pool`: :data:`WORKER_CHUNK` inputs each at first, then as many
    as a worker extracts in about :data:`TASK_SECONDS` at the pace of the results so far (at most
    :data:`WORKER_CHUNK_MAX`). Two tasks' worth of input is read ahead, so that the end is seen coming: the last
    inputs go in smaller tasks (down to :data:`TAIL_CHUNK`), and the workers finish together instead of one
    waiting for the other's last task."""

    def __init__(self, todo: Iterator[_T], jobs: int) -> None:
        self.todo = todo
        self.jobs = jobs
        self.size = WORKER_CHUNK
        self.ahead: deque[_T] = deque()
        self.ended = False
        self.started: float | None = None
        self.done = 0

    def next(self) -> list[_T] | None:
        """The inputs of the next task (``None`` at the end of the input)."""
        while not self.ended and len(self.ahead) < 2 * self.size:
            try:
                self.ahead.append(next(self.todo))
            except StopIteration:
                self.ended = True
        if not self.ahead:
            return None
        size = self.size
        if self.ended:  # what is left, shared among the workers in smaller tasks
            size = min(size, max(TAIL_CHUNK, -(-len(self.ahead) // (2 * self.jobs))))
        if self.started is None:
            self.started = time.perf_counter()
        return [self.ahead.popleft() for _ in range(min(size, len(self.ahead)))]

    def finished(self, n: int) -> None:
        """``n`` more inputs came back from the workers: the next tasks are sized at the pace so far."""
        self.done += n
        if self.started is None or not self.done:
            return
        per_input = (time.perf_counter() - self.started) * self.jobs / self.done  # a worker's seconds
        fit = int(TASK_SECONDS / per_input) if per_input > 0 else WORKER_CHUNK_MAX
        self.size = max(WORKER_CHUNK, min(WORKER_CHUNK_MAX, fit))


def _run_pool(
    todo: Iterator[InputDocument | RawLine],
    workers: Workers,
    settings: Settings,
    finish: _Finish,
    idle: Callable[[], None] | None = None,
) -> None:
    """Read, check, look up and extract in the worker processes, in tasks of :class:`_Tasks`' sizes, handing
    results to ``finish`` in input order; at most :func:`_in_flight` inputs out at once, enough for the workers to
    go on while this process writes a batch. Once the whole input is sent, ``idle`` is called whenever the next
    result is not back yet (the writer commits what it holds while the workers end their last tasks, so that the
    commit left after the last result is a small one).

    When a worker dies, every input in flight whose task had not finished is suspect: the pool is rebuilt and they
    are taken again one at a time, so that only the one that kills a worker again fails
    (:class:`~marsad.errors.WorkerDied`). When
    :data:`WORKER_DEATHS_IN_A_ROW` inputs in a row each kill a fresh worker, the workers cannot run here:
    :class:`~marsad.errors.WorkersFailing` stops the run (the results handed to ``finish`` before stay)."""
    pending: deque[_Chunk] = deque()
    deaths = Deaths()
    window = _in_flight(workers.jobs)
    tasks = _Tasks(todo, workers.jobs)

    def fail(item: InputDocument | RawLine, exc: BaseException) -> None:
        doc = line_document(item) if isinstance(item, RawLine) else item
        if isinstance(doc, InputError):
            finish(Refused(str(doc)))
        else:
            finish(Prepared(doc, "", (None, None), failed=Failure.of(exc)))

    def one_by_one(suspects: list[_Chunk]) -> None:
        """The tasks in flight when a worker died, in order: a task that had finished keeps its results, the
        inputs of the others are taken one at a time."""
        workers.restart()
        for chunk, future in suspects:
            if future is not None and future.done() and future.exception() is None:
                deaths.lived()
                for result in future.result():
                    finish(result)
                continue
            for item in chunk:
                try:
                    (result,) = workers.submit([item], settings).result()
                except BrokenProcessPool as exc:
                    fail(item, WorkerDied(str(exc) or "killed"))
                    deaths.died(exc)
                    workers.restart()
                except Exception as exc:
                    deaths.lived()  # (the worker lived to report it)
                    fail(item, exc)
                else:
                    deaths.lived()
                    finish(result)

    def drain_one() -> None:
        chunk, future = pending.popleft()
        assert future is not None
        tasks.finished(len(chunk))
        try:
            results = future.result()
        except BrokenProcessPool:
            suspects = [(chunk, None), *pending]
            pending.clear()
            one_by_one(suspects)
        except Exception as exc:  # the task itself failed (the store could not be read): its inputs fail
            deaths.lived()
            for item in chunk:
                fail(item, exc)
        else:
            deaths.lived()
            for result in results:
                finish(result)

    def send(chunk: list[InputDocument | RawLine]) -> None:
        try:
            pending.append((chunk, workers.submit(chunk, settings)))
        except BrokenProcessPool:  # a worker died since the last result was drained
            suspects = [*pending, (chunk, None)]
            pending.clear()
            one_by_one(suspects)
        while sum(len(c) for c, _ in pending) >= window:
            drain_one()

    clean = False
    try:
        while (chunk := tasks.next()) is not None:
            send(chunk)
        while pending:
            future = pending[0][1]
            if idle is not None and future is not None and not future.done():
                idle()
            drain_one()
        clean = True
    finally:
        # a clean end does not wait for the workers to exit (12-14 ms at load 2): they exit while the last batch
        # is committed
        workers.close(kill=not clean, wait=False)


def _in_flight(jobs: int) -> int:
    """Inputs sent and not yet drained: four tasks of :data:`WORKER_CHUNK` per worker, and at least two batches'
    worth, so that the workers have work while this process commits a batch (the input read ahead is bounded by
    this)."""
    return max(4 * jobs * WORKER_CHUNK, 2 * BATCH_SIZE)


def ingest_batch_output(store: EventStore, path: str, *, progress: Progress | None = None) -> Summary:
    """Store the documents and events of a `marsad batch` output without extracting again (same content is
    skipped); documents are saved in the order the batch read them, so incidents merge as they did there, in
    batches as :func:`ingest` saves them."""
    from marsad.batch.load import read_output

    started = time.perf_counter()
    summary = Summary()
    writer = _Writer(store, "", summary, progress or (lambda _n: None))
    try:
        for loaded in read_output(path):
            item = Finished(loaded.document, content_hash(loaded.document.text), loaded.record)
            writer.put(item, loaded.engine_version)
        writer.flush()
    except KeyboardInterrupt as exc:
        writer.stop(exc)
    summary.seconds = time.perf_counter() - started
    return summary
