"""The API's response and request bodies (pydantic): what OpenAPI shows and what every answer is checked against.

Variants follow one builder from small to whole: ``BuilderSummary`` (a list item), ``BuilderInsight`` (a
list item with the figure the insight ranks by), ``BuilderDetail`` (everything about one builder).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ApiError(BaseModel):
    error: str = Field(description="A short machine-readable kind: not_found, invalid_parameter, unauthorized, ...")
    detail: str = Field(description="One line for a person.")


class BuilderSummary(BaseModel):
    canonical_id: str
    display_name: str | None
    handle: str
    primary_platform: str
    platforms: list[str]
    overall_score: float | None
    classification: str | None
    account_kind: str | None
    followers_count: int | None
    follower_tier: str | None
    follower_growth_7d: float | None = Field(description="Follower growth over the last 7 days of snapshots "
                                                         "(0.25 = +25%); null without a reading 7 days back.")
    traction_probability: float | None
    model_version: str | None
    discovered_at: datetime
    launches_90d: int
    last_launch_at: datetime | None


class BuilderPage(BaseModel):
    items: list[BuilderSummary]
    total: int = Field(description="Builders matching the filters.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class BuilderInsight(BuilderSummary):
    followers_gain_7d: int | None = None
    launches_total: int = 0
    platform_count: int = 1
    pagerank: float | None = None
    betweenness: float | None = None
    community_id: int | None = None
    degree: int | None = None


class InsightList(BaseModel):
    insight: str
    parameters: dict[str, Any]
    items: list[BuilderInsight]


class ScoreComponentOut(BaseModel):
    points: float | None
    max_points: float | None
    evidence: list[str]


class ProfileOut(BaseModel):
    profile_id: int
    platform: str
    handle: str
    source_id: str | None
    display_name: str | None
    bio: str | None
    website: str | None
    location: str | None
    verified: bool | None
    followers_count: int | None
    following_count: int | None
    content_count: int | None
    enrichment_quality: str
    enriched_by: str | None
    overall_score: float | None
    score_components: dict[str, ScoreComponentOut]
    score_rescaled_from: list[str]
    score_note: str | None
    classification: str | None
    classification_confidence: float | None
    classification_reasons: list[str]
    account_kind: str | None
    account_evidence: list[Any]
    traction_probability: float | None
    model_version: str | None
    first_discovered_at: datetime
    last_enriched_at: datetime | None


class MergeOut(BaseModel):
    left: str
    right: str
    level: int
    kind: str
    evidence: str
    confidence: float
    corroboration: str | None
    at: datetime


class FollowerReading(BaseModel):
    profile_id: int
    platform: str
    at: datetime
    followers: int


class LaunchOut(BaseModel):
    kind: Literal["repo", "model", "launch"]
    platform: str
    name: str
    url: str | None
    at: datetime


class InteractionOut(BaseModel):
    platform: str
    handle: str
    kind: str
    count: int
    last_seen: datetime
    canonical_id: str | None = None


class Interactions(BaseModel):
    outgoing: list[InteractionOut]
    incoming: list[InteractionOut]


class RelatedBuilder(BaseModel):
    canonical_id: str
    display_name: str | None
    handle: str
    overall_score: float | None
    weight: int
    outgoing: int
    incoming: int


class BuilderDetail(BuilderInsight):
    bio: str | None
    profile_count: int
    last_enriched_at: datetime | None
    profiles: list[ProfileOut]
    merges: list[MergeOut]
    follower_history: list[FollowerReading]
    launches: list[LaunchOut]
    interactions: Interactions
    related: list[RelatedBuilder]


class CommunityMember(BaseModel):
    canonical_id: str
    display_name: str | None = None
    handle: str | None = None
    overall_score: float | None = None


class TopicShare(BaseModel):
    topic: str
    share: float = Field(description="Share of the community's members whose keywords include the topic.")


class CommunityOut(BaseModel):
    community_id: int
    size: int
    internal_edges: int
    top_topics: list[TopicShare]
    top_members: list[CommunityMember]


class CommunityList(BaseModel):
    items: list[CommunityOut]


class TopicOut(BaseModel):
    topic: str
    weekly_share: list[float] = Field(description="Posts mentioning the topic per 1,000 posts, oldest week first.")
    mentions: int
    growth: float = Field(description="Mean share of the last third of the weeks over the first third.")
    acceleration: float = Field(description="Mean share of the last third over the middle third (>1: speeding up).")
    roi: float | None = Field(description="Profiles stored per mining run × smoothed high-score share.")
    runs: int


class TopicList(BaseModel):
    items: list[TopicOut]


class SourceOut(BaseModel):
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


class SourceList(BaseModel):
    items: list[SourceOut]
    high_score_line: float


class Summary(BaseModel):
    period: str
    computed_at: datetime | None
    since: datetime | None = None
    until: datetime | None = None
    new_builders: int = 0
    new_scored: int = 0
    avg_score: float | None = None
    new_high_score: int = 0
    launches: int = 0
    total_builders: int = 0
    by_classification: dict[str, int] = Field(default_factory=dict)
    by_tier: dict[str, int] = Field(default_factory=dict)
    by_platform: dict[str, int] = Field(default_factory=dict)
    cross_platform: int = 0


class TrendPoint(BaseModel):
    at: datetime
    value: float | None
    count: int


class Trend(BaseModel):
    metric: str
    granularity: str
    points: list[TrendPoint]


class SourceHealth(BaseModel):
    source: str
    attempts_24h: int
    errors_24h: int
    error_rate_24h: float | None
    errors_by_kind: dict[str, int]


class RunOut(BaseModel):
    run_id: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    stats: dict[str, Any]


class PipelineHealth(BaseModel):
    stages: dict[str, int] = Field(description="Stored profiles by pipeline stage.")
    discovered_1h: int
    discovered_24h: int
    sources: list[SourceHealth]
    queues: dict[str, int | None]
    dead_letters: dict[str, int]
    workers: dict[str, dict[str, Any]]
    workers_note: str
    cost_today_usd: float
    cost_today_by_source: dict[str, float]
    cost_per_profile_today: float | None
    last_runs: list[RunOut]
    analytics_refreshed_at: datetime | None


class AlertOut(BaseModel):
    id: int
    rule: str
    severity: str
    dedup_key: str
    summary: str
    details: dict[str, Any] | None
    opened_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None


class AlertList(BaseModel):
    items: list[AlertOut]


class LabelIn(BaseModel):
    """`{"traction": "yes"|"no"}` or `{"not_builder": true}`."""

    model_config = ConfigDict(extra="forbid")
    traction: Literal["yes", "no"] | None = None
    not_builder: Literal[True] | None = None

    @model_validator(mode="after")
    def _one(self) -> LabelIn:
        if (self.traction is None) == (self.not_builder is None):
            raise ValueError('give exactly one of {"traction": "yes"|"no"} or {"not_builder": true}')
        return self


class LabelOut(BaseModel):
    canonical_id: str
    labels_written: int
    traction: bool | None
    not_builder: bool


class SplitIn(BaseModel):
    """Two accounts (``platform:handle``) of one builder that are different people."""

    model_config = ConfigDict(extra="forbid")
    left: str = Field(max_length=200, examples=["x:ada_builds"])
    right: str = Field(max_length=200, examples=["github:ada"])
    reason: str | None = Field(None, max_length=500)


class SplitOut(BaseModel):
    left: str
    right: str
    canonical_ids: dict[str, str]


class ReplayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int | None = Field(None, ge=1, le=100_000)
    to: str | None = Field(None, max_length=32, description="Force this tier (e.g. x_web, github).")


class ReplayOut(BaseModel):
    status: Literal["started", "running", "nothing_to_replay", "finished", "failed", "idle"]
    open_letters: int
    pid: int | None = None
    started_at: datetime | None = None
    exit_code: int | None = None


class Liveness(BaseModel):
    status: Literal["ok"]
    version: str
