"""The extraction tasks: each Python worker loads the engine once (``marsad.extract``, or the engine named by
``module:function`` as for ``marsad ingest``) and applies it to the documents of its partitions.

A document the engine fails on becomes an error row (stage ``extract``); the task and the job go on.

A content is extracted once per task: a document whose content the task has already extracted for a document
read earlier in the input (by source, then line) is dropped. Another task may read the same content too: the tasks
report the documents they kept by content (an accumulator), and the job drops the later ones after the extraction
(:func:`marsad.batch.job.first_of_each_content`).
"""

from __future__ import annotations

import logging
import time
from collections import Counter, namedtuple
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from pyspark import Accumulator

from marsad.batch.arrow import RowFunction
from marsad.batch.records import PARSED_FIELDS, STAGE_EXTRACT, flatten_event, names, place_key
from marsad.batch.stats import Contents, Keys, Stats, task_stats
from marsad.model import DocumentRecord

log = logging.getLogger(__name__)

_DOCUMENT_FIELDS = 9  # content_hash ... line: the leading fields of PARSED and RESULT
#: A parsed document as the extraction reads it (the fields of :data:`marsad.batch.records.PARSED_FIELDS`).
ParsedRow = namedtuple("ParsedRow", names(PARSED_FIELDS))  # type: ignore[misc]  # fields from the spec


#: Rows parsed ahead of their extraction: parsing and extracting in turns, row by row, made each evict the other's
#: data from the processor's caches (as for `marsad extract`, whose reading ahead gained 5-12 % of its time).
PARSE_AHEAD = 64


def after_parsing(parse: RowFunction, extract: RowFunction) -> RowFunction:
    """``extract`` over the documents that ``parse`` makes of the rows read, in the same task, parsed
    :data:`PARSE_AHEAD` at a time."""
    return lambda rows: extract(map(ParsedRow._make, _ahead(parse(rows), PARSE_AHEAD)))


def _ahead(items: Iterator[tuple[Any, ...]], n: int) -> Iterator[tuple[Any, ...]]:
    """The items of ``items``, taken from it ``n`` at a time."""
    while chunk := list(islice(items, n)):
        yield from chunk


def extract_rows(
    rows: Iterable[Any],
    *,
    engine: str,
    stats: Accumulator[Stats],
    keys: Accumulator[Keys] | None = None,
    contents: Accumulator[Contents] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows of :func:`marsad.batch.schema.result` for parsed rows: a read error is passed on, a document whose
    content this task has extracted for an earlier document (:func:`input_order`) is dropped, every other
    document is extracted (a repeat that comes before the document seen first is extracted too: the job keeps
    the first). ``keys``, when given, gets the place keys of the events extracted
    (:func:`marsad.batch.records.place_key`); ``contents``, when given, the ``(source, line)`` of every document
    passed on with a content hash, by hash."""
    from marsad.ingest.work import load_extractor  # in the worker (not the store): loaded once per process

    extract, _ = load_extractor(engine)
    counts: Counter[str] = Counter()
    seconds = cpu = 0.0  # the engine's wall-clock and CPU seconds (the worker's own thread)
    first: dict[str, tuple[str, int]] = {}  # content hash: the earliest document extracted with it
    seen_keys: Keys = set()
    kept: Contents = {}
    for row in rows:
        if row.error_stage is not None:
            yield (*row[:_DOCUMENT_FIELDS], 0, [], row.error_stage, row.error_message)
            continue
        order = input_order(row.source, row.line)
        seen = first.get(row.content_hash)
        if seen is not None and seen <= order:
            counts["duplicates"] += 1
            continue
        first[row.content_hash] = order
        kept.setdefault(row.content_hash, []).append((row.source, row.line))
        started, started_cpu = time.perf_counter(), time.thread_time()
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
            cpu += time.thread_time() - started_cpu
        counts["extracted"] += 1
        if keys is not None:
            seen_keys.update(place_key(event) for event in events)
        title = row.title or contract.get("title")
        yield (*row[:4], title, *row[5:_DOCUMENT_FIELDS], len(events), events, None, None)
    stats.add(task_stats(counts, seconds, cpu))
    if keys is not None:
        keys.add(seen_keys)
    if contents is not None:
        contents.add(kept)


def input_order(source: str, line: int | None) -> tuple[str, int]:
    """The place of a document in the input: its source path, then its line (0 for a whole file)."""
    return source, line or 0
