"""The worker processes of `marsad ingest --jobs N` and `marsad extract --jobs N`: a pool that starts with the engine
loaded, is rebuilt after a worker dies, and stops a run whose workers cannot live (:class:`Deaths`); and the
extraction of documents in the workers with their records in input order (:func:`extract_in_order`)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from marsad.errors import Failure, WorkerDied, WorkersFailing
from marsad.ingest.context import input_context
from marsad.ingest.context import where as _where
from marsad.ingest.work import Prepared, Refused, Settings, _worker_init, prepare_many, warm_up
from marsad.model import DocumentRecord, InputDocument

if TYPE_CHECKING:
    from marsad.ingest.readers import RawLine

log = logging.getLogger("marsad.ingest.pipeline")

_A = TypeVar("_A")
_R = TypeVar("_R")
_T = TypeVar("_T")

#: Documents in a row, each taken alone by a fresh worker process, on which the worker died: then the workers
#: cannot run at all (too little memory for the engines, an engine that crashes on every text) and the run stops
#: (:class:`~marsad.errors.WorkersFailing`) instead of starting a process for every document left.
WORKER_DEATHS_IN_A_ROW = 3
#: Documents a worker of `marsad extract --jobs N` extracts per task (their records come back together).
EXTRACT_CHUNK = 32


class Workers:
    """The worker processes of one run: a process pool that can be started before the run (with the engine
    loaded, before the caller opens the store), rebuilt after a worker dies, and ended at once on an interrupt.

    ``fork``: the workers are forked from this process, and have its imported modules and the engine it loads
    without loading them again; only safe while this process runs no other thread, so it is used only then (and
    on Linux), and a pool rebuilt after a worker died is spawned. Otherwise each worker is a fresh interpreter
    (spawned)."""

    def __init__(self, jobs: int, extractor: str | None, *, fork: bool = False) -> None:
        self.jobs = jobs
        self.extractor = extractor
        self.fork = fork and sys.platform.startswith("linux") and threading.active_count() == 1
        self.started = time.perf_counter()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> Workers:
        """Start the processes now, with the engine loaded: a forked pool is forked once this process has loaded
        it (the workers share it, and its load is paid once, as with ``--jobs 1``), a spawned one loads it in
        each worker. (A forked pool starts all its processes on its first task.)"""
        if self.fork:
            try:
                warm_up(self.extractor)
            except (ImportError, AttributeError):  # no such engine: the caller's own loading says so
                log.debug("the engine did not load before the fork", exc_info=True)
        self._make(warm=not self.fork).submit(os.getpid)
        return self

    def _make(self, *, warm: bool = False) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork" if self.fork else "spawn"),
                initializer=_worker_init,
                initargs=(
                    os.getpid(),
                    logging.getLogger().getEffectiveLevel(),
                    (self.extractor or "") if warm else None,
                ),
            )
        return self._pool

    def submit(self, items: list[InputDocument | RawLine], settings: Settings) -> Future[list[Prepared | Refused]]:
        return self._make().submit(prepare_many, items, settings)

    def call(self, function: Callable[[_A], _R], argument: _A) -> Future[_R]:
        """``function(argument)`` in a worker (a module-level function, as the pool pickles it by name)."""
        return self._make().submit(function, argument)

    def restart(self) -> None:
        self.close(kill=True)
        self.fork = False  # threads may run by now (the progress bar): a new pool is spawned

    def close(self, *, kill: bool, wait: bool = True) -> None:
        """End the processes: at once (``kill``), or once they have their last task done; ``wait=False`` returns
        without waiting for them to exit (they exit on their own, and the interpreter waits for them at its end)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:  # an interrupt or a broken pool: running extractions are not waited for
            # the executor's own processes: Python 3.14 has terminate_workers(), 3.11 only this attribute
            processes = list((getattr(pool, "_processes", None) or {}).values())
            results = getattr(pool, "_result_queue", None)
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.kill()
            for process in processes:
                process.join(timeout=5)
            # A worker killed while it wrote its records left half a message in the results' pipe, and the pool's
            # own thread would wait for the rest for ever (and this process for that thread at its exit): this
            # process holds the pipe's write end too. Closed, the pipe has no writer left and the read ends.
            writer = getattr(results, "_writer", None)
            if writer is not None:
                writer.close()
        else:
            pool.shutdown(wait=wait)


