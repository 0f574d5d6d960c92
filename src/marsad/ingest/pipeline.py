"""The ingest loop: read documents, skip the ones already stored, extract the rest (in a process pool when
``jobs > 1``), and save each document with its events in a transaction of its own.

The extraction engine is ``marsad.extract`` with ``marsad.ENGINE_VERSION``. Another engine can be plugged in
with the environment variable ``MARSAD_EXTRACTOR=module:function`` (its module's ``ENGINE_VERSION`` names its
version); the tests use it to run without the real engine.

Nothing one document does ends the batch: an engine error, a record the store refuses, or a worker process that
dies (killed, out of memory) is counted as that document's failure with its file and line, and the rest goes on.
Worker processes die with the parent (even on ``kill -9``) and leave Ctrl-C to it; an interrupt
(:class:`~marsad.errors.Interrupted`, or Ctrl-C) stops the run between documents and the summary says so.
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# (estimate_total lives with the readers, so that `marsad extract` counts its input without importing the store)
from marsad.errors import InputError, MarsadError, WorkerDied
from marsad.ingest.context import configure_logging, input_context
from marsad.ingest.readers import estimate_total as estimate_total
from marsad.model import DocumentRecord, InputDocument
from marsad.store.store import EventStore, content_hash, is_older

log = logging.getLogger(__name__)

ENV_EXTRACTOR = "MARSAD_EXTRACTOR"
ExtractFn = Callable[..., DocumentRecord]


def load_extractor(spec: str | None = None) -> tuple[ExtractFn, str]:
    """The extraction function and its engine version: ``spec`` (``module:function``), else ``$MARSAD_EXTRACTOR``,
    else ``marsad.extract``."""
    return _load_extractor(spec or os.environ.get(ENV_EXTRACTOR) or "")


@lru_cache(maxsize=4)
def _load_extractor(spec: str) -> tuple[ExtractFn, str]:
    if spec:
        module_name, _, func_name = spec.partition(":")
        module = importlib.import_module(module_name)
        fn = getattr(module, func_name or "extract")
        return fn, str(getattr(module, "ENGINE_VERSION", "0"))
    import marsad

    return marsad.extract, str(marsad.ENGINE_VERSION)


def extract_one(doc: InputDocument, spec: str | None = None) -> dict[str, Any]:
    """Run the engine on one document; returns the contract dict (picklable, for the process pool)."""
    fn, _ = load_extractor(spec)
    with input_context(_where(doc)):
        record = fn(doc.text, published=doc.published, doc_id=doc.doc_id, outlet=doc.outlet)
    contract = record.to_contract() if isinstance(record, DocumentRecord) else dict(record)
    if not contract.get("events") and log.isEnabledFor(logging.INFO) and not (spec or os.environ.get(ENV_EXTRACTOR)):
        from marsad.ingest.empty import explain_empty

        log.info("%s: no events: %s", _where(doc), explain_empty(doc))  # --verbose: why nothing came out
    return contract


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


@dataclass(frozen=True)
class _Job:
    """One document to extract (and save, replacing its events when ``replace``), or, when ``known``, one whose
    text was stored before this run: it is not extracted, and the store says in order whether it is an alias."""

    doc: InputDocument
    replace: bool
    known: bool = False


Progress = Callable[[int], None]
_Finish = Callable[[_Job, dict[str, Any] | None, BaseException | None], None]


def _todo(
    store: EventStore,
    items: Iterable[InputDocument | InputError],
    version: str,
    reextract: bool,
    summary: Summary,
    tick: Progress,
) -> Iterator[_Job]:
    for item in items:
        if isinstance(item, InputError):
            summary.fail(str(item))
            tick(1)
            continue
        known = store.lookup(content_hash(item.text))
        if known is None:
            yield _Job(item, replace=False)
        elif known.current and reextract and is_older(known.engine_version, version):
            yield _Job(item, replace=True)
        else:
            yield _Job(item, replace=False, known=True)


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

    def finish(job: _Job, contract: dict[str, Any] | None, error: BaseException | None) -> None:
        # every decision about the store is taken here, in input order, so that the store ends the same
        # whatever the number of workers and however far ahead the reading is
        if job.known:
            known = store.recognise(job.doc)
            if known is None:  # stored when read, gone since (cannot happen while one run writes)
                summary.skipped += 1
            else:
                summary.document_ids.append(known.document_id)
                _count(summary, known.status, known.n_events)
        elif error is not None or contract is None:
            summary.fail(f"{_where(job.doc)}: extraction failed ({type(error).__name__}: {error})")
        else:
            try:
                result = store.save(job.doc, contract, version, replace=job.replace)
            except MarsadError as exc:
                summary.fail(f"{_where(job.doc)}: {exc}")
            except Exception as exc:  # a record the store refuses (bad field) must not stop the batch
                log.debug("save failed", exc_info=True)
                summary.fail(f"{_where(job.doc)}: cannot store the record ({type(exc).__name__}: {exc})")
            else:
                summary.document_ids.append(result.document_id)
                _count(summary, result.status, result.n_events)
        tick(1)

    try:
        if jobs <= 1:
            for job in todo:
                if job.known:
                    finish(job, None, None)
                    continue
                try:
                    contract = extract_one(job.doc, extractor)
                except Exception as exc:  # the engine's failure on one document is that document's
                    log.debug("extraction failed", exc_info=True)
                    finish(job, None, exc)
                else:
                    finish(job, contract, None)
        else:
            _run_pool(todo, jobs, extractor, finish)
    except KeyboardInterrupt as exc:
        summary.interrupted = getattr(exc, "signal_name", "SIGINT")
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

#: Linux's prctl option that sends the child a signal when its parent dies.
_PR_SET_PDEATHSIG = 1
#: How often a worker without prctl checks that its parent is alive (seconds).
_PARENT_POLL = 1.0


def _worker_init(parent: int, log_level: int) -> None:
    """Set up one worker process of ``parent``: it dies with it, leaves Ctrl-C to it, and logs like it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no libc to call: the watch thread below still works
            pass
    if os.getppid() != parent:  # the parent died while this worker was starting
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    configure_logging(log_level)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os._exit(1)  # orphaned (the parent was killed): nobody wants our results


