"""SIGTERM handled like Ctrl-C: the command stops between documents, keeps what is stored and prints its summary.

Inside :func:`interruptible`, the first SIGINT or SIGTERM raises :class:`~marsad.errors.Interrupted` in the main
thread (the ingest and extract loops catch it); a second one ends the process at once, with no traceback.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from marsad.errors import Interrupted

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    for sig in _SIGNALS:  # a second signal is not caught: it ends the process
        signal.signal(sig, signal.SIG_DFL)
    raise Interrupted(signal.Signals(signum).name, 128 + signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`~marsad.errors.Interrupted` inside the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _interrupt) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
