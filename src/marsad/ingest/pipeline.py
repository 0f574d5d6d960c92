"""The ingest loop: read documents, skip the ones already stored, extract the rest (in a process pool when
``jobs > 1``), and save the finished records in batches, one transaction per batch
(:func:`marsad.store.batch.save_batch`).

Documents are looked up :data:`LOOKUP_CHUNK` at a time (one query for their content hashes), extracted, and
handed to the writer in input order; the writer commits a batch when it holds :data:`BATCH_SIZE` documents, when
its first document has waited :data:`BATCH_SECONDS` (checked as each document arrives), at the end of the input
and on an interrupt. A document is counted (summary, progress) only once its batch is committed.

The extraction engine and the worker processes' side are in :mod:`marsad.ingest.work` (re-exported here): a
worker imports that module and the engine, not the store.

Nothing one document does ends the batch: an engine error, a record the store refuses, or a worker process that
dies (killed, out of memory) is counted as that document's failure with its file and line, and the rest goes on.
Worker processes die with the parent (even on ``kill -9``) and leave Ctrl-C to it; an interrupt
(:class:`~marsad.errors.Interrupted`, or Ctrl-C) stops the run between documents and the summary says so.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

# (estimate_total lives with the readers, so that `marsad extract` counts its input without importing the store)
from marsad.errors import InputError, MarsadError, WorkerDied
from marsad.ingest.readers import estimate_total as estimate_total
from marsad.ingest.work import ENV_EXTRACTOR as ENV_EXTRACTOR
from marsad.ingest.work import ExtractFn as ExtractFn
from marsad.ingest.work import _Failed, _where, _worker_init, extract_many
from marsad.ingest.work import _load_extractor as _load_extractor
from marsad.ingest.work import extract_one as extract_one
from marsad.ingest.work import load_extractor as load_extractor
from marsad.model import InputDocument
from marsad.store.batch import Finished, save_batch
from marsad.store.store import EventStore, content_hash, is_older

log = logging.getLogger(__name__)

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
#: Documents read ahead and looked up in the store together (one query for their content hashes).
LOOKUP_CHUNK = 64
#: Documents sent to a worker process at once (fewer round trips between the processes).
WORKER_CHUNK = 16


@dataclass(frozen=True)
class _Job:
    """One document to extract (and save, replacing its events when ``replace``), or, when ``known``, one whose
    text was stored before this run: it is not extracted, and the store says in order whether it is an alias."""

    doc: InputDocument
    digest: str
    replace: bool
    known: bool = False


Progress = Callable[[int], None]
_Finish = Callable[[_Job, dict[str, Any] | None, BaseException | _Failed | None], None]


def _todo(
    store: EventStore,
    items: Iterable[InputDocument | InputError],
    version: str,
    reextract: bool,
    summary: Summary,
    tick: Progress,
) -> Iterator[_Job]:
    chunk: list[InputDocument] = []

    def looked_up() -> Iterator[_Job]:
        digests = [content_hash(doc.text) for doc in chunk]
        known = store.lookup_many(digests)
        for doc, digest in zip(chunk, digests, strict=True):
            found = known.get(digest)
            if found is None:
                yield _Job(doc, digest, replace=False)
            elif found.current and reextract and is_older(found.engine_version, version):
                yield _Job(doc, digest, replace=True)
            else:
                yield _Job(doc, digest, replace=False, known=True)
        chunk.clear()

    for item in items:
        if isinstance(item, InputError):
            summary.fail(str(item))
            tick(1)
            continue
        chunk.append(item)
        if len(chunk) >= LOOKUP_CHUNK:
            yield from looked_up()
    yield from looked_up()


class _Writer:
    """Collects finished documents in input order and saves them in batches (see the module doc)."""

    def __init__(self, store: EventStore, version: str, summary: Summary, tick: Progress) -> None:
        self.store = store
        self.version = version
        self.summary = summary
        self.tick = tick
        self.pending: list[Finished] = []
        self.since = 0.0

    def add(self, job: _Job, contract: dict[str, Any] | None, error: BaseException | _Failed | None) -> None:
        if not job.known and (error is not None or contract is None):
            kind = error.kind if isinstance(error, _Failed) else type(error).__name__
            self.summary.fail(f"{_where(job.doc)}: extraction failed ({kind}: {error})")
            self.tick(1)
            return
        self.put(Finished(job.doc, job.digest, None if job.known else contract, job.replace), self.version)

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
    items: Iterable[InputDocument | InputError],
    *,
    jobs: int = 1,
    reextract: bool = False,
    extractor: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Extract and store ``items``; a failing document is counted in ``failed`` and the batch goes on. An
    interrupt (Ctrl-C, or :class:`~marsad.errors.Interrupted` raised by a signal handler) ends the run between
    documents: what is stored stays, and the summary names the signal."""
    started = time.perf_counter()
    _, version = load_extractor(extractor)
    summary = Summary()
    tick = progress or (lambda _n: None)
    todo = _todo(store, items, version, reextract, summary, tick)
    writer = _Writer(store, version, summary, tick)
    try:
        if jobs <= 1:
            for job in todo:
                if job.known:
                    writer.add(job, None, None)
                    continue
                try:
                    contract = extract_one(job.doc, extractor)
                except Exception as exc:  # the engine's failure on one document is that document's
                    log.debug("extraction failed", exc_info=True)
                    writer.add(job, None, exc)
                else:
                    writer.add(job, contract, None)
        else:
            _run_pool(todo, jobs, extractor, writer.add)
        writer.flush()
    except KeyboardInterrupt as exc:
        writer.stop(exc)
    summary.seconds = time.perf_counter() - started
    return summary


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


