"""Versions of articles: a changed text of a stored article (same URL, or same given id and outlet) replaces the
older one's events, which are kept for audit; the same text under another id or URL is recorded as an alias.

Adds ``documents.version``, ``documents.identity``, ``documents.url_hash`` and ``documents.id_kind`` (filled for
the documents already stored, their ids taken as given ids), and the tables ``document_versions``,
``retired_events`` and ``document_aliases``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from marsad.store.versions import identity, url_hash

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("identity", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("url_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("id_kind", sa.String(length=16), server_default="given", nullable=False))
        batch_op.create_index(batch_op.f("ix_documents_identity"), ["identity"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_url_hash"), ["url_hash"], unique=False)

    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=512), nullable=False),
        sa.Column("outlet", sa.String(length=256), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("engine_version", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_versions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_versions_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_versions_document_id"), ["document_id"], unique=False)

    op.create_table(
        "retired_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=600), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("merge_reason", sa.Text(), nullable=True),
        sa.Column(
            "record",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_retired_events_version_id_document_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retired_events")),
    )
    with op.batch_alter_table("retired_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retired_events_version_id"), ["version_id"], unique=False)

    op.create_table(
        "document_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=512), nullable=False),
        sa.Column("outlet", sa.String(length=256), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_aliases_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_aliases")),
    )
    with op.batch_alter_table("document_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_aliases_doc_id"), ["doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_aliases_document_id"), ["document_id"], unique=False)

    # the documents already stored: their ids are taken as given ids (the kind of an id was not recorded)
    conn = op.get_bind()
    documents = sa.table(
        "documents",
        sa.column("id", sa.Integer()),
        sa.column("doc_id", sa.String()),
        sa.column("outlet", sa.String()),
        sa.column("url", sa.Text()),
        sa.column("identity", sa.String()),
        sa.column("url_hash", sa.String()),
    )
    rows = conn.execute(sa.select(documents.c.id, documents.c.doc_id, documents.c.outlet, documents.c.url)).all()
    for pk, doc_id, outlet, url in rows:
        conn.execute(
            documents.update()
            .where(documents.c.id == pk)
            .values(identity=identity(doc_id, outlet), url_hash=url_hash(url))
        )


def downgrade() -> None:
    with op.batch_alter_table("document_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_aliases_document_id"))
        batch_op.drop_index(batch_op.f("ix_document_aliases_doc_id"))
    op.drop_table("document_aliases")
    with op.batch_alter_table("retired_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retired_events_version_id"))
    op.drop_table("retired_events")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_document_id"))
        batch_op.drop_index(batch_op.f("ix_document_versions_content_hash"))
    op.drop_table("document_versions")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_url_hash"))
        batch_op.drop_index(batch_op.f("ix_documents_identity"))
        batch_op.drop_column("id_kind")
        batch_op.drop_column("url_hash")
        batch_op.drop_column("identity")
        batch_op.drop_column("version")
