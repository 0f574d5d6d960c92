"""Versions of an article and aliases of its text.

An article is found again by its URL, or else by its identity: the id the input gave it with its outlet, or the
file its id was made from (:func:`identity`; an id made from a line or entry number identifies nothing). A URL
identifies only when it is a web page's own (http or https, a host and a path: not a site's home page nor a
``javascript:`` link, which feeds give to many entries), and not against an id: two different ids that both
came with the input name two articles, whatever URL they share. A text
not stored before that finds a stored article this way is a newer version of it: the article's row takes the
new text and events, and the older text is kept in ``document_versions`` with its events in ``retired_events``
(:func:`retire`), out of every count, export and incident. Newer means arriving later: a text already stored,
as the current or an older version, is never taken again, so re-reading an old dump changes nothing.

The same text under another id or URL is an alias of the stored article (:func:`note_alias`): recorded, not
extracted or counted again.
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from marsad.model import InputDocument
from marsad.store import merge
from marsad.store.schema import Document, DocumentAlias, DocumentVersion, Event, RetiredEvent

log = logging.getLogger(__name__)

_SEP = "\x1f"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def identity(doc_id: str, outlet: str | None, id_kind: str = "given", source: str | None = None) -> str | None:
    """The hash identifying the article a document is a text of, ``None`` when its id identifies nothing."""
    if id_kind == "position":
        return None
    if id_kind == "file" and source:
        return _sha(_SEP.join(("file", os.path.abspath(source))))
    return _sha(_SEP.join(("given", outlet or "", doc_id)))


def url_hash(url: str | None) -> str | None:
    """The hash of a page's URL without its fragment and surrounding blanks; ``None`` for no URL, or for one
    that names no page of its own (another scheme than http(s), no host, a site's home page)."""
    if not url:
        return None
    bare = url.strip().split("#", 1)[0]
    try:
        parts = urlsplit(bare)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if parts.path.strip("/") == "" and not parts.query:
        return None
    return _sha(bare)


def identity_of(doc: InputDocument) -> str | None:
    return identity(doc.doc_id, doc.outlet, doc.id_kind, doc.source)


def find_current(session: Session, doc: InputDocument) -> Document | None:
    """The stored article ``doc`` is a text of (same URL first, else same identity), or ``None``."""
    by_url = url_hash(doc.url)
    ident = identity_of(doc)
    conditions = []
    if by_url is not None:
        conditions.append(Document.url_hash == by_url)
    if ident is not None:
        conditions.append(Document.identity == ident)
    if not conditions:
        return None
    found = list(session.scalars(select(Document).where(or_(*conditions)).order_by(Document.id.desc())))
    for document in found:
        if by_url is not None and document.url_hash == by_url and not _other_given_id(document, doc):
            return document
    same = [d for d in found if ident is not None and d.identity == ident]
    return same[0] if same else None


def _other_given_id(document: Document, doc: InputDocument) -> bool:
    """Both came with an id of their own, and the ids differ: two articles under one URL."""
    return doc.id_kind == "given" and document.id_kind == "given" and document.doc_id != doc.doc_id


def older_version(session: Session, digest: str) -> DocumentVersion | None:
    """A stored older version with this content hash, if any."""
    return session.scalars(
        select(DocumentVersion).where(DocumentVersion.content_hash == digest).order_by(DocumentVersion.id)
    ).first()


def retire(session: Session, document: Document, now: datetime) -> DocumentVersion:
    """Keep ``document``'s current text and events as an older version, and take its events out of the live
    tables and their incidents (in the caller's transaction)."""
    kept = DocumentVersion(
        document_id=document.id,
        version=document.version or 1,
        content_hash=document.content_hash,
        doc_id=document.doc_id,
        outlet=document.outlet,
        url=document.url,
        published=document.published,
        title=document.title,
        text=document.text,
        engine_version=document.engine_version,
        source=document.source,
        n_events=document.n_events,
        ingested_at=document.ingested_at,
        superseded_at=now,
    )
    session.add(kept)
    session.flush()
    for ev in list(document.events):
        member = ev.membership
        session.add(
            RetiredEvent(
                version_id=kept.id,
                seq=ev.seq,
                event_key=ev.event_key,
                event_type=ev.event_type,
                sub_event_type=ev.sub_event_type,
                incident_id=member.incident_id if member is not None else None,
                merge_reason=member.reason if member is not None else None,
                record=ev.record,
                retired_at=now,
            )
        )
        merge.remove_event(session, ev)
    session.execute(delete(Event).where(Event.document_id == document.id))
    session.expire(document, ["events"])
    log.debug("document %s: version %s retired with %s events", document.id, kept.version, document.n_events)
    return kept


def note_alias(session: Session, document: Document, doc: InputDocument, now: datetime) -> bool:
    """Record ``doc`` (the text of ``document``) as an alias when it comes under another id or URL; ``True``
    when a new alias was recorded."""
    url = doc.url or None
    if doc.doc_id == document.doc_id and url in (None, document.url):
        return False
    seen = session.scalars(
        select(DocumentAlias.id).where(
            DocumentAlias.document_id == document.id,
            DocumentAlias.doc_id == doc.doc_id,
            DocumentAlias.url.is_(None) if url is None else DocumentAlias.url == url,
        )
    ).first()
    if seen is not None:
        return False
    session.add(
        DocumentAlias(
            document_id=document.id,
            doc_id=doc.doc_id,
            outlet=doc.outlet,
            url=url,
            source=doc.source,
            seen_at=now,
        )
    )
    return True
