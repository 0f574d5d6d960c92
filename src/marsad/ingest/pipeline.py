"""The ingest loop: read documents, skip the ones already stored, extract the rest (in a process pool when
``jobs > 1``), and save each document with its events in a transaction of its own.

The extraction engine is ``marsad.extract`` with ``marsad.ENGINE_VERSION``. Another engine can be plugged in
with the environment variable ``MARSAD_EXTRACTOR=module:function`` (its module's ``ENGINE_VERSION`` names its
version); the tests use it to run without the real engine.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.errors import InputError, MarsadError
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
    record = fn(doc.text, published=doc.published, doc_id=doc.doc_id, outlet=doc.outlet)
    contract = record.to_contract() if isinstance(record, DocumentRecord) else dict(record)
    if not contract.get("events") and log.isEnabledFor(logging.INFO) and not (spec or os.environ.get(ENV_EXTRACTOR)):
        from marsad.ingest.empty import explain_empty

        log.info("%s: no events: %s", _where(doc), explain_empty(doc))  # --verbose: why nothing came out
    return contract


@dataclass
class Summary:
    """What one ingest run did."""

    ingested: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    events: int = 0
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return self.ingested + self.replaced + self.skipped + len(self.failed)


@dataclass(frozen=True)
class _Job:
    doc: InputDocument
    replace: bool


Progress = Callable[[int], None]


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
            summary.failed.append(str(item))
            tick(1)
            continue
        known = store.lookup(content_hash(item.text))
        if known is None:
            yield _Job(item, replace=False)
        elif reextract and is_older(known.engine_version, version):
            yield _Job(item, replace=True)
        else:
            summary.skipped += 1
            summary.document_ids.append(known.document_id)
            tick(1)


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
    """Extract and store ``items``; a failing document is counted in ``failed`` and the batch goes on."""
    started = time.perf_counter()
    _, version = load_extractor(extractor)
    summary = Summary()
    tick = progress or (lambda _n: None)
    todo = _todo(store, items, version, reextract, summary, tick)

    def finish(job: _Job, contract: dict[str, Any] | None, error: BaseException | None) -> None:
        if error is not None or contract is None:
            summary.failed.append(f"{_where(job.doc)}: extraction failed ({type(error).__name__}: {error})")
        else:
            try:
                result = store.save(job.doc, contract, version, replace=job.replace)
            except MarsadError as exc:
                summary.failed.append(f"{_where(job.doc)}: {exc}")
            except Exception as exc:  # a record the store refuses (bad field) must not stop the batch
                log.debug("save failed", exc_info=True)
                summary.failed.append(
                    f"{_where(job.doc)}: cannot store the record ({type(exc).__name__}: {exc})"
                )
            else:
                summary.document_ids.append(result.document_id)
                if result.status == "skipped":
                    summary.skipped += 1
                else:
                    summary.events += result.n_events
                    if result.status == "replaced":
                        summary.replaced += 1
                    else:
                        summary.ingested += 1
        tick(1)

    if jobs <= 1:
        for job in todo:
            try:
                contract = extract_one(job.doc, extractor)
            except Exception as exc:
                log.debug("extraction failed", exc_info=True)
                finish(job, None, exc)
            else:
                finish(job, contract, None)
    else:
        _run_pool(todo, jobs, extractor, finish)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_pool(
    todo: Iterator[_Job],
    jobs: int,
    extractor: str | None,
    finish: Callable[[_Job, dict[str, Any] | None, BaseException | None], None],
) -> None:
    """Extract in ``jobs`` worker processes, saving results in input order; at most ``4 * jobs`` in flight."""
    pending: deque[tuple[_Job, Future[dict[str, Any]]]] = deque()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:

        def drain_one() -> None:
            job, future = pending.popleft()
            try:
                contract = future.result()
            except Exception as exc:
                finish(job, None, exc)
            else:
                finish(job, contract, None)

        for job in todo:
            pending.append((job, pool.submit(extract_one, job.doc, extractor)))
            while len(pending) >= 4 * jobs:
                drain_one()
        while pending:
            drain_one()


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
            summary.failed.append(f"{_where(loaded.document)}: {exc}")
        else:
            summary.document_ids.append(result.document_id)
            if result.status == "skipped":
                summary.skipped += 1
            else:
                summary.ingested += 1
                summary.events += result.n_events
        tick(1)
    summary.seconds = time.perf_counter() - started
    return summary


def _where(doc: InputDocument) -> str:
    where = f"{doc.source}:{doc.line}" if doc.line is not None else doc.source
    return f"{where} ({doc.doc_id})"


def estimate_total(paths: Iterable[str]) -> int | None:
    """A cheap count of the documents under ``paths`` for the progress bar (``None`` for standard input)."""
    import gzip
    from pathlib import Path

    from marsad.ingest.readers import JSONL_SUFFIXES, SUPPORTED_SUFFIXES

    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = (
            [p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUPPORTED_SUFFIXES)]
            if path.is_dir()
            else [path]
        )
        for file in files:
            if file.name.lower().endswith(JSONL_SUFFIXES):
                try:
                    with (
                        gzip.open(file, "rb") if file.name.lower().endswith(".gz") else file.open("rb")
                    ) as fh:
                        while chunk := fh.read(1 << 20):
                            total += chunk.count(b"\n")
                except (OSError, EOFError):
                    total += 1
            else:
                total += 1
    return total
