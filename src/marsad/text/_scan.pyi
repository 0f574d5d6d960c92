"""Types of the native scanner (``_scan.c``, built by scripts/build_native.py; docs/native.md, "The scanner")."""

from collections.abc import Iterable
from typing import Any

class Scanner:
    def __init__(self, items: Iterable[tuple[str, Any, bool, int]]) -> None: ...
    def hits(self, text: str, classes: bytes | None) -> list[tuple[int, Any]]: ...
    def matches(
        self,
        text: str,
        classes: bytes,
        outs: list[list[Any]],
        marks: list[tuple[int, str]] | None,
        prefixes: frozenset[str],
        match_type: type,
        max_prefix: int,
    ) -> None: ...
    def stats(self) -> dict[str, int]: ...
