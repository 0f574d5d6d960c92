"""Saving finished records in batches: one transaction, and so one commit (one fsync), per batch.

>>> results = save_batch(store, [Finished(doc, content_hash(doc.text), contract)], "0.1.0")  # doctest: +SKIP

A batch decides for each document exactly what :meth:`EventStore.save` would decide for it, in input order, as
if the documents had been saved one after the other:

- a new text of an article not stored (the common case: no stored or earlier document of the batch has its
  content hash, URL hash or identity) takes the fast path: its ``documents`` row waits in the batch, and the
  waiting rows go in with one multi-row ``INSERT ... RETURNING id`` (SQLAlchemy Core, rows in input order so that
  ids are the ones a one-by-one save gives); their events follow, those of every waiting row at once (one
  ``executemany`` per table, :func:`marsad.store.rows.write_batch_events`), then merge one by one in order;
- every other document (a text stored before: skipped or an alias; a new version of a stored article; a
  re-extraction; a text that meets an earlier document of the same batch) is saved by the store's own
  :meth:`EventStore.save_in` in the batch's transaction, after the waiting rows are written, so it sees them.

Whether a document may take the fast path is decided by three lookups per batch (content hashes among the
documents and the older versions, URL hashes and identities among the documents) instead of ORM lookups per
document. A record the store refuses (a field too wide) fails alone before the batch starts; any error of the
database within the batch rolls the whole transaction back, and its documents are then saved one transaction
each by :meth:`EventStore.save`, so one document's failure never loses the rest of its batch. Nothing of a batch
is reported before its commit returns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.orm import Session

from marsad.errors import StoreError
from marsad.model import InputDocument
from marsad.store import versions
from marsad.store.rows import document_values, write_batch_events
from marsad.store.schema import Document, DocumentVersion
from marsad.store.store import EventStore, SaveResult, check_fits

log = logging.getLogger(__name__)

DOCUMENTS = cast(Table, Document.__table__)
#: Content hashes per ``IN (...)`` when a batch reads its new documents' ids back.
_IN_CHUNK = 500


@dataclass(frozen=True)
class Finished:
    """A document ready for the store: its content hash and extracted record, or ``contract=None`` for a text
    found stored before it was extracted (the store says whether it is an alias); ``replace`` re-extracts.
    ``keys``: its URL hash and identity when the process that extracted it computed them (else computed here)."""

    doc: InputDocument
    digest: str
    contract: dict[str, Any] | None
    replace: bool = False
    keys: tuple[str | None, str | None] | None = None

    def article_keys(self) -> tuple[str | None, str | None]:
        """The hashes that find this text's article: its URL's and its identity (:mod:`marsad.store.versions`)."""
        if self.keys is not None:
            return self.keys
        return versions.url_hash(self.doc.url), versions.identity_of(self.doc)


#: What a batch did with one document: what the store did, ``None`` for a text stored when read but gone since
#: (counted as skipped), or the error that failed this document alone.
Outcome = SaveResult | None | Exception


def save_batch(store: EventStore, items: Sequence[Finished], engine_version: str) -> list[Outcome]:
    """Save ``items`` in one transaction (see the module doc); one outcome per item, in order."""
    outcomes: list[Outcome] = [None] * len(items)
    ready: list[int] = []
    for i, item in enumerate(items):
        if item.contract is not None:
            try:
                check_fits(item.doc, item.contract)
            except StoreError as exc:
                outcomes[i] = exc
                continue
        ready.append(i)
    if not ready:
        return outcomes
    try:
        with store.session() as s, s.begin():
            batch = _Batch(s, engine_version, datetime.now(UTC), [items[i] for i in ready])
            for i in ready:
                batch.put(i, items[i])
            done = batch.finish()
    except Exception as exc:  # whatever the database refused, the batch is rolled back: save one by one
        log.info("a batch of %s documents failed (%s: %s); saving them one by one", len(ready), type(exc).__name__, exc)
        for i in ready:
            outcomes[i] = _save_alone(store, items[i], engine_version)
        return outcomes
    for i, outcome in done.items():
        outcomes[i] = outcome
    return outcomes


def _save_alone(store: EventStore, item: Finished, engine_version: str) -> Outcome:
    """One document in a transaction of its own: its failure is its own."""
    try:
        if item.contract is None:
            return store.recognise(item.doc)
        return store.save(item.doc, item.contract, engine_version, replace=item.replace)
    except Exception as exc:  # reported as this document's failure by the caller; the others go on
        log.debug("save failed", exc_info=True)
        return exc


class _Batch:
    """The documents of one batch in one session; fast-path rows wait in ``_rows`` until the next slow one."""

    def __init__(self, s: Session, engine_version: str, now: datetime, items: Sequence[Finished]) -> None:
        self.s = s
        self.version = engine_version
        self.now = now
        self.done: dict[int, Outcome] = {}
        self._rows: list[tuple[int, dict[str, Any], list[dict[str, Any]]]] = []
        digests = sorted({item.digest for item in items})
        self.taken: set[str] = set()  # content hashes, URL hashes and identities already in the store or batch
        if digests:
            self.taken.update(s.scalars(select(Document.content_hash).where(Document.content_hash.in_(digests))))
            self.taken.update(
                s.scalars(select(DocumentVersion.content_hash).where(DocumentVersion.content_hash.in_(digests)))
            )
        self.keys = {id(item): item.article_keys() for item in items}
        urls = sorted({h for h, _ in self.keys.values() if h is not None})
        idents = sorted({h for _, h in self.keys.values() if h is not None})
        if urls or idents:
            found = s.execute(
                select(Document.url_hash, Document.identity).where(
                    or_(Document.url_hash.in_(urls), Document.identity.in_(idents))
                )
            )
            for url_hash, identity in found:
                self.taken.update(h for h in (url_hash, identity) if h is not None)

    def put(self, index: int, item: Finished) -> None:
        url_hash, identity = self.keys[id(item)]
        keys = [k for k in (item.digest, url_hash, identity) if k is not None]
        fast = item.contract is not None and not item.replace and not any(k in self.taken for k in keys)
        self.taken.update(keys)
        if fast:
            assert item.contract is not None
            row = document_values(item.doc, item.contract, self.version, self.now)
            row.update(
                content_hash=item.digest,
                ingested_at=self.now,
                version=1,
                identity=identity,
                url_hash=url_hash,
                id_kind=item.doc.id_kind,
            )
            self._rows.append((index, row, item.contract.get("events") or []))
            return
        self._write_rows()
        if item.contract is None:
            self.done[index] = EventStore.recognise_in(self.s, item.doc, item.digest, self.now)
        else:
            self.done[index] = EventStore.save_in(
                self.s, item.doc, item.contract, self.version, item.digest, self.now, replace=item.replace
            )
        self.s.flush()

    def finish(self) -> dict[int, Outcome]:
        self._write_rows()
        return self.done

    def _write_rows(self) -> None:
        """Insert the waiting documents (one prepared statement executed for every row), read their ids back by
        content hash (one query), then insert all their events (one statement per table) and merge them in order."""
        if not self._rows:
            return
        rows, self._rows = self._rows, []
        self.s.execute(insert(DOCUMENTS), [row for _, row, _ in rows])
        digests = [row["content_hash"] for _, row, _ in rows]
        ids: dict[str, int] = {}
        for start in range(0, len(digests), _IN_CHUNK):
            part = digests[start : start + _IN_CHUNK]
            found = self.s.execute(
                select(DOCUMENTS.c.content_hash, DOCUMENTS.c.id).where(DOCUMENTS.c.content_hash.in_(part))
            )
            ids.update((digest, pk) for digest, pk in found)
        written: list[tuple[int, list[dict[str, Any]]]] = []
        for index, row, events in rows:
            document_id = ids[row["content_hash"]]
            written.append((document_id, events))
            self.done[index] = SaveResult("ingested", document_id, len(events))
        write_batch_events(self.s, written, self.now)
