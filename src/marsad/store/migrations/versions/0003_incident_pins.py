"""An analyst's corrections of merging (``marsad incident split|detach|merge``), kept across re-extraction.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_pins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("event_key", sa.String(length=600), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("anchor_start", sa.Integer(), nullable=False),
        sa.Column("anchor_end", sa.Integer(), nullable=False),
        sa.Column("anchor_text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_incident_pins_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_incident_pins_event_id_events"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_pins")),
        sa.UniqueConstraint("event_id", name=op.f("uq_incident_pins_event_id")),
    )
    with op.batch_alter_table("incident_pins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_pins_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_pins_label"), ["label"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident_pins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_pins_label"))
        batch_op.drop_index(batch_op.f("ix_incident_pins_document_id"))
    op.drop_table("incident_pins")