# --------------------------------------------------------------------------------------------- worker processes


class _Workers:
    """A process pool that can be rebuilt after a worker dies, and ended at once on an interrupt."""

    def __init__(self, jobs: int, extractor: str | None) -> None:
        self.jobs = jobs
        self.extractor = extractor
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, jobs: list[_Job]) -> Future[list[dict[str, Any] | _Failed]]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(), logging.getLogger().getEffectiveLevel()),
            )
        return self._pool.submit(extract_many, [job.doc for job in jobs], self.extractor)

    def restart(self) -> None:
        self.close(kill=True)

    def close(self, *, kill: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:  # an interrupt or a broken pool: running extractions are not waited for
            # the executor's own processes: Python 3.14 has terminate_workers(), 3.11 only this attribute
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.kill()
            for process in processes:
                process.join(timeout=5)
        else:
            pool.shutdown(wait=True)


_Chunk = tuple[list[_Job], "Future[list[dict[str, Any] | _Failed]] | None"]


def _run_pool(todo: Iterator[_Job], jobs: int, extractor: str | None, finish: _Finish) -> None:
    """Extract in ``jobs`` worker processes, :data:`WORKER_CHUNK` documents per task, handing results to
    ``finish`` in input order; at most ``4 * jobs`` tasks in flight.

    When a worker dies, every document in flight is suspect: the pool is rebuilt and they are extracted again
    one at a time, so that only the one that kills a worker again fails (:class:`~marsad.errors.WorkerDied`)."""
    workers = _Workers(jobs, extractor)
    pending: deque[_Chunk] = deque()
    chunk: list[_Job] = []

    def one_by_one(suspects: list[_Job]) -> None:
        workers.restart()
        for job in suspects:
            if job.known:
                finish(job, None, None)
                continue
            try:
                (result,) = workers.submit([job]).result()
            except BrokenProcessPool as exc:
                finish(job, None, WorkerDied(str(exc) or "killed"))
                workers.restart()
            except Exception as exc:
                finish(job, None, exc)
            else:
                _hand(finish, job, result)

    def drain_one() -> None:
        batch, future = pending.popleft()
        if future is None:  # known texts only: nothing to extract
            for job in batch:
                finish(job, None, None)
            return
        try:
            results = iter(future.result())
        except BrokenProcessPool:
            suspects = batch + [j for b, _ in pending for j in b]
            pending.clear()
            one_by_one(suspects)
        except Exception as exc:
            for job in batch:
                finish(job, None, exc)
        else:
            for job in batch:
                _hand(finish, job, None if job.known else next(results))

    def send() -> None:
        batch = chunk.copy()
        chunk.clear()
        wanted = [job for job in batch if not job.known]
        try:
            pending.append((batch, workers.submit(wanted) if wanted else None))
        except BrokenProcessPool:  # a worker died since the last result was drained
            suspects = [j for b, _ in pending for j in b] + batch
            pending.clear()
            one_by_one(suspects)
        while len(pending) >= 4 * jobs:
            drain_one()

    clean = False
    try:
        for job in todo:
            chunk.append(job)
            if len(chunk) >= WORKER_CHUNK:
                send()
        if chunk:
            send()
        while pending:
            drain_one()
        clean = True
    finally:
        workers.close(kill=not clean)


def _hand(finish: _Finish, job: _Job, result: dict[str, Any] | _Failed | None) -> None:
    if isinstance(result, _Failed):
        finish(job, None, result)
    else:
        finish(job, result, None)


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
