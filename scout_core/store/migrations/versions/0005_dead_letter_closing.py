"""dead letters can be closed: no replay can help (not found, suspended, invalid handle), with the reason

Revision ID: 0005_dead_letter_closing
Revises: 0004_judgement
Create Date: 2026-02-21

Plain SQLAlchemy types only (see 0001). Both columns are nullable: letters filed before this revision
are open, as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_dead_letter_closing"
down_revision: str | Sequence[str] | None = "0004_judgement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dead_letters") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dead_letters") as batch:
        batch.drop_column("closed_reason")
        batch.drop_column("closed_at")
