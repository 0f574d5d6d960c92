"""Tables of the event store (SQLAlchemy 2 declarative models).

The Alembic migrations under ``migrations/versions`` create exactly these tables; a test compares the migrated
schema with this metadata, so a change here needs a new migration.

- ``documents``: one row per article, its current version (``content_hash`` is unique), with its text and
  metadata; ``identity`` and ``url_hash`` find the stored article that a changed text is a new version of.
- ``document_versions``: the older versions of an article, kept for audit; ``retired_events``: their events,
  verbatim, with the incident each was in. ``document_aliases``: the same text met under another id or URL.
- ``events``: one row per extracted event, every contract field either as a column to filter on or in
  ``record`` (the contract dict of the event, verbatim).
- ``event_actors``: actor1, actor2 and associated actors of each event (role ``actor1``/``actor2``/``assoc``).
- ``evidence_spans``, ``quantities``, ``attributions``: the event's spans, amounts and source attribution.
- ``incidents`` and ``incident_members``: cross-article merging. Every event belongs to exactly one incident
  (a single-event incident when nothing matched); the member row keeps why it joined, so a merge can be
  explained and undone.
- ``incident_pins``: an analyst's corrections of merging (``marsad incident split|detach|merge``), anchored in
  the article so that they outlive re-extraction and re-merging (see :mod:`marsad.store.corrections`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    doc_id: Mapped[str] = mapped_column(String(512), index=True)
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="ar")
    engine_version: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(Text)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # 1 for the first text of an article, one more for each newer text (the older ones: document_versions)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # SHA-256 of what identifies the article (its given id and outlet, or its file), and of its URL
    identity: Mapped[str | None] = mapped_column(String(64), index=True)
    url_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # where doc_id came from: given by the input, made from a file name or from a position (model.IdKind)
    id_kind: Mapped[str] = mapped_column(String(16), default="given", server_default="given")

    events: Mapped[list[Event]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="Event.seq"
    )


class DocumentVersion(Base):
    """An older text of an article, replaced by a newer one (a correction, an addition); kept for audit."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    doc_id: Mapped[str] = mapped_column(String(512))
    outlet: Mapped[str | None] = mapped_column(String(256))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    engine_version: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(Text)
    n_events: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    events: Mapped[list[RetiredEvent]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RetiredEvent.seq"
    )


class RetiredEvent(Base):
    """An event of an older version: no longer counted anywhere, kept with the incident it was in."""

    __tablename__ = "retired_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    event_key: Mapped[str] = mapped_column(String(600))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    incident_id: Mapped[int | None] = mapped_column(Integer)  # no key: the incident may be gone since
    merge_reason: Mapped[str | None] = mapped_column(Text)
    record: Mapped[dict[str, Any]] = mapped_column(JsonType)
    retired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DocumentAlias(Base):
    """The text of a stored article met again under another id or URL (a syndicated copy, a re-post)."""

    __tablename__ = "document_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(512), index=True)
    outlet: Mapped[str | None] = mapped_column(String(256))
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_type_sub", "event_type", "sub_event_type"),
        Index("ix_events_lat_lon", "latitude", "longitude"),
        # browsing newest first within a type, sub-type, province or type in a province (migration 0002)
        Index("ix_events_type_date", "event_type", "date_start"),
        Index("ix_events_sub_date", "sub_event_type", "date_start"),
        Index("ix_events_admin1_date", "admin1", "date_start"),
        Index("ix_events_admin1_type_date", "admin1", "event_type", "date_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    event_key: Mapped[str] = mapped_column(String(600))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    actor1_id: Mapped[str | None] = mapped_column(String(128), index=True)
    actor1_name: Mapped[str | None] = mapped_column(String(256))
    actor2_id: Mapped[str | None] = mapped_column(String(128), index=True)
    actor2_name: Mapped[str | None] = mapped_column(String(256))
    location_name: Mapped[str | None] = mapped_column(String(256))
    location_name_ar: Mapped[str | None] = mapped_column(String(256))
    country: Mapped[str | None] = mapped_column(String(128), index=True)
    admin1: Mapped[str | None] = mapped_column(String(256), index=True)
    admin2: Mapped[str | None] = mapped_column(String(256))
    admin3: Mapped[str | None] = mapped_column(String(256))
    pcode: Mapped[str | None] = mapped_column(String(64), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16))
    fatalities: Mapped[int] = mapped_column(Integer, default=0)
    modality: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    record: Mapped[dict[str, Any]] = mapped_column(JsonType)

    document: Mapped[Document] = relationship(back_populates="events")
    actors: Mapped[list[EventActor]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    evidence: Mapped[list[EvidenceSpan]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    quantities: Mapped[list[QuantityRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    attributions: Mapped[list[AttributionRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    membership: Mapped[IncidentMember | None] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )


class EventActor(Base):
    __tablename__ = "event_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(128), index=True)
    name: Mapped[str] = mapped_column(String(256))
    text: Mapped[str] = mapped_column(Text)


class EvidenceSpan(Base):
    __tablename__ = "evidence_spans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class QuantityRow(Base):
    __tablename__ = "quantities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16))
    qualifier: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)


class AttributionRow(Base):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(256))
    text: Mapped[str] = mapped_column(Text)


class Incident(Base):
    """One real-world event as reported by one or more documents; its fields summarise its members."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_type_sub", "event_type", "sub_event_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    pcode: Mapped[str | None] = mapped_column(String(64), index=True)
    admin1: Mapped[str | None] = mapped_column(String(256), index=True)
    admin3: Mapped[str | None] = mapped_column(String(256))
    n_events: Mapped[int] = mapped_column(Integer, default=1)
    n_documents: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    members: Mapped[list[IncidentMember]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", passive_deletes=True
    )


class IncidentMember(Base):
    """An event's membership in an incident, with the reason it was merged (``"first report"`` for the seed)."""

    __tablename__ = "incident_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    incident: Mapped[Incident] = relationship(back_populates="members")
    event: Mapped[Event] = relationship(back_populates="membership")


class IncidentPin(Base):
    """An analyst's correction of merging: events pinned with the same ``label`` are one incident, events with
    different labels never are. The pin names its event by the article and the event's first evidence span,
    so that it finds the event again after a re-extraction (``event_id`` is then re-linked)."""

    __tablename__ = "incident_pins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(64), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), unique=True, nullable=True
    )
    event_key: Mapped[str] = mapped_column(String(600))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    anchor_start: Mapped[int] = mapped_column(Integer)
    anchor_end: Mapped[int] = mapped_column(Integer)
    anchor_text: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
