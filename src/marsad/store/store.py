"""The event store: documents and their extracted events, saved one transaction per document (:meth:`EventStore.save`;
many documents in one transaction: :mod:`marsad.store.batch`).

>>> store = EventStore.open("sqlite:///marsad.db")          # doctest: +SKIP
>>> store.save(doc, record, engine_version="0.1.0")          # doctest: +SKIP

Documents are de-duplicated on :func:`content_hash` (the text with whitespace runs collapsed, NFC): saving the
same content again is a no-op (recorded as an alias when it comes under another id or URL) unless
``replace=True`` (used to re-extract documents whose engine version is older), which swaps the old events for
the new ones in the same transaction. A changed text of a stored article (same URL, or same given id and
outlet) is its new version: the older text and its events are kept for audit, out of every count
(:mod:`marsad.store.versions`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, CompoundSelect, Engine, bindparam, delete, func, null, select, union_all
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from marsad.errors import StoreError
from marsad.model import DocumentRecord, InputDocument
from marsad.store import merge, versions
from marsad.store.db import make_engine, migrate, resolve_url
from marsad.store.rows import (
    ACTORS,
    ATTRIBUTIONS,
    QUANTITIES,
    SPANS,
    document_values,
    event_rows,
    write_events,
)
from marsad.store.rows import parse_date as parse_date  # re-exported: the store's date reading
from marsad.store.schema import (
    AttributionRow,
    Document,
    DocumentAlias,
    DocumentVersion,
    Event,
    EventActor,
    EvidenceSpan,
    Incident,
    IncidentMember,
    QuantityRow,
    RetiredEvent,
)

log = logging.getLogger(__name__)


def content_hash(text: str) -> str:
    """SHA-256 of the text in NFC with whitespace runs collapsed: the identity of a document's content.

    ``str.split()`` splits on the characters that ``re``'s ``\\s`` matches (``str.isspace``, checked over all of
    Unicode) and drops the runs at both ends: the same text as collapsing ``\\s+`` and stripping, at half its cost
    (20 against 47 µs for an ANT article)."""
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()  # defined for any str


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """A sort key for engine versions: numeric parts compare as numbers (``0.10`` is newer than ``0.9``)."""
    parts = re.split(r"[.+\-]", version)
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def is_older(stored: str, current: str) -> bool:
    return version_key(stored) < version_key(current)


@dataclass(frozen=True)
class SaveResult:
    """What :meth:`EventStore.save` did: ``status`` is ``ingested``, ``updated`` (a new version of a stored
    article), ``replaced`` (re-extracted), ``skipped`` (already stored) or ``alias`` (already stored under another
    id or URL, which is now recorded)."""

    status: str
    document_id: int
    n_events: int


@dataclass(frozen=True)
class Known:
    """A stored document found by content hash; ``current`` is false when the text is an older version of it."""

    document_id: int
    engine_version: str
    current: bool = True


@dataclass(frozen=True)
class VersionRow:
    """An older version of a stored article."""

    version: int
    doc_id: str
    content_hash: str
    n_events: int
    ingested_at: datetime
    superseded_at: datetime


#: Widths of the text columns an input fills (``documents``); longer values are refused with a message.
_WIDTHS = {"doc_id": 512, "outlet": 256}
_MAX_INT = 2**31 - 1  # integer columns are 32-bit on PostgreSQL
#: Values per ``IN (...)`` of a bulk lookup (SQLite allows 32,766 parameters, PostgreSQL 65,535).
_IN_CHUNK = 500
_SURROGATE = re.compile("[\ud800-\udfff]")


class EventStore:
    """Access to one store database. Build it with :meth:`open`; the constructor does no I/O."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | None = None, *, upgrade: bool = True) -> EventStore:
        """Open (creating or migrating) the store at ``db`` (URL or SQLite path; default: ``$MARSAD_DB``/marsad.db)."""
        engine = make_engine(resolve_url(db))
        if upgrade:
            migrate(engine)
        return cls(engine)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        return self._sessions()

    # ------------------------------------------------------------------------------------------- lookups

    def lookup(self, digest: str) -> Known | None:
        """The stored document whose current (or an older) text has this content hash."""
        with self.session() as s:
            row = s.execute(
                select(Document.id, Document.engine_version).where(Document.content_hash == digest)
            ).first()
            if row is not None:
                return Known(row[0], row[1])
            old = versions.older_version(s, digest)
        return Known(old.document_id, old.engine_version, current=False) if old is not None else None

    def lookup_many(self, digests: Iterable[str]) -> dict[str, Known]:
        """:meth:`lookup` of many content hashes in one query: the stored ones, by hash (absent: not stored)."""
        wanted = sorted(set(digests))
        found: dict[str, Known] = {}
        older: dict[str, tuple[int, Known]] = {}
        # Core and one statement built once: an ORM session and two queries built per call cost an ingest worker
        # more than the parsing of its JSON lines (one call per task of 16)
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), _IN_CHUNK):
                part = wanted[start : start + _IN_CHUNK]
                for digest, pk, version, row in connection.execute(_lookup_query(), {"digests": part}):
                    if row is None:
                        found[digest] = Known(pk, version)
                    elif digest not in older or row < older[digest][0]:  # the oldest, as versions.older_version
                        older[digest] = (row, Known(pk, version, current=False))
        for digest, (_, known) in older.items():
            found.setdefault(digest, known)
        return found

    def recognise(self, doc: InputDocument) -> SaveResult | None:
        """What :meth:`save` would do with ``doc`` without extracting it, when its text is stored already:
        ``skipped``, or ``alias`` (recorded) when it comes under another id or URL; ``None`` when the text is
        not stored and must be extracted."""
        with self.session() as s, s.begin():
            return self.recognise_in(s, doc, content_hash(doc.text), datetime.now(UTC))

    @staticmethod
    def recognise_in(s: Session, doc: InputDocument, digest: str, now: datetime) -> SaveResult | None:
        existing = s.scalars(select(Document).where(Document.content_hash == digest)).first()
        if existing is not None:
            status = "alias" if versions.note_alias(s, existing, doc, now) else "skipped"
            return SaveResult(status, existing.id, existing.n_events)
        older = versions.older_version(s, digest)
        if older is not None:  # a text this article had before: never taken again
            return SaveResult("skipped", older.document_id, 0)
        return None

    def versions(self, document_id: int) -> list[VersionRow]:
        """The older versions of a stored article, oldest first."""
        with self.session() as s:
            rows = s.scalars(
                select(DocumentVersion)
                .where(DocumentVersion.document_id == document_id)
                .order_by(DocumentVersion.version, DocumentVersion.id)
            )
            return [
                VersionRow(v.version, v.doc_id, v.content_hash, v.n_events, v.ingested_at, v.superseded_at)
                for v in rows
            ]

    def aliases(self, document_id: int) -> list[tuple[str, str | None, str | None]]:
        """``(doc_id, outlet, url)`` of every alias of a stored article, in the order met."""
        with self.session() as s:
            rows = s.execute(
                select(DocumentAlias.doc_id, DocumentAlias.outlet, DocumentAlias.url)
                .where(DocumentAlias.document_id == document_id)
                .order_by(DocumentAlias.id)
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def history_counts(self) -> dict[str, int]:
        """Older versions kept for audit, their retired events, and aliases."""
        with self.session() as s:
            return {
                "versions": s.scalar(select(func.count(DocumentVersion.id))) or 0,
                "retired_events": s.scalar(select(func.count(RetiredEvent.id))) or 0,
                "aliases": s.scalar(select(func.count(DocumentAlias.id))) or 0,
            }

    def outdated_documents(self, current_version: str) -> list[int]:
        """Ids of documents extracted by an engine older than ``current_version``."""
        with self.session() as s:
            rows = s.execute(select(Document.id, Document.engine_version)).all()
        return [pk for pk, version in rows if is_older(version, current_version)]

    def load_document(self, document_id: int) -> InputDocument:
        """A stored document as input for the extractor again."""
        with self.session() as s:
            doc = s.get(Document, document_id)
            if doc is None:
                raise StoreError(f"no document {document_id} in {self.url}")
            return InputDocument(
                doc_id=doc.doc_id,
                text=doc.text,
                title=doc.title,
                published=doc.published.isoformat() if doc.published else None,
                url=doc.url,
                outlet=doc.outlet,
                source=doc.source or "<store>",
            )

    def document_events(self, document_id: int) -> list[dict[str, Any]]:
        """The contract dicts of a stored document's events, in order."""
        with self.session() as s:
            rows = s.scalars(select(Event.record).where(Event.document_id == document_id).order_by(Event.seq))
            return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            return {
                "documents": s.scalar(select(func.count(Document.id))) or 0,
                "events": s.scalar(select(func.count(Event.id))) or 0,
                "incidents": s.scalar(select(func.count(Incident.id))) or 0,
            }

    # ------------------------------------------------------------------------------------------- writing

    def save(
        self,
        doc: InputDocument,
        record: DocumentRecord | dict[str, Any],
        engine_version: str,
        *,
        replace: bool = False,
    ) -> SaveResult:
        """Store ``doc`` with its extracted ``record`` in one transaction (see the module doc for duplicates and
        versions)."""
        contract = record.to_contract() if isinstance(record, DocumentRecord) else record
        check_fits(doc, contract)
        digest = content_hash(doc.text)
        try:
            with self.session() as s, s.begin():
                return self.save_in(s, doc, contract, engine_version, digest, datetime.now(UTC), replace=replace)
        except IntegrityError:
            # another process stored the same content between our check and our insert
            known = self.lookup(digest)
            if known is None:
                raise
            return SaveResult("skipped", known.document_id, 0)
        except OperationalError as exc:
            raise StoreError(f"{self.url}: cannot save {doc.source} ({doc.doc_id}): {exc.orig}") from exc

    @classmethod
    def save_in(
        cls,
        s: Session,
        doc: InputDocument,
        contract: dict[str, Any],
        engine_version: str,
        digest: str,
        now: datetime,
        *,
        replace: bool = False,
    ) -> SaveResult:
        """:meth:`save` in the caller's transaction ``s`` (``contract`` checked, ``digest`` its content hash)."""
        existing = None
        if not replace:
            stored = cls.recognise_in(s, doc, digest, now)
            if stored is not None:
                return stored
        else:
            existing = s.scalars(select(Document).where(Document.content_hash == digest)).first()
        if existing is not None:
            for ev in list(existing.events):
                merge.remove_event(s, ev)
            s.execute(delete(Event).where(Event.document_id == existing.id))
            s.expire(existing, ["events"])
            document = existing
            status = "replaced"
        else:
            current = versions.find_current(s, doc)
            if current is not None:
                versions.retire(s, current, now)
                current.version = (current.version or 1) + 1
                current.content_hash = digest
                current.ingested_at = now
                document = current
                status = "updated"
            else:
                document = Document(content_hash=digest, ingested_at=now, version=1)
                s.add(document)
                status = "ingested"
            document.identity = versions.identity_of(doc)
            document.url_hash = versions.url_hash(doc.url)
            document.id_kind = doc.id_kind
        for name, value in document_values(doc, contract, engine_version, now).items():
            setattr(document, name, value)
        s.flush()
        events = contract["events"]
        write_events(s, document.id, events, now)
        return SaveResult(status, document.id, len(events))

    @staticmethod
    def _event_row(document_id: int, seq: int, ev: dict[str, Any]) -> Event:
        """An ORM row of one contract event with its actors, spans, quantities and attribution (not added)."""
        values, children = event_rows(document_id, seq, ev)
        row = Event(**values)
        for table, child in children:
            kind = _CHILD_MODELS[table.name]
            getattr(row, kind[1]).append(kind[0](**child))
        return row


    # ------------------------------------------------------------------------------------------- merging

    def split_incident(self, incident_id: int) -> list[int]:
        """Undo a merge: every member but the first report gets its own incident (ids returned)."""
        with self.session() as s, s.begin():
            return merge.split_incident(s, incident_id)

    def detach_event(self, event_id: int) -> int:
        with self.session() as s, s.begin():
            return merge.detach_event(s, event_id)

    def incident_members(self, incident_id: int) -> list[tuple[int, str, str]]:
        """``(event id, doc_id, reason)`` of each member of an incident: why it was merged."""
        with self.session() as s:
            rows = s.execute(
                select(IncidentMember.event_id, Document.doc_id, IncidentMember.reason)
                .join(Event, Event.id == IncidentMember.event_id)
                .join(Document, Document.id == Event.document_id)
                .where(IncidentMember.incident_id == incident_id)
                .order_by(IncidentMember.event_id)
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def iter_documents(self) -> Iterator[tuple[int, str, str]]:
        """``(id, doc_id, engine_version)`` of every stored document."""
        with self.session() as s:
            for row in s.execute(
                select(Document.id, Document.doc_id, Document.engine_version).order_by(Document.id)
            ):
                yield row[0], row[1], row[2]


@cache
def _lookup_query() -> CompoundSelect:
    """The statement of :meth:`EventStore.lookup_many`: current texts (row id ``None``) and older versions (with
    their row's id) that have the given hashes."""
    digests: BindParameter[Any] = bindparam("digests", expanding=True)
    current = select(Document.content_hash, Document.id, Document.engine_version, null()).where(
        Document.content_hash.in_(digests)
    )
    older = select(
        DocumentVersion.content_hash, DocumentVersion.document_id, DocumentVersion.engine_version, DocumentVersion.id
    ).where(DocumentVersion.content_hash.in_(digests))
    return union_all(current, older)


def check_fits(doc: InputDocument, contract: dict[str, Any]) -> None:
    """Refuse, with a message naming the field, a value that does not fit its column: text wider than the
    column (PostgreSQL would refuse it mid-transaction, SQLite would store it and the two stores would differ),
    or a count beyond a 32-bit integer (the engine rejects absurd counts; a plugged-in engine may not)."""
    values = {"doc_id": doc.doc_id, "outlet": doc.outlet or contract.get("outlet")}
    for name, value in (*values.items(), ("text", doc.text), ("title", doc.title), ("url", doc.url)):
        if value is not None and (bad := _SURROGATE.search(value)) is not None:
            raise StoreError(f"{name} holds a lone surrogate at character {bad.start()}, which no database stores")
    for name, value in values.items():
        if value is not None and len(value) > _WIDTHS[name]:
            raise StoreError(f"{name} has {len(value):,} characters, over the store's limit of {_WIDTHS[name]}")
    for ev in contract.get("events") or []:
        counts = [("fatalities", ev.get("fatalities"))]
        counts += [("a quantity", q.get("value")) for q in ev.get("quantities") or []]
        for name, value in counts:
            if isinstance(value, int) and not -_MAX_INT <= value <= _MAX_INT:
                raise StoreError(f"event {ev.get('id')}: {name} of {value:.3g} is beyond any count")

#: The ORM model and the Event relationship of each child table (for :meth:`EventStore._event_row`).
_CHILD_MODELS: dict[str, tuple[type[Any], str]] = {
    ACTORS.name: (EventActor, "actors"),
    SPANS.name: (EvidenceSpan, "evidence"),
    QUANTITIES.name: (QuantityRow, "quantities"),
    ATTRIBUTIONS.name: (AttributionRow, "attributions"),
}