class _Workers:
    """A process pool that can be rebuilt after a worker dies, and ended at once on an interrupt."""

    def __init__(self, jobs: int, extractor: str | None) -> None:
        self.jobs = jobs
        self.extractor = extractor
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, job: _Job) -> Future[dict[str, Any]]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(), logging.getLogger().getEffectiveLevel()),
            )
        return self._pool.submit(extract_one, job.doc, self.extractor)

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


def _run_pool(todo: Iterator[_Job], jobs: int, extractor: str | None, finish: _Finish) -> None:
    """Extract in ``jobs`` worker processes, saving results in input order; at most ``4 * jobs`` in flight.

    When a worker dies, every document in flight is suspect: the pool is rebuilt and they are extracted again
    one at a time, so that only the one that kills a worker again fails (:class:`~marsad.errors.WorkerDied`)."""
    workers = _Workers(jobs, extractor)
    pending: deque[tuple[_Job, Future[dict[str, Any]] | None]] = deque()

    def one_by_one(suspects: list[_Job]) -> None:
        workers.restart()
        for job in suspects:
            if job.known:
                finish(job, None, None)
                continue
            try:
                contract = workers.submit(job).result()
            except BrokenProcessPool as exc:
                finish(job, None, WorkerDied(str(exc) or "killed"))
                workers.restart()
            except Exception as exc:
                finish(job, None, exc)
            else:
                finish(job, contract, None)

    def drain_one() -> None:
        job, future = pending.popleft()
        if future is None:  # a known text: nothing to extract
            finish(job, None, None)
            return
        try:
            contract = future.result()
        except BrokenProcessPool:
            suspects = [job] + [j for j, _ in pending]
            pending.clear()
            one_by_one(suspects)
        except Exception as exc:
            finish(job, None, exc)
        else:
            finish(job, contract, None)

    clean = False
    try:
        for job in todo:
            try:
                pending.append((job, None if job.known else workers.submit(job)))
            except BrokenProcessPool:  # a worker died since the last result was drained
                suspects = [j for j, _ in pending] + [job]
                pending.clear()
                one_by_one(suspects)
            while len(pending) >= 4 * jobs:
                drain_one()
        while pending:
            drain_one()
        clean = True
    finally:
        workers.close(kill=not clean)


def ingest_batch_output(store: EventStore, path: str, *, progress: Progress | None = None) -> Summary:
    """Store the documents and events of a `marsad batch` output without extracting again (same content is
    skipped); documents are saved in the order the batch read them, so incidents merge as they did there."""
    from marsad.batch.load import read_output

    started = time.perf_counter()
    summary = Summary()
    tick = progress or (lambda _n: None)
    for loaded in read_output(path):
        try:
            result = store.save(loaded.document, loaded.record, loaded.engine_version)
        except MarsadError as exc:
            summary.fail(f"{_where(loaded.document)}: {exc}")
        else:
            summary.document_ids.append(result.document_id)
            _count(summary, result.status, result.n_events)
        tick(1)
    summary.seconds = time.perf_counter() - started
    return summary


def _where(doc: InputDocument) -> str:
    where = f"{doc.source}:{doc.line}" if doc.line is not None else doc.source
    return f"{where} ({doc.doc_id})"

