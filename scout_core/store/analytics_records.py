"""Plain records passed between the analytics computations and their repository (no SQLAlchemy in them).

They live below both (the analytics package computes them, ``AnalyticsRepository`` reads and writes
them), so neither imports the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ProfileInput:
    """One stored profile, as the builder facts read it."""

    profile_id: int
    canonical_id: str
    platform: str
    handle: str
    display_name: str | None
    bio: str | None
    followers_count: int | None
    overall_score: float | None
    classification: str | None
    account_kind: str | None
    traction_probability: float | None
    model_version: str | None
    first_discovered_at: datetime
    last_enriched_at: datetime | None


@dataclass(frozen=True)
class Snapshot:
    profile_id: int
    taken_at: datetime
    followers: int


@dataclass(frozen=True)
class Launch:
    """Something a builder shipped, with its date."""

    canonical_id: str
    profile_id: int
    platform: str
    kind: str  # repo | model | launch
    name: str
    url: str | None
    launched_at: datetime


@dataclass
class BuilderFacts:
    """One canonical builder's row of ``analytics_builders`` (graph fields are filled separately)."""

    canonical_id: str
    display_name: str | None
    handle: str
    primary_platform: str
    platforms: list[str]
    profile_count: int
    bio: str | None
    search_text: str
    overall_score: float | None
    classification: str | None
    account_kind: str | None
    followers_count: int | None
    follower_tier: str | None
    follower_growth_7d: float | None
    followers_gain_7d: int | None
    traction_probability: float | None
    model_version: str | None
    discovered_at: datetime
    last_enriched_at: datetime | None
    launches_total: int = 0
    launches_90d: int = 0
    last_launch_at: datetime | None = None


@dataclass(frozen=True)
class Edge:
    """Interactions from one builder to another (canonical ids), all kinds summed."""

    source: str
    target: str
    weight: int


@dataclass
class GraphMetrics:
    """PageRank, betweenness and community per builder; communities with their members; neighbours."""

    pagerank: dict[str, float] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    community: dict[str, int] = field(default_factory=dict)
    communities: list[dict[str, Any]] = field(default_factory=list)  # CommunityRow fields
    neighbors: list[tuple[str, str, int, int, int]] = field(default_factory=list)
    betweenness_samples: int | None = None  # k of the approximation (None: exact)


@dataclass(frozen=True)
class TopicMomentum:
    topic: str
    weekly_share: list[float]
    mentions: int
    growth: float
    acceleration: float
    roi: float | None
    runs: int


@dataclass(frozen=True)
class SourceQuality:
    source: str
    profiles: int
    scored: int
    high_score: int
    avg_score: float | None
    errors: int
    success_rate: float | None
    cost_usd: float
    cost_per_profile: float | None
    cost_per_high_score: float | None
    errors_by_kind: dict[str, int]


@dataclass
class HourBucket:
    discoveries: int = 0
    scored: int = 0
    score_sum: float = 0.0
    launches: int = 0


@dataclass(frozen=True)
class SourceTotals:
    """What the store knows per enrichment source: profiles and scores, errors by kind, dollars."""

    profiles: dict[str, tuple[int, int, int, float | None]]  # source -> (profiles, scored, high, avg score)
    errors: dict[str, dict[str, int]]  # source -> error kind -> count
    cost: dict[str, float]


@dataclass(frozen=True)
class Alert:
    """An alert as the API shows it."""

    id: int
    rule: str
    severity: str
    dedup_key: str
    summary: str
    details: dict[str, Any] | None
    opened_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None
