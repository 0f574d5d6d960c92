"""The extraction tasks: each Python worker loads the engine once (``marsad.extract``, or the engine named by
``module:function`` as for ``marsad ingest``) and applies it to the documents of its partitions.

A document the engine fails on becomes an error row (stage ``extract``); the task and the job go on.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pyspark import Accumulator

from marsad.batch.records import STAGE_EXTRACT, flatten_event
from marsad.batch.stats import Stats, task_stats
from marsad.model import DocumentRecord

log = logging.getLogger(__name__)

_DOCUMENT_FIELDS = 9  # content_hash ... line: the leading fields of PARSED and RESULT


def extract_rows(rows: Iterable[Any], *, engine: str, stats: Accumulator[Stats]) -> Iterator[tuple[Any, ...]]:
    """Rows of :func:`marsad.batch.schema.result` for parsed rows sorted by content hash, then source and line:
    a read error is passed on, a document repeating the content of the one before it is dropped (the first
    one read is kept, as the store keeps it), every other document is extracted."""
    from marsad.ingest.work import load_extractor  # in the worker (not the store): loaded once per process

    extract, _ = load_extractor(engine)
    counts: Counter[str] = Counter()
    seconds = 0.0
    previous: str | None = None
    for row in rows:
        if row.error_stage is not None:
            yield (*row[:_DOCUMENT_FIELDS], 0, [], row.error_stage, row.error_message)
            continue
        if row.content_hash == previous:
            counts["duplicates"] += 1
            continue
        previous = row.content_hash
        started = time.perf_counter()
        try:
            record = extract(
                row.text,
                published=row.published.isoformat() if row.published else None,
                doc_id=row.doc_id,
                outlet=row.outlet,
                title=row.title,
            )
            contract = record.to_contract() if isinstance(record, DocumentRecord) else dict(record)
            events = [flatten_event(ev, seq) for seq, ev in enumerate(contract["events"], start=1)]
        except Exception as exc:  # any failure of the engine on one document is that document's error row
            log.debug("extraction failed on %s", row.doc_id, exc_info=True)
            counts["extract_errors"] += 1
            where = f"{row.source}:{row.line}" if row.line is not None else row.source
            message = f"{where} ({row.doc_id}): extraction failed ({type(exc).__name__}: {exc})"
            yield (*row[:_DOCUMENT_FIELDS], 0, [], STAGE_EXTRACT, message)
            continue
        finally:
            seconds += time.perf_counter() - started
        counts["extracted"] += 1
        title = row.title or contract.get("title")
        yield (*row[:4], title, *row[5:_DOCUMENT_FIELDS], len(events), events, None, None)
    stats.add(task_stats(counts, seconds))
