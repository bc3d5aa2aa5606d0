"""The analytics tables: insights computed from the store by ``scout analytics refresh``, read by the API.

Every row here can be rebuilt from the store's own tables; none is a source of truth. Sort and filter
columns carry the indexes the API's queries use (chosen from EXPLAIN on PostgreSQL at 100,000 builders;
see the note in ``BuilderFactRow``). The alerts table is the exception: alerts are events, kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from scout_core.schema import utcnow
from scout_core.store.models import Base


class BuilderFactRow(Base):
    """One canonical builder as the insights see it: their best profile's fields and what was computed."""

    __tablename__ = "analytics_builders"
    # The sort indexes ("overall_score DESC NULLS LAST, canonical_id" and the like) differ by dialect
    # (SQLite has no NULLS LAST in an index, and needs none: NULL sorts lowest there), so the migration
    # creates them (``0007_analytics.SORT_INDEXES``).
    canonical_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(500))
    handle: Mapped[str] = mapped_column(String(128))
    primary_platform: Mapped[str] = mapped_column(String(32))
    platforms: Mapped[list[Any]]  # sorted platform names
    platform_count: Mapped[int] = mapped_column(Integer)
    profile_count: Mapped[int] = mapped_column(Integer)
    bio: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)  # lower-case names, handles and bios, for `q`
    overall_score: Mapped[float | None] = mapped_column(Float)
    classification: Mapped[str | None] = mapped_column(String(32))
    account_kind: Mapped[str | None] = mapped_column(String(16))
    followers_count: Mapped[int | None] = mapped_column(BigInteger)
    follower_tier: Mapped[str | None] = mapped_column(String(16))
    follower_growth_7d: Mapped[float | None] = mapped_column(Float)  # ratio - 1 over the last 7 days of snapshots
    followers_gain_7d: Mapped[int | None] = mapped_column(Integer)
    traction_probability: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(64))
    discovered_at: Mapped[datetime]
    last_enriched_at: Mapped[datetime | None]
    launches_total: Mapped[int] = mapped_column(Integer, default=0)
    launches_90d: Mapped[int] = mapped_column(Integer, default=0)
    last_launch_at: Mapped[datetime | None]
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)


class GraphNodeRow(Base):
    """A builder's place in the interaction graph (only builders with at least one interaction).

    Apart from the facts, so the hourly graph recomputation replaces this table wholesale (a bulk
    insert) instead of updating 100,000 fact rows one by one. Sort indexes: see the migration.
    """

    __tablename__ = "analytics_graph"
    __table_args__ = (Index("ix_analytics_graph_community", "community_id"),)

    canonical_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    pagerank: Mapped[float] = mapped_column(Float)
    betweenness: Mapped[float] = mapped_column(Float)
    community_id: Mapped[int] = mapped_column(Integer)
    degree: Mapped[int] = mapped_column(Integer)


class BuilderPlatformRow(Base):
    """Which platforms a builder is on (one row each), so ``platform=`` filters by index."""

    __tablename__ = "analytics_builder_platforms"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    canonical_id: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)


class LaunchRow(Base):
    """Something a builder shipped, with its date: a repository, a model or a Product Hunt launch."""

    __tablename__ = "analytics_launches"
    __table_args__ = (
        Index("ix_analytics_launches_builder", "canonical_id", "launched_at"),
        Index("ix_analytics_launches_at", "launched_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_id: Mapped[str] = mapped_column(String(128))
    profile_id: Mapped[int] = mapped_column(Integer, index=True)
    platform: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # repo | model | launch
    name: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    launched_at: Mapped[datetime]


class NeighborRow(Base):
    """A builder's strongest links in the interaction graph (both directions), for 'related builders'."""

    __tablename__ = "analytics_neighbors"

    canonical_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    other_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    weight: Mapped[int] = mapped_column(Integer)  # interactions either way
    outgoing: Mapped[int] = mapped_column(Integer)  # from this builder to the other
    incoming: Mapped[int] = mapped_column(Integer)


class CommunityRow(Base):
    """A Louvain community of the interaction graph: its size, top topics and best-connected members."""

    __tablename__ = "analytics_communities"

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    top_topics: Mapped[list[Any]]  # [[topic, share], ...]
    top_members: Mapped[list[Any]]  # canonical ids by PageRank
    internal_edges: Mapped[int] = mapped_column(Integer)


class TopicWeekRow(Base):
    """Posts that mention a topic in one ISO week (topic '' counts every post): momentum's raw counts."""

    __tablename__ = "analytics_topic_weeks"

    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    week_start: Mapped[datetime] = mapped_column(primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer)


class TopicMomentumRow(Base):
    """A topic's momentum over the last weeks: share of posts per week, growth and acceleration."""

    __tablename__ = "analytics_topics"
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    weekly_share: Mapped[list[Any]]  # per-1,000-posts share, oldest week first
    mentions: Mapped[int] = mapped_column(Integer)
    growth: Mapped[float] = mapped_column(Float)
    acceleration: Mapped[float] = mapped_column(Float)
    roi: Mapped[float | None] = mapped_column(Float)  # the recommender's ranking value (None: never mined)
    runs: Mapped[int] = mapped_column(Integer, default=0)


class SourceQualityRow(Base):
    """One enrichment source: what it stored, how good, what it cost, how often it worked."""

    __tablename__ = "analytics_sources"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    profiles: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)
    high_score: Mapped[int] = mapped_column(Integer)
    avg_score: Mapped[float | None] = mapped_column(Float)
    errors: Mapped[int] = mapped_column(Integer)
    success_rate: Mapped[float | None] = mapped_column(Float)
    cost_usd: Mapped[float] = mapped_column(Float)
    cost_per_profile: Mapped[float | None] = mapped_column(Float)
    cost_per_high_score: Mapped[float | None] = mapped_column(Float)
    errors_by_kind: Mapped[dict[str, Any]]


class HourlyRow(Base):
    """Discoveries, scores and launches per UTC hour: the trends' raw series."""

    __tablename__ = "analytics_hourly"

    hour: Mapped[datetime] = mapped_column(primary_key=True)
    discoveries: Mapped[int] = mapped_column(Integer, default=0)
    scored: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[float] = mapped_column(Float, default=0.0)
    launches: Mapped[int] = mapped_column(Integer, default=0)


class SummaryRow(Base):
    """The summary of one period (24h, 7d, 30d, 90d) as of the last refresh."""

    __tablename__ = "analytics_summaries"

    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    payload: Mapped[dict[str, Any]]
    computed_at: Mapped[datetime]


class AnalyticsStateRow(Base):
    """What the last refresh saw (watermarks) and how long it took, so the next one does only what changed."""

    __tablename__ = "analytics_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertRow(Base):
    """An alert: opened when a rule fires, deduplicated by key while open, resolved when it clears.

    At most one open alert per ``dedup_key`` (a partial unique index); a resolved one stays as history.
    """

    __tablename__ = "alerts"
    __table_args__ = (
        Index("uq_alerts_open_dedup_key", "dedup_key", unique=True,
              sqlite_where=text("resolved_at IS NULL"), postgresql_where=text("resolved_at IS NULL")),
        Index("ix_alerts_opened_at", "opened_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(16))  # info | warning | critical
    dedup_key: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
