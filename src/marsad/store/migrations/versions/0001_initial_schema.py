"""Initial schema of the event store: documents, events and their parts, incidents and memberships.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 05:47:53.556107
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=512), nullable=False),
        sa.Column("outlet", sa.String(length=256), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("engine_version", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_doc_id"), ["doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_outlet"), ["outlet"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("pcode", sa.String(length=64), nullable=True),
        sa.Column("admin1", sa.String(length=256), nullable=True),
        sa.Column("admin3", sa.String(length=256), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_documents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_date_start"), ["date_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_pcode"), ["pcode"], unique=False)
        batch_op.create_index("ix_incidents_type_sub", ["event_type", "sub_event_type"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=600), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("actor1_id", sa.String(length=128), nullable=True),
        sa.Column("actor1_name", sa.String(length=256), nullable=True),
        sa.Column("actor2_id", sa.String(length=128), nullable=True),
        sa.Column("actor2_name", sa.String(length=256), nullable=True),
        sa.Column("location_name", sa.String(length=256), nullable=True),
        sa.Column("location_name_ar", sa.String(length=256), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.String(length=256), nullable=True),
        sa.Column("admin2", sa.String(length=256), nullable=True),
        sa.Column("admin3", sa.String(length=256), nullable=True),
        sa.Column("pcode", sa.String(length=64), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column(
            "record",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_events_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_actor1_id"), ["actor1_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_actor2_id"), ["actor2_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_date_start"), ["date_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_events_lat_lon", ["latitude", "longitude"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_pcode"), ["pcode"], unique=False)
        batch_op.create_index("ix_events_type_sub", ["event_type", "sub_event_type"], unique=False)

    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_attributions_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributions")),
    )
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attributions_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_actors_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_actors")),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actors_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_actors_event_id"), ["event_id"], unique=False)

    op.create_table(
        "evidence_spans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_evidence_spans_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_spans")),
    )
    with op.batch_alter_table("evidence_spans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_spans_event_id"), ["event_id"], unique=False)

    op.create_table(
        "incident_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_incident_members_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_members_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_members")),
        sa.UniqueConstraint("event_id", name=op.f("uq_incident_members_event_id")),
    )
    with op.batch_alter_table("incident_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_members_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_quantities_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantities")),
    )
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quantities_event_id"), ["event_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quantities_event_id"))

    op.drop_table("quantities")
    with op.batch_alter_table("incident_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_members_incident_id"))

    op.drop_table("incident_members")
    with op.batch_alter_table("evidence_spans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_spans_event_id"))

    op.drop_table("evidence_spans")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actors_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_actors_actor_id"))

    op.drop_table("event_actors")
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attributions_event_id"))

    op.drop_table("attributions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_sub")
        batch_op.drop_index(batch_op.f("ix_events_pcode"))
        batch_op.drop_index("ix_events_lat_lon")
        batch_op.drop_index(batch_op.f("ix_events_document_id"))
        batch_op.drop_index(batch_op.f("ix_events_date_start"))
        batch_op.drop_index(batch_op.f("ix_events_country"))
        batch_op.drop_index(batch_op.f("ix_events_admin1"))
        batch_op.drop_index(batch_op.f("ix_events_actor2_id"))
        batch_op.drop_index(batch_op.f("ix_events_actor1_id"))

    op.drop_table("events")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_type_sub")
        batch_op.drop_index(batch_op.f("ix_incidents_pcode"))
        batch_op.drop_index(batch_op.f("ix_incidents_date_start"))
        batch_op.drop_index(batch_op.f("ix_incidents_admin1"))

    op.drop_table("incidents")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_published"))
        batch_op.drop_index(batch_op.f("ix_documents_outlet"))
        batch_op.drop_index(batch_op.f("ix_documents_doc_id"))

    op.drop_table("documents")
