"""The native scanner of an Aho-Corasick automaton, when it is built (docs/native.md, "The scanner").

pyahocorasick builds and stores the automata; ``marsad.text._scan.Scanner`` (C, built by scripts/build_native.py)
gives the same hits in the same order, faster. An owner of an automaton reads pyahocorasick's iterator until it
has read :data:`SCANNER_AFTER` characters, then makes its scanner (:func:`make_scanner`) and reads that: building
one costs 1-40 ms by the automaton's size, which the start-up of `marsad extract` on a few articles would pay for
nothing. Without the build (pure Python, or no C compiler) pyahocorasick's iterator runs: the same records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_NativeScanner: Any
try:
    from marsad.text._scan import Scanner as _NativeScanner
except ImportError:  # pragma: no cover - a build without it
    _NativeScanner = None

#: Characters an owner reads with pyahocorasick's iterator before it makes its scanner (about 700 articles).
SCANNER_AFTER = 1_000_000


def native_scanner() -> bool:
    """Whether the native scanner is built."""
    return _NativeScanner is not None


def make_scanner(items: Iterable[tuple[str, Any, bool, int]]) -> Any:
    """A native scanner of ``items`` (key, value, whether it is a mark, the longest suffix it allows); ``None``
    without the build."""
    if _NativeScanner is None:
        return None
    return _NativeScanner(items)

