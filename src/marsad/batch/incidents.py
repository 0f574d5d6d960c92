"""Cross-article incident merging as a Spark step, with the store's rules (:mod:`marsad.store.merge`).

The store merges each event as it is saved, into the largest incident whose every member it matches; the result
depends on the order of saving. This step gives the same incidents as saving the documents in the order of the
batch runs, then of their source and line, so the incidents of a batch output equal those of a store that
ingested the same inputs in the same order.

Events can only share an incident when they have the same type and sub-type and the same p-code or admin1 (see
:func:`marsad.store.merge.same_place`). The driver links these keys into blocks (a small union-find over the
distinct keys), every block goes whole to one task, and the task runs :func:`marsad.store.merge.cluster` over its
blocks in saving order.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from pyspark import Accumulator
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from marsad.batch import records, schema
from marsad.batch.arrow import local_frame, map_in_arrow, row_task
from marsad.batch.stats import Stats, task_stats
from marsad.store.merge import Facts, cluster, summarize

#: The order in which the store would have saved the events (batch run, then input order, then rank).
SAVE_ORDER = ("run", "source", "line", "seq")
_KEY = records.PLACE_KEY
_BLOCKS = (*((f"b_{c}", "string") for c in _KEY), ("block", "int"))


def merge_incidents(
    spark: SparkSession,
    events: DataFrame,
    partitions: int,
    stats: Accumulator[Stats],
    keys: Iterable[tuple[Any, ...]] | None = None,
) -> DataFrame:
    """Members and incidents of ``events`` (current events with ``source`` and ``line`` of their document):
    one row per event with its incident's columns (:data:`marsad.batch.schema.MEMBERS` + ``INCIDENTS``).

    ``keys`` are the distinct place keys of ``events`` when the caller has them (the extraction tasks of a first
    run collect them); otherwise a query collects them. Keys of events that are not in ``events`` (a repeat
    dropped after its extraction) only join blocks whose events can never merge with each other: the same
    incidents."""
    if keys is None:
        keys = [tuple(r) for r in events.select(*_KEY).distinct().collect()]
    blocks = local_frame(spark, [(*key, block) for key, block in place_blocks(keys).items()], _BLOCKS)
    condition = [events[c].eqNullSafe(blocks[f"b_{c}"]) for c in _KEY]
    keyed = events.join(F.broadcast(blocks), on=condition).drop(*(f"b_{c}" for c in _KEY))
    ordered = keyed.repartition(partitions, "block").sortWithinPartitions("block", *SAVE_ORDER)
    task = row_task(functools.partial(cluster_rows, stats=stats), _MEMBER_ROW)
    return map_in_arrow(ordered.select("block", *_FACTS), task, schema.struct(_MEMBER_ROW))


#: What the merge reads of an event (:func:`cluster_rows`).
_FACTS = (
    "event_key", "content_hash", "seq", "doc_id", "event_type", "sub_event_type", "pcode", "admin1", "admin2",
    "admin3", "location_name", "geo_precision", "date_start", "date_end", "actor1_id", "actor2_id",
)  # fmt: skip
#: The columns of the events :func:`merge_incidents` takes.
MERGE_COLUMNS = (*_FACTS, *(c for c in SAVE_ORDER if c not in _FACTS))


_MEMBER_ROW = (
    *((name, spec) for name, spec in records.MEMBER_COLUMNS),
    *((name, spec) for name, spec in records.INCIDENT_COLUMNS if name != "incident_id"),
)


def place_blocks(keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], int]:
    """A block number for every ``(type, sub-type, admin1, p-code)``: keys that share a type and an admin1 or a
    p-code are in one block, transitively."""
    parent: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def find(node: tuple[Any, ...]) -> tuple[Any, ...]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    keys = list(keys)
    for event_type, sub_type, admin1, pcode in keys:
        by_admin1 = find(("admin1", event_type, sub_type, admin1))
        if pcode:
            parent[find(("pcode", event_type, sub_type, pcode))] = by_admin1
    roots: dict[tuple[Any, ...], int] = {}
    out: dict[tuple[Any, ...], int] = {}
    for key in sorted(keys, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        root = find(("admin1", key[0], key[1], key[2]))
        out[key] = roots.setdefault(root, len(roots))
    return out


def cluster_rows(rows: Iterable[Any], *, stats: Accumulator[Stats]) -> Iterator[tuple[Any, ...]]:
    """Member rows of the events of whole blocks, each block's events in saving order."""
    counts: Counter[str] = Counter()
    for _, block in itertools.groupby(rows, key=lambda r: r.block):
        events = list(block)
        facts = [_facts(i, r) for i, r in enumerate(events)]
        members: dict[int, list[int]] = defaultdict(list)
        reasons: list[str] = []
        for fact, number, reason in cluster(facts):
            members[number].append(fact.event_id)
            reasons.append(reason)
        counts["incidents"] += len(members)
        for indexes in members.values():
            seed = events[indexes[0]]
            summary = summarize([facts[i] for i in indexes])
            for i in indexes:
                e = events[i]
                yield (
                    e.event_key,
                    e.content_hash,
                    e.seq,
                    e.doc_id,
                    seed.event_key,
                    reasons[i],
                    summary.event_type,
                    summary.sub_event_type,
                    summary.pcode,
                    summary.admin1,
                    summary.admin3,
                    summary.n_events,
                    summary.n_documents,
                    summary.date_start,
                    summary.date_end,
                )
    stats.add(task_stats(counts))


def _facts(index: int, row: Any) -> Facts:
    return Facts(
        event_id=index,
        document_id=int(row.content_hash[:15], 16),
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        pcode=row.pcode,
        admin1=row.admin1,
        admin2=row.admin2,
        admin3=row.admin3,
        location_name=row.location_name,
        geo_precision=row.geo_precision,
        start=row.date_start,
        end=row.date_end or row.date_start,
        actors=frozenset(a for a in (row.actor1_id, row.actor2_id) if a),
    )
