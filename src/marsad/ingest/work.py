"""The worker's side of the ingest loop (:mod:`marsad.ingest.pipeline`): load the engine, read, check, look up
and extract documents (:func:`prepare_many`), and the set-up of a worker process. Kept apart from the loop, so
that a Spark task, which loads the engine the same way, imports only the engine; the store is imported on the
first task that looks texts up (a worker forked by ``marsad ingest`` has it already).

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from marsad.errors import Failure, InputError
from marsad.ingest.context import configure_logging, input_context
from marsad.ingest.context import where as _where
from marsad.model import DocumentRecord, InputDocument

if TYPE_CHECKING:
    from marsad.ingest.readers import RawLine
    from marsad.store.store import Known

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


def extract_many(docs: list[InputDocument], spec: str | None = None) -> list[dict[str, Any] | Failure]:
    """:func:`extract_one` over a worker's chunk: the contract of each document, or how its extraction failed
    (one document's failure is its own)."""
    out: list[dict[str, Any] | Failure] = []
    for doc in docs:
        try:
            out.append(extract_one(doc, spec))
        except Exception as exc:  # reported by the parent as this document's failure
            log.debug("extraction failed", exc_info=True)
            out.append(Failure.of(exc))
    return out




# --------------------------------------------------------------------------------------------- one task

#: Content hashes in, the stored documents that have them out (:meth:`marsad.store.store.EventStore.lookup_many`).
Lookup = Callable[[Sequence[str]], Mapping[str, "Known"]]


@dataclass(frozen=True)
class Settings:
    """What every task of one ingest run shares: the engine, its version, ``--reextract``, and the store a
    worker process looks texts up in with a connection of its own (``store_url``; ``None``: the store did not
    exist when the run began, so it holds no text stored before the run, and nothing is looked up)."""

    extractor: str | None
    version: str
    reextract: bool
    store_url: str | None


@dataclass(frozen=True)
class Prepared:
    """A document read and checked, with its content hash and the hashes that find its article
    (``keys``: URL hash, identity), and either its record (``contract``), how its extraction failed
    (``failed``), or neither: its text was stored before and it was not extracted (the store says in order
    whether it is an alias). ``replace``: a re-extraction of a stored text."""

    doc: InputDocument
    digest: str
    keys: tuple[str | None, str | None]
    contract: dict[str, Any] | None = None
    replace: bool = False
    failed: Failure | None = None


@dataclass(frozen=True)
class Refused:
    """An input that is no document (a malformed JSON line, a text that is not Arabic...): its message."""

    message: str


def prepare_many(
    items: Sequence[InputDocument | RawLine], settings: Settings, lookup: Lookup | None = None
) -> list[Prepared | Refused]:
    """One task of the ingest loop, in the order of ``items``: read and check each JSON line, hash each text,
    look the hashes up in the store (one query; ``lookup``, else a connection of this process's own to
    ``settings.store_url``, else none), and extract the texts not stored before (or stored by an older engine,
    with ``--reextract``). One document's failure is its own."""
    from marsad.ingest.readers import RawLine, line_document
    from marsad.store.store import content_hash, is_older
    from marsad.store.versions import identity_of, url_hash

    out: list[Prepared | Refused | None] = [None] * len(items)
    read: list[tuple[int, InputDocument, str]] = []
    for i, item in enumerate(items):
        doc = line_document(item) if isinstance(item, RawLine) else item
        if isinstance(doc, InputError):
            out[i] = Refused(str(doc))
        else:
            read.append((i, doc, content_hash(doc.text)))
    find = lookup or (_store_lookup(settings.store_url) if settings.store_url is not None else None)
    known = find([digest for _, _, digest in read]) if read and find is not None else {}
    for i, doc, digest in read:
        keys = (url_hash(doc.url), identity_of(doc))
        found = known.get(digest)
        replace = bool(
            found is not None
            and found.current
            and settings.reextract
            and is_older(found.engine_version, settings.version)
        )
        if found is not None and not replace:
            out[i] = Prepared(doc, digest, keys)
            continue
        try:
            contract = extract_one(doc, settings.extractor)
        except Exception as exc:  # reported by the parent as this document's failure
            log.debug("extraction failed", exc_info=True)
            out[i] = Prepared(doc, digest, keys, replace=replace, failed=Failure.of(exc))
        else:
            out[i] = Prepared(doc, digest, keys, contract, replace)
    return [item for item in out if item is not None]


@lru_cache(maxsize=2)
def _store_lookup(url: str) -> Lookup:
    """This process's own reading connection to the store (opened on its first task, never migrated)."""
    from marsad.store.db import make_engine
    from marsad.store.store import EventStore

    return EventStore(make_engine(url)).lookup_many


# --------------------------------------------------------------------------------------------- worker processes

#: Linux's prctl option that sends the child a signal when its parent dies.
_PR_SET_PDEATHSIG = 1
#: How often a worker without prctl checks that its parent is alive (seconds).
_PARENT_POLL = 1.0


def _worker_init(parent: int, log_level: int, warm: str | None = None) -> None:
    """Set up one worker process of ``parent``: it dies with it, leaves Ctrl-C and SIGTERM to it, and logs like
    it; with ``warm`` (the extractor's spec, ``""`` for Marsad's engine), it loads the engine now."""
    die_with_parent(parent)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    configure_logging(log_level)
    atexit.register(_exit_at_once)
    if warm is not None:
        warm_up(warm or None)


def die_with_parent(parent: int) -> None:
    """Set up a child process of ``parent``: it leaves Ctrl-C and SIGTERM to the parent and is killed when the
    parent dies (Linux), or ends at once if the parent is gone already."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked child has the parent's handler: the parent stops it
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no libc to call: a worker's watch thread still works
            pass
    if os.getppid() != parent:  # the parent died while this child was starting
        os._exit(1)


def warm_up(spec: str | None = None) -> None:
    """Load the engine, and for Marsad's own run it once: what the first extraction of a process pays (its
    resources loaded, its patterns compiled), paid before the first document arrives."""
    fn, _ = load_extractor(spec)
    if not (spec or os.environ.get(ENV_EXTRACTOR)):
        fn("قصف على حلب")


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
