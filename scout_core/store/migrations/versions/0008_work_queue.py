"""work queue in the database: the pipeline's batches in flight, journaled where the profiles are

Revision ID: 0008_work_queue
Revises: 0007_analytics
Create Date: 2026-03-01

Plain SQLAlchemy types only (see 0001). Before this, the journal lived in Redis (with SCOUT_REDIS_URL)
or in data_dir/queue.db; the first run after this migration moves what is left there into this table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")

revision: str = "0008_work_queue"
down_revision: str | Sequence[str] | None = "0007_analytics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_queue_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=64), nullable=False),
        sa.Column("payload", JSON_DOC, nullable=False),
        sa.Column("consumer", sa.String(length=64), nullable=True),
        sa.Column("delivered_at", sa.Float(), nullable=True),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_queue_entries")),
    )
    op.create_index("ix_work_queue_entries_state", "work_queue_entries", ["queue", "consumer", "delivered_at"])


def downgrade() -> None:
    op.drop_index("ix_work_queue_entries_state", table_name="work_queue_entries")
    op.drop_table("work_queue_entries")
