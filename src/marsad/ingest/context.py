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

_current: ContextVar[str | None] = ContextVar("marsad_input", default=None)

FORMAT = "%(levelname)s %(name)s: %(marsad_input)s%(message)s"


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


def configure_logging(level: int) -> None:
    """Log to standard error at ``level``, each message naming the input being worked on (the CLI and its
    worker processes call this; a no-op where logging is set up already, as under a test runner)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(InputFilter())
    logging.basicConfig(level=level, handlers=[handler])
