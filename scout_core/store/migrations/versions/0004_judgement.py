"""judgement: each profile's account kind, the evidence for it, and what an overall score was rescaled from

Revision ID: 0004_judgement
Revises: 0003_identity
Create Date: 2026-02-20

Plain SQLAlchemy types only (see 0001). Columns are nullable: rows scored before this revision have
no account kind (read as unknown) and no rescale list (read from their ``rescaled`` flag and note).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")

revision: str = "0004_judgement"
down_revision: str | Sequence[str] | None = "0003_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("account_kind", sa.String(length=16), nullable=True))
    with op.batch_alter_table("classifications") as batch:
        batch.add_column(sa.Column("account_kind", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("account_evidence", JSON_DOC, nullable=True))
    with op.batch_alter_table("scores") as batch:
        batch.add_column(sa.Column("rescaled_from", JSON_DOC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("rescaled_from")
    with op.batch_alter_table("classifications") as batch:
        batch.drop_column("account_evidence")
        batch.drop_column("account_kind")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("account_kind")
