"""A batch output read back without Spark (pyarrow only): the current documents with their contract records,
in the order the batch runs read them, for `marsad ingest --from-batch` and for checks.

The path may be local or any URI pyarrow opens (``s3://``, ``hdfs://`` with libhdfs); the tables are read
into memory one at a time, so a very large output is better loaded in slices (``marsad batch --since/--until``
into separate outputs) or from a copy of the part wanted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from marsad.batch.records import contract_event
from marsad.errors import InputError
from marsad.model import SCHEMA_VERSION, InputDocument

_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Spark's folder name for a null partition value


@dataclass(frozen=True)
class LoadedDocument:
    """One document of a batch output: the input as the engine saw it, its contract record and engine version."""

    document: InputDocument
    record: dict[str, Any]
    engine_version: str


def _table(path: str, name: str, partitioned: bool = False) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    partitioning = ds.HivePartitioning.discover(null_fallback=_NULL_PARTITION) if partitioned else None
    try:
        dataset = ds.dataset(f"{path.rstrip('/')}/{name}", format="parquet", partitioning=partitioning)
    except FileNotFoundError as exc:
        raise InputError(path, f"not a batch output (no {name} table)") from exc
    return dataset.to_table().to_pylist()


def read_output(path: str) -> Iterator[LoadedDocument]:
    """The current documents of the output at ``path`` (the latest run's extraction of each content), ordered by
    run, source and line, each with its events."""
    documents = _table(path, "documents")
    latest: dict[str, dict[str, Any]] = {}
    for doc in documents:
        known = latest.get(doc["content_hash"])
        if known is None or doc["run"] > known["run"]:
            latest[doc["content_hash"]] = doc
    events: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in _table(path, "events", partitioned=True):
        current = latest.get(row["content_hash"])
        if current is not None and current["run"] == row["run"]:
            events[(row["content_hash"], row["run"])].append(row)
    order = sorted(latest.values(), key=lambda d: (d["run"], d["source"] or "", d["line"] or 0))
    for doc in order:
        rows = sorted(events.get((doc["content_hash"], doc["run"]), []), key=lambda r: r["seq"])
        published = doc["published"].isoformat() if doc["published"] else None
        record = {
            "schema_version": SCHEMA_VERSION,
            "doc_id": doc["doc_id"],
            "language": "ar",
            "published": published,
            "title": doc["title"],
            "outlet": doc["outlet"],
            "events": [contract_event(r) for r in rows],
        }
        document = InputDocument(
            doc_id=doc["doc_id"],
            text=doc["text"],
            title=doc["title"],
            published=published,
            url=doc["url"],
            outlet=doc["outlet"],
            source=doc["source"] or "<batch>",
            line=doc["line"],
        )
        yield LoadedDocument(document, record, doc["engine_version"])