class Deaths:
    """The inputs in a row that each killed the fresh worker taking them alone (:data:`WORKER_DEATHS_IN_A_ROW`
    of them stop the run)."""

    def __init__(self) -> None:
        self.count = 0

    def died(self, exc: BaseException) -> None:
        """One more: raises :class:`~marsad.errors.WorkersFailing` at the limit."""
        self.count += 1
        if self.count >= WORKER_DEATHS_IN_A_ROW:
            raise WorkersFailing(self.count) from exc

    def lived(self) -> None:
        self.count = 0


def extract_documents(docs: list[InputDocument]) -> list[DocumentRecord | Failure]:
    """The records of ``docs`` by Marsad's engine, in a worker (what `marsad extract` runs for each document); a
    document the engine fails on gives its :class:`Failure`."""
    from marsad.extract.pipeline import Extractor

    extractor = Extractor.default()
    out: list[DocumentRecord | Failure] = []
    for doc in docs:
        try:
            with input_context(_where(doc)):
                record = extractor.extract(
                    doc.text, published=doc.published, doc_id=doc.doc_id, outlet=doc.outlet, title=doc.title
                )
        except Exception as exc:  # the engine's failure on one document is that document's
            log.debug("extraction failed", exc_info=True)
            out.append(Failure.of(exc))
        else:
            out.append(record)
    return out


Outcome = DocumentRecord | Failure | None
_Task = tuple[list[_T], "Future[list[DocumentRecord | Failure]] | None"]


Extraction = Callable[[list[InputDocument]], list[DocumentRecord | Failure]]


def extract_in_order(
    items: Iterable[_T], workers: Workers, chunk: int = EXTRACT_CHUNK, extraction: Extraction = extract_documents
) -> Iterator[tuple[_T, Outcome]]:
    """Each item of ``items`` with its outcome, in input order: an :class:`InputDocument` with its record (or
    :class:`Failure`) from the workers, anything else (an input error) with ``None``. Items are sent in tasks of
    ``chunk``, two per worker in flight. When a worker dies, the documents in flight whose task had not finished
    are taken again one at a time in a rebuilt pool, so that only the one that kills a worker fails
    (``WorkerDied``), and
    :class:`Deaths` stops the run when the workers cannot live. The workers are closed at the end, at once if the
    caller stops early (an interrupt). ``extraction``: what a worker runs on a list of documents (a module-level
    function: the pool pickles it by name)."""
    pending: deque[_Task[_T]] = deque()
    deaths = Deaths()
    source = iter(items)
    clean = False
    try:
        while True:
            while len(pending) < 2 * workers.jobs and (batch := list(islice(source, chunk))):
                pending.append(_send(workers, batch, extraction))
            if not pending:
                break
            batch, future = pending.popleft()
            try:
                records = future.result() if future is not None else []
            except BrokenProcessPool:
                suspects = list(pending)
                pending.clear()
                workers.restart()
                yield from _alone(workers, batch, deaths, extraction)
                for each, done in suspects:  # a task that had finished keeps its records
                    if done is not None and done.done() and done.exception() is None:
                        deaths.lived()
                        yield from _paired(each, done.result())
                    else:
                        yield from _alone(workers, each, deaths, extraction)
                continue
            deaths.lived()
            yield from _paired(batch, records)
        clean = True
    finally:
        workers.close(kill=not clean, wait=clean)


def _send(workers: Workers, batch: list[_T], extraction: Extraction) -> _Task[_T]:
    docs: list[InputDocument] = [item for item in batch if isinstance(item, InputDocument)]
    if not docs:
        return batch, None
    try:
        return batch, workers.call(extraction, docs)
    except BrokenProcessPool:  # a worker died since: this task is taken again with the others in flight
        failed: Future[list[DocumentRecord | Failure]] = Future()
        failed.set_exception(BrokenProcessPool("a worker died"))
        return batch, failed


def _paired(batch: list[_T], records: list[DocumentRecord | Failure]) -> Iterator[tuple[_T, Outcome]]:
    got = iter(records)
    for item in batch:
        yield item, (next(got) if isinstance(item, InputDocument) else None)


def _alone(workers: Workers, batch: list[_T], deaths: Deaths, extraction: Extraction) -> Iterator[tuple[_T, Outcome]]:
    """``batch``'s documents one at a time, each in a pool rebuilt after the last death."""
    for item in batch:
        if not isinstance(item, InputDocument):
            yield item, None
            continue
        alone: list[InputDocument] = [item]
        try:
            (record,) = workers.call(extraction, alone).result()
        except BrokenProcessPool as exc:
            yield item, Failure("WorkerDied", str(WorkerDied(str(exc) or "killed")), True)
            deaths.died(exc)
            workers.restart()
        else:
            deaths.lived()
            yield item, record
