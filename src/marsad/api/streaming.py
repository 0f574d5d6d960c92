"""Streaming a writer that writes to a file (the exporters of :mod:`marsad.export.writers`) as an HTTP body.

The writer runs in a thread and writes into a bounded queue; the response reads the queue chunk by chunk, so
memory stays bounded whatever the size of the export, and a client that goes away stops the writer at its next
write.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
_DONE = object()


class _Gone(Exception):
    """The reader stopped reading."""


class _QueueWriter(io.RawIOBase):
    def __init__(self, chunks: queue.Queue[object], stopped: threading.Event) -> None:
        self._chunks = chunks
        self._stopped = stopped
        self._buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self._push()
        return len(data)

    def _push(self) -> None:
        while not self._stopped.is_set():
            try:
                self._chunks.put(bytes(self._buffer), timeout=0.5)
            except queue.Full:
                continue
            self._buffer.clear()
            return
        raise _Gone

    def flush(self) -> None:
        if self._buffer:
            self._push()


def stream_writer(write: Callable[[IO[bytes]], object], depth: int = 16) -> Iterator[bytes]:
    """The bytes ``write(out)`` writes to ``out``, as they come; an exception in the writer ends the stream."""
    chunks: queue.Queue[object] = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def run() -> None:
        out = _QueueWriter(chunks, stopped)
        try:
            write(out)  # type: ignore[arg-type]
            out.flush()
        except _Gone:
            return
        except Exception:
            log.exception("export stream failed")
        while not stopped.is_set():
            try:
                chunks.put(_DONE, timeout=0.5)
                return
            except queue.Full:
                continue

    worker = threading.Thread(target=run, name="marsad-export", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            yield item  # type: ignore[misc]
    finally:
        stopped.set()
