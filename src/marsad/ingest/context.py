"""Which input is being worked on, so that every log message names it: a warning raised deep in the engine or
in a parser ("a count of 10^28 is not a count", trafilatura's own complaints) is printed as
``<file>:<line> (<doc id>): <message>``.

The current input lives in a :class:`~contextvars.ContextVar` set by the stage that reads or extracts it
(:func:`input_context`); :class:`InputFilter` puts it before each message. Worker processes set it for the
document they extract, and :func:`configure_logging` gives them the same format.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.model import InputDocument

_current: ContextVar[str | None] = ContextVar("marsad_input", default=None)

FORMAT = "%(levelname)s %(name)s: %(marsad_input)s%(message)s"


def where(doc: InputDocument) -> str:
    """How messages name a document: ``<file>:<line> (<doc id>)``, or ``<file> (<doc id>)`` for a whole file."""
    place = f"{doc.source}:{doc.line}" if doc.line is not None else doc.source
    return f"{place} ({doc.doc_id})"


@contextmanager
def input_context(where: str) -> Iterator[None]:
    """Name ``where`` (``file:line (doc id)``) in every message logged inside the block."""
    token = _current.set(where)
    try:
        yield
    finally:
        _current.reset(token)


def current_input() -> str | None:
    return _current.get()


class InputFilter(logging.Filter):
    """Sets ``marsad_input`` on each record: the input being worked on and a colon, or nothing (nor when the
    message names it already)."""

    def filter(self, record: logging.LogRecord) -> bool:
        where = _current.get()
        record.marsad_input = f"{where}: " if where and where not in record.getMessage() else ""
        return True


class InterruptFilter(logging.Filter):
    """Drops a message that carries an interrupt (Ctrl-C, or SIGTERM as :class:`~marsad.errors.Interrupted`) as its
    exception: the command reports the interrupt in its summary, and a library that logs what stopped it before
    passing it on (SQLAlchemy's pool, when a SIGTERM lands while it returns a connection: "Exception during reset
    or similar") would print a traceback of it first (seen once in `scripts/kill_test.py`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], KeyboardInterrupt))


def configure_logging(level: int) -> None:
    """Log to standard error at ``level``, each message naming the input being worked on (the CLI and its
    worker processes call this; a no-op where logging is set up already, as under a test runner)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(InputFilter())
    handler.addFilter(InterruptFilter())
    logging.basicConfig(level=level, handlers=[handler])
