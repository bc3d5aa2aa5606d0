"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-01-01

Use plain SQLAlchemy types here (sa.DateTime(timezone=True), JSON_DOC), never the models' own
TypeDecorators: a revision must keep working after the models change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cost_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("units", sa.Float(), nullable=False),
        sa.Column("usd", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_ledger")),
    )
    op.create_index(op.f("ix_cost_ledger_at"), "cost_ledger", ["at"], unique=False)
    op.create_index(op.f("ix_cost_ledger_run_id"), "cost_ledger", ["run_id"], unique=False)

    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_key", sa.String(length=300), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=255), nullable=False),
        sa.Column("payload", JSON_DOC, nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("error_kind", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("suggested_action", sa.String(length=500), nullable=True),
        sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
        sa.UniqueConstraint("candidate_key", name=op.f("uq_dead_letters_candidate_key")),
    )
    op.create_table(
        "mining_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("candidates_found", sa.Integer(), nullable=False),
        sa.Column("profiles_stored", sa.Integer(), nullable=False),
        sa.Column("high_scorers", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mining_results")),
    )
    op.create_index(op.f("ix_mining_results_run_id"), "mining_results", ["run_id"], unique=False)

    op.create_table(
        "pipeline_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("platform", sa.String(length=32), nullable=True),
        sa.Column("handle", sa.String(length=255), nullable=True),
        sa.Column("error_kind", sa.String(length=64), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_errors")),
    )
    op.create_index(op.f("ix_pipeline_errors_at"), "pipeline_errors", ["at"], unique=False)
    op.create_index(op.f("ix_pipeline_errors_run_id"), "pipeline_errors", ["run_id"], unique=False)

    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.Column("source_platform", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=True),
        sa.Column("handle", sa.String(length=128), nullable=False),
        sa.Column("handle_key", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=500), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("website", sa.String(length=2000), nullable=True),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=True),
        sa.Column("avatar_url", sa.String(length=2000), nullable=True),
        sa.Column("followers_count", sa.BigInteger(), nullable=True),
        sa.Column("following_count", sa.BigInteger(), nullable=True),
        sa.Column("content_count", sa.BigInteger(), nullable=True),
        sa.Column("counts_approximate", sa.Boolean(), nullable=False),
        sa.Column("shipping_signals", JSON_DOC, nullable=True),
        sa.Column("technical_keywords", JSON_DOC, nullable=True),
        sa.Column("extracted_links", JSON_DOC, nullable=True),
        sa.Column("first_discovered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_enriched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enrichment_quality", sa.String(length=16), nullable=False),
        sa.Column("pipeline_stage", sa.String(length=16), nullable=False),
        sa.Column("enriched_by", sa.String(length=64), nullable=True),
        sa.Column("raw", JSON_DOC, nullable=True),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("classification", sa.String(length=32), nullable=True),
        sa.Column("classification_confidence", sa.Float(), nullable=True),
        sa.Column("traction_probability", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint(
            "source_id", "source_platform", name=op.f("uq_profiles_source_id_source_platform")
        ),
    )
    op.create_index(op.f("ix_profiles_canonical_id"), "profiles", ["canonical_id"], unique=False)
    op.create_index(
        "ix_profiles_platform_handle_key", "profiles", ["source_platform", "handle_key"], unique=False
    )
    op.create_index(
        "uq_profiles_scraped_handle",
        "profiles",
        ["source_platform", "handle_key"],
        unique=True,
        sqlite_where=sa.text("source_id IS NULL"),
        postgresql_where=sa.text("source_id IS NULL"),
    )

    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("params", JSON_DOC, nullable=True),
        sa.Column("stats", JSON_DOC, nullable=True),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_runs")),
    )
    op.create_table(
        "classifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reasons", JSON_DOC, nullable=True),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_classifications_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classifications")),
    )
    op.create_index(op.f("ix_classifications_profile_id"), "classifications", ["profile_id"], unique=False)

    op.create_table(
        "follower_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("followers_count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_follower_snapshots_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follower_snapshots")),
        sa.UniqueConstraint("profile_id", "taken_on", name=op.f("uq_follower_snapshots_profile_id_taken_on")),
    )
    op.create_index(
        op.f("ix_follower_snapshots_profile_id"), "follower_snapshots", ["profile_id"], unique=False
    )

    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_profile_id", sa.Integer(), nullable=False),
        sa.Column("target_platform", sa.String(length=32), nullable=False),
        sa.Column("target_handle", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_profile_id"],
            ["profiles.id"],
            name=op.f("fk_interactions_source_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
        sa.UniqueConstraint(
            "source_profile_id", "target_platform", "target_handle", "kind", name="uq_interactions_edge"
        ),
    )
    op.create_index(
        op.f("ix_interactions_source_profile_id"), "interactions", ["source_profile_id"], unique=False
    )

    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("traction", sa.Boolean(), nullable=True),
        sa.Column("not_builder", sa.Boolean(), nullable=False),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_labels_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
    )
    op.create_index(op.f("ix_labels_profile_id"), "labels", ["profile_id"], unique=False)

    op.create_table(
        "linked_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=255), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_linked_profiles_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linked_profiles")),
        sa.UniqueConstraint(
            "profile_id", "platform", "handle", name=op.f("uq_linked_profiles_profile_id_platform_handle")
        ),
    )
    op.create_index(op.f("ix_linked_profiles_profile_id"), "linked_profiles", ["profile_id"], unique=False)

    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("like_count", sa.BigInteger(), nullable=True),
        sa.Column("reply_count", sa.BigInteger(), nullable=True),
        sa.Column("repost_count", sa.BigInteger(), nullable=True),
        sa.Column("view_count", sa.BigInteger(), nullable=True),
        sa.Column("mentions", JSON_DOC, nullable=True),
        sa.Column("urls", JSON_DOC, nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_posts_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("profile_id", "post_id", name=op.f("uq_posts_profile_id_post_id")),
    )
    op.create_index(op.f("ix_posts_profile_id"), "posts", ["profile_id"], unique=False)

    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("overall", sa.Float(), nullable=False),
        sa.Column("llm_score", sa.Float(), nullable=True),
        sa.Column("semantic_score", sa.Float(), nullable=True),
        sa.Column("technical_score", sa.Float(), nullable=True),
        sa.Column("engagement_score", sa.Float(), nullable=True),
        sa.Column("links_score", sa.Float(), nullable=True),
        sa.Column("completeness_score", sa.Float(), nullable=True),
        sa.Column("evidence", JSON_DOC, nullable=True),
        sa.Column("rescaled", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_scores_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
    )
    op.create_index(op.f("ix_scores_profile_id"), "scores", ["profile_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_scores_profile_id"), table_name="scores")

    op.drop_table("scores")
    op.drop_index(op.f("ix_posts_profile_id"), table_name="posts")

    op.drop_table("posts")
    op.drop_index(op.f("ix_linked_profiles_profile_id"), table_name="linked_profiles")

    op.drop_table("linked_profiles")
    op.drop_index(op.f("ix_labels_profile_id"), table_name="labels")

    op.drop_table("labels")
    op.drop_index(op.f("ix_interactions_source_profile_id"), table_name="interactions")

    op.drop_table("interactions")
    op.drop_index(op.f("ix_follower_snapshots_profile_id"), table_name="follower_snapshots")

    op.drop_table("follower_snapshots")
    op.drop_index(op.f("ix_classifications_profile_id"), table_name="classifications")

    op.drop_table("classifications")
    op.drop_table("runs")
    op.drop_index("uq_profiles_scraped_handle", table_name="profiles")
    op.drop_index("ix_profiles_platform_handle_key", table_name="profiles")
    op.drop_index(op.f("ix_profiles_canonical_id"), table_name="profiles")

    op.drop_table("profiles")
    op.drop_index(op.f("ix_pipeline_errors_run_id"), table_name="pipeline_errors")
    op.drop_index(op.f("ix_pipeline_errors_at"), table_name="pipeline_errors")

    op.drop_table("pipeline_errors")
    op.drop_index(op.f("ix_mining_results_run_id"), table_name="mining_results")

    op.drop_table("mining_results")
    op.drop_table("dead_letters")
    op.drop_index(op.f("ix_cost_ledger_run_id"), table_name="cost_ledger")
    op.drop_index(op.f("ix_cost_ledger_at"), table_name="cost_ledger")

    op.drop_table("cost_ledger")
