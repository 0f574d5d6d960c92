"""The worker's side of the ingest loop (:mod:`marsad.ingest.pipeline`): load the engine, extract documents,
and the set-up of a worker process. Kept apart from the loop, which imports the store, so that a worker process
(and a Spark task, which loads the engine the same way) imports only the engine: importing the store and
SQLAlchemy cost each worker about 0.2 s of CPU at start.

The extraction engine is ``marsad.extract`` with ``marsad.ENGINE_VERSION``. Another engine can be plugged in
with the environment variable ``MARSAD_EXTRACTOR=module:function`` (its module's ``ENGINE_VERSION`` names its
version); the tests use it to run without the real engine.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from marsad.ingest.context import configure_logging, input_context
from marsad.model import DocumentRecord, InputDocument

# the ingest loop's logger, as before the worker's side moved here (a --verbose run and its filters name it)
log = logging.getLogger("marsad.ingest.pipeline")

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


def extract_many(docs: list[InputDocument], spec: str | None = None) -> list[dict[str, Any] | _Failed]:
    """:func:`extract_one` over a worker's chunk: the contract of each document, or how its extraction failed
    (one document's failure is its own)."""
    out: list[dict[str, Any] | _Failed] = []
    for doc in docs:
        try:
            out.append(extract_one(doc, spec))
        except Exception as exc:  # reported by the parent as this document's failure
            log.debug("extraction failed", exc_info=True)
            out.append(_Failed(type(exc).__name__, str(exc)))
    return out


@dataclass(frozen=True)
class _Failed:
    """An extraction that raised, as a worker returns it (the exception itself may not pickle)."""

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


def _where(doc: InputDocument) -> str:
    where = f"{doc.source}:{doc.line}" if doc.line is not None else doc.source
    return f"{where} ({doc.doc_id})"


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
    atexit.register(_exit_at_once)


def _exit_at_once() -> None:
    """End a worker without the interpreter's teardown: freeing the engine's resources object by object took
    about 3 s per worker on a loaded machine, which the parent waited for at the end of every run. A worker holds
    nothing to save: its results are sent before the pool tells it to stop."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or gone: nothing left to write
            pass
    os._exit(0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os._exit(1)  # orphaned (the parent was killed): nobody wants our results
