"""analytics: builder facts, launches, graph neighbours, communities, topic momentum, source quality,
hourly series, period summaries, refresh state; alerts; an index for interactions by target

Revision ID: 0007_analytics
Revises: 0006_run_lease
Create Date: 2026-02-22

Plain SQLAlchemy types only (see 0001). The analytics tables are derived data (``scout analytics
refresh`` rebuilds them); alerts are kept. The builders' sort indexes are dialect-specific: on
PostgreSQL ``col DESC NULLS LAST, canonical_id`` matches the API's ORDER BY exactly (chosen with EXPLAIN
at 100,000 builders: without them every sorted page was a full sort of the table); SQLite sorts NULL
lowest, so plain ``col DESC`` is the same order there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
AWARE = sa.DateTime(timezone=True)

revision: str = "0007_analytics"
down_revision: str | Sequence[str] | None = "0006_run_lease"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SORT_INDEXES = {  # index name -> the column the API sorts by (descending), ties by canonical id
    "ix_analytics_builders_score": "overall_score",
    "ix_analytics_builders_followers": "followers_count",
    "ix_analytics_builders_discovered": "discovered_at",
    "ix_analytics_builders_traction": "traction_probability",
    "ix_analytics_builders_growth": "follower_growth_7d",
    "ix_analytics_builders_launches": "launches_90d",
}


def upgrade() -> None:
    _builders()
    _graph_and_launches()
    _topics_sources_series()
    _alerts()
    op.create_index("ix_interactions_target", "interactions", ["target_platform", "target_handle"])


def _builders() -> None:
    op.create_table(
        "analytics_builders",
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=500), nullable=True),
        sa.Column("handle", sa.String(length=128), nullable=False),
        sa.Column("primary_platform", sa.String(length=32), nullable=False),
        sa.Column("platforms", JSON_DOC, nullable=False),
        sa.Column("platform_count", sa.Integer(), nullable=False),
        sa.Column("profile_count", sa.Integer(), nullable=False),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("classification", sa.String(length=32), nullable=True),
        sa.Column("account_kind", sa.String(length=16), nullable=True),
        sa.Column("followers_count", sa.BigInteger(), nullable=True),
        sa.Column("follower_tier", sa.String(length=16), nullable=True),
        sa.Column("follower_growth_7d", sa.Float(), nullable=True),
        sa.Column("followers_gain_7d", sa.Integer(), nullable=True),
        sa.Column("traction_probability", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("discovered_at", AWARE, nullable=False),
        sa.Column("last_enriched_at", AWARE, nullable=True),
        sa.Column("launches_total", sa.Integer(), nullable=False),
        sa.Column("launches_90d", sa.Integer(), nullable=False),
        sa.Column("last_launch_at", AWARE, nullable=True),
        sa.Column("refreshed_at", AWARE, nullable=False),
        sa.PrimaryKeyConstraint("canonical_id", name=op.f("pk_analytics_builders")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, column in SORT_INDEXES.items():
        order = f"{column} DESC NULLS LAST" if postgres else f"{column} DESC"
        op.create_index(name, "analytics_builders", [sa.text(order), "canonical_id"])
    op.create_index("ix_analytics_builders_tier_score", "analytics_builders",
                    ["follower_tier", sa.text("overall_score DESC NULLS LAST" if postgres else "overall_score DESC")])
    op.create_table(
        "analytics_builder_platforms",
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("platform", "canonical_id", name=op.f("pk_analytics_builder_platforms")),
    )
    op.create_index(op.f("ix_analytics_builder_platforms_canonical_id"), "analytics_builder_platforms",
                    ["canonical_id"])


def _graph_and_launches() -> None:
    op.create_table(
        "analytics_graph",
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.Column("pagerank", sa.Float(), nullable=False),
        sa.Column("betweenness", sa.Float(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("degree", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("canonical_id", name=op.f("pk_analytics_graph")),
    )
    op.create_index("ix_analytics_graph_community", "analytics_graph", ["community_id"])
    op.create_index("ix_analytics_graph_pagerank", "analytics_graph", [sa.text("pagerank DESC"), "canonical_id"])
    op.create_index("ix_analytics_graph_betweenness", "analytics_graph",
                    [sa.text("betweenness DESC"), "canonical_id"])
    op.create_table(
        "analytics_launches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("launched_at", AWARE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_launches")),
    )
    op.create_index("ix_analytics_launches_builder", "analytics_launches", ["canonical_id", "launched_at"])
    op.create_index("ix_analytics_launches_at", "analytics_launches", ["launched_at"])
    op.create_index(op.f("ix_analytics_launches_profile_id"), "analytics_launches", ["profile_id"])
    op.create_table(
        "analytics_neighbors",
        sa.Column("canonical_id", sa.String(length=128), nullable=False),
        sa.Column("other_id", sa.String(length=128), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("outgoing", sa.Integer(), nullable=False),
        sa.Column("incoming", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("canonical_id", "other_id", name=op.f("pk_analytics_neighbors")),
    )
    op.create_table(
        "analytics_communities",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("top_topics", JSON_DOC, nullable=False),
        sa.Column("top_members", JSON_DOC, nullable=False),
        sa.Column("internal_edges", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_analytics_communities")),
    )


def _topics_sources_series() -> None:
    op.create_table(
        "analytics_topic_weeks",
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("week_start", AWARE, nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("topic", "week_start", name=op.f("pk_analytics_topic_weeks")),
    )
    op.create_table(
        "analytics_topics",
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("weekly_share", JSON_DOC, nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("growth", sa.Float(), nullable=False),
        sa.Column("acceleration", sa.Float(), nullable=False),
        sa.Column("roi", sa.Float(), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_analytics_topics")),
    )
    op.create_table(
        "analytics_sources",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("profiles", sa.Integer(), nullable=False),
        sa.Column("scored", sa.Integer(), nullable=False),
        sa.Column("high_score", sa.Integer(), nullable=False),
        sa.Column("avg_score", sa.Float(), nullable=True),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("success_rate", sa.Float(), nullable=True),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.Column("cost_per_profile", sa.Float(), nullable=True),
        sa.Column("cost_per_high_score", sa.Float(), nullable=True),
        sa.Column("errors_by_kind", JSON_DOC, nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_analytics_sources")),
    )
    op.create_table(
        "analytics_hourly",
        sa.Column("hour", AWARE, nullable=False),
        sa.Column("discoveries", sa.Integer(), nullable=False),
        sa.Column("scored", sa.Integer(), nullable=False),
        sa.Column("score_sum", sa.Float(), nullable=False),
        sa.Column("launches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", name=op.f("pk_analytics_hourly")),
    )
    op.create_table(
        "analytics_summaries",
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("payload", JSON_DOC, nullable=False),
        sa.Column("computed_at", AWARE, nullable=False),
        sa.PrimaryKeyConstraint("period", name=op.f("pk_analytics_summaries")),
    )
    op.create_table(
        "analytics_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", JSON_DOC, nullable=False),
        sa.Column("updated_at", AWARE, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_analytics_state")),
    )


def _alerts() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("dedup_key", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", JSON_DOC, nullable=True),
        sa.Column("opened_at", AWARE, nullable=False),
        sa.Column("last_seen_at", AWARE, nullable=False),
        sa.Column("resolved_at", AWARE, nullable=True),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    op.create_index("uq_alerts_open_dedup_key", "alerts", ["dedup_key"], unique=True,
                    sqlite_where=sa.text("resolved_at IS NULL"), postgresql_where=sa.text("resolved_at IS NULL"))
    op.create_index("ix_alerts_opened_at", "alerts", ["opened_at"])


def downgrade() -> None:
    op.drop_index("ix_interactions_target", table_name="interactions")
    for table in ("alerts", "analytics_state", "analytics_summaries", "analytics_hourly", "analytics_sources",
                  "analytics_topics", "analytics_topic_weeks", "analytics_communities", "analytics_neighbors",
                  "analytics_launches", "analytics_graph", "analytics_builder_platforms", "analytics_builders"):
        op.drop_table(table)
