"""identity resolution: accounts with their evidence, merges with reasons, operator splits, shared sites

Revision ID: 0003_identity
Revises: 0002_topics
Create Date: 2026-01-03

Plain SQLAlchemy types only (see 0001).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")

revision: str = "0003_identity"
down_revision: str | Sequence[str] | None = "0002_topics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identity_nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle_key", sa.String(length=128), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("site_key", sa.String(length=512), nullable=True),
        sa.Column("block", sa.String(length=200), nullable=True),
        sa.Column("links", JSON_DOC, nullable=True),
        sa.Column("previous_handles", JSON_DOC, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_nodes")),
        sa.UniqueConstraint("key", name=op.f("uq_identity_nodes_key")),
    )
    op.create_index(op.f("ix_identity_nodes_canonical_id"), "identity_nodes", ["canonical_id"])
    op.create_index(op.f("ix_identity_nodes_site_key"), "identity_nodes", ["site_key"])
    op.create_index(op.f("ix_identity_nodes_block"), "identity_nodes", ["block"])
    op.create_index("ix_identity_nodes_platform_source_id", "identity_nodes", ["platform", "source_id"])
    op.create_index("ix_identity_nodes_platform_handle_key", "identity_nodes", ["platform", "handle_key"])
    op.create_table(
        "identity_handles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle_key", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["node_id"], ["identity_nodes.id"], ondelete="CASCADE",
                                name=op.f("fk_identity_handles_node_id_identity_nodes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_handles")),
    )
    op.create_index(op.f("ix_identity_handles_node_id"), "identity_handles", ["node_id"])
    op.create_index("ix_identity_handles_lookup", "identity_handles", ["kind", "platform", "handle_key"])
    op.create_table(
        "identity_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_key", sa.String(length=200), nullable=False),
        sa.Column("right_key", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("corroboration", sa.Text(), nullable=True),
        sa.Column("site_key", sa.String(length=512), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_merges")),
    )
    op.create_index(op.f("ix_identity_merges_left_key"), "identity_merges", ["left_key"])
    op.create_index(op.f("ix_identity_merges_right_key"), "identity_merges", ["right_key"])
    op.create_index(op.f("ix_identity_merges_site_key"), "identity_merges", ["site_key"])
    op.create_table(
        "identity_splits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_key", sa.String(length=200), nullable=False),
        sa.Column("right_key", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_splits")),
        sa.UniqueConstraint("left_key", "right_key", name=op.f("uq_identity_splits_left_key_right_key")),
    )
    op.create_index(op.f("ix_identity_splits_left_key"), "identity_splits", ["left_key"])
    op.create_index(op.f("ix_identity_splits_right_key"), "identity_splits", ["right_key"])
    op.create_table(
        "identity_shared_sites",
        sa.Column("site_key", sa.String(length=512), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site_key", name=op.f("pk_identity_shared_sites")),
    )


def downgrade() -> None:
    for table in ("identity_shared_sites", "identity_splits", "identity_merges", "identity_handles"):
        op.drop_table(table)
    op.drop_table("identity_nodes")
