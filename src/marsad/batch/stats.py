"""Counters the Python tasks of a batch job report to the driver (through one Spark accumulator)."""

from __future__ import annotations

import resource
from collections import Counter
from typing import Any

from pyspark.accumulators import AccumulatorParam

Stats = dict[str, float]
#: Distinct keys the tasks saw (the incident step's place keys of the events extracted).
Keys = set[tuple[Any, ...]]
#: The documents the extraction tasks kept, by content hash: their ``(source, line)``.
Contents = dict[str, list[tuple[str, int | None]]]


class StatsParam(AccumulatorParam[Stats]):
    """Adds counters; keys starting with ``max_`` keep the largest value instead (peak RSS)."""

    def zero(self, value: Stats) -> Stats:
        return {}

    def addInPlace(self, value1: Stats, value2: Stats) -> Stats:
        for key, number in value2.items():
            if key.startswith("max_"):
                value1[key] = max(value1.get(key, 0.0), number)
            else:
                value1[key] = value1.get(key, 0.0) + number
        return value1


def task_stats(counts: Counter[str], seconds: float = 0.0, cpu_seconds: float = 0.0) -> Stats:
    """What one task reports: its counters, the seconds it spent in the engine (by the clock, and the CPU seconds
    of its thread: less when the worker waited for a core) and the worker's peak RSS."""
    out: Stats = {key: float(n) for key, n in counts.items()}
    if seconds:
        out["engine_seconds"] = seconds
    if cpu_seconds:
        out["engine_cpu_seconds"] = cpu_seconds
    out["max_worker_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


class KeysParam(AccumulatorParam[Keys]):
    """The union of the tasks' key sets."""

    def zero(self, value: Keys) -> Keys:
        return set()

    def addInPlace(self, value1: Keys, value2: Keys) -> Keys:
        value1 |= value2
        return value1


class ContentsParam(AccumulatorParam[Contents]):
    """The tasks' documents by content hash, merged (a content several tasks kept has all their documents)."""

    def zero(self, value: Contents) -> Contents:
        return {}

    def addInPlace(self, value1: Contents, value2: Contents) -> Contents:
        if not value1:
            return value2
        for content, documents in value2.items():
            known = value1.get(content)
            if known is None:
                value1[content] = documents
            else:
                known.extend(documents)
        return value1


def later_repeats(contents: Contents) -> list[tuple[str, str, int | None]]:
    """``(content_hash, source, line)`` of the documents whose content a document earlier in the input has (by
    source, then line: :func:`marsad.batch.extraction.input_order`), among the documents of ``contents``."""
    repeats: list[tuple[str, str, int | None]] = []
    for content, documents in contents.items():
        if len(documents) > 1:
            earliest = min((source, line or 0) for source, line in documents)
            repeats.extend((content, source, line) for source, line in documents if (source, line or 0) != earliest)
    return sorted(repeats, key=lambda r: (r[0], r[1], r[2] or 0))
