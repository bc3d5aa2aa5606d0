"""The canonical records every source normalizes into, and what moves between stages."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scout_core.handles import Platform, clean_handle
from scout_core.storable import MAX_COUNT, Line, Text

MAX_BIO_CHARS = 10_000  # real bios are <= 500 chars; anything near this is hostile or broken
MAX_TEXT_CHARS = 25_000


def utcnow() -> datetime:
    return datetime.now(UTC)


class EnrichmentQuality(StrEnum):
    """How complete an enrichment was, best first (graceful degradation records which rung it reached)."""

    FULL = "full"
    PARTIAL = "partial"
    STALE = "stale"
    MINIMAL = "minimal"


class PipelineStage(StrEnum):
    DISCOVERED = "discovered"
    ENRICHED = "enriched"
    NORMALIZED = "normalized"
    FILTERED_OUT = "filtered_out"
    SCORED = "scored"
    CLASSIFIED = "classified"
    STORED = "stored"


class Classification(StrEnum):
    EARLY_FOUNDER = "early_founder"
    AI_RESEARCHER = "ai_researcher"
    AI_OPERATOR = "ai_operator"
    ANGEL_INVESTOR = "angel_investor"
    NOISE = "noise"


class AccountKind(StrEnum):
    """Who is behind an account (scoring/account_kind.py); only a person can be a builder."""

    PERSON = "person"
    ORGANIZATION = "organization"
    BOT = "bot"  # automated, or an AI persona
    UNKNOWN = "unknown"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class LinkedProfile(_Record):
    """A profile of the same person on another platform, as one source declares it."""

    platform: Platform
    handle: str
    url: Line | None = None
    verified: bool = False  # True when the other side links back, or the platform asserts it

    @model_validator(mode="after")
    def _valid_handle(self) -> LinkedProfile:
        self.handle = clean_handle(self.platform, self.handle)
        return self


class ExtractedLink(_Record):
    url: Line
    display_url: Line | None = None
    kind: str = "other"  # repo | model | launch | profile | website | other
    found_in: str = "bio"  # bio | website | post


class Post(_Record):
    post_id: Line
    text: Text = Field("", max_length=MAX_TEXT_CHARS)
    created_at: datetime | None = None
    like_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    reply_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    repost_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    view_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    mentions: list[Line] = Field(default_factory=list)
    urls: list[Line] = Field(default_factory=list)


class InternalProfile(_Record):
    """One person's profile on one platform, in the one schema every source normalizes into."""

    canonical_id: Line | None = None
    source_id: Line | None = None
    source_platform: Platform
    handle: str
    # Text fields drop the control characters databases refuse (storable.py); counts fit a BIGINT.
    display_name: Line | None = Field(None, max_length=500)
    bio: Text | None = Field(None, max_length=MAX_BIO_CHARS)
    website: Line | None = Field(None, max_length=2_000)
    location: Line | None = Field(None, max_length=500)
    created_at: datetime | None = None
    verified: bool | None = None
    avatar_url: Line | None = Field(None, max_length=2_000)
    linked_profiles: list[LinkedProfile] = Field(default_factory=list)
    followers_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    following_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    content_count: int | None = Field(None, ge=0, le=MAX_COUNT)
    counts_approximate: bool = False  # scraped "12.5K" counts are rounded
    recent_posts: list[Post] = Field(default_factory=list)
    extracted_links: list[ExtractedLink] = Field(default_factory=list)
    shipping_signals: list[Text] = Field(default_factory=list)
    technical_keywords: list[Line] = Field(default_factory=list)
    first_discovered_at: datetime | None = None
    last_enriched_at: datetime | None = None
    enrichment_quality: EnrichmentQuality = EnrichmentQuality.FULL
    pipeline_stage: PipelineStage = PipelineStage.NORMALIZED
    enriched_by: str | None = None  # the source (tier) that produced this profile
    # Markup the parser could not read while the rest of the page was (a post without its status link):
    # the profile is kept, PARTIAL, and the run records the drift for the canary and alerts.
    parse_drift: list[str] = Field(default_factory=list)

    @field_validator("handle", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _valid_handle(self) -> InternalProfile:
        self.handle = clean_handle(self.source_platform, self.handle)
        return self

    @property
    def key(self) -> tuple[str, str]:
        """Identity within a platform: the source id when known, else the lower-cased handle."""
        return (self.source_platform, self.source_id or f"@{self.handle.lower()}")

    def last_post_at(self) -> datetime | None:
        dates = [p.created_at for p in self.recent_posts if p.created_at]
        return max(dates) if dates else None


class Candidate(_Record):
    """Someone worth enriching, and how we came to them."""

    platform: Platform
    handle: str
    discovered_via: str = "search"  # search | mention | contributor | link | replay
    topic: str | None = None
    parent: str | None = None  # "platform:handle" of who led to them
    depth: int = Field(0, ge=0)
    priority: float = 1.0
    attempts: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _valid_handle(self) -> Candidate:
        self.handle = clean_handle(self.platform, self.handle)
        return self

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.handle.lower()}"


class RawPayload(_Record):
    """A payload exactly as a source returned it, kept in the raw lake before normalizing."""

    source: str
    handle: str | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
    content_type: str = "application/json"  # or text/html for scraped pages
    body: Any = None
    meta: dict[str, Any] = Field(default_factory=dict)  # e.g. {"calls": 2, "posts_read": 10}


class ScoreComponent(_Record):
    name: str
    points: float | None  # None when the component could not be computed (e.g. no LLM)
    max_points: float
    evidence: list[str] = Field(default_factory=list)


class ScoreCard(_Record):
    overall: float = Field(ge=0, le=100)
    components: list[ScoreComponent]
    rescaled: bool = False  # True when a component was missing and the rest were rescaled to 100
    rescaled_from: list[str] = Field(default_factory=list)  # the known components the overall was rescaled from
    note: str | None = None

    def component(self, name: str) -> ScoreComponent | None:
        return next((c for c in self.components if c.name == name), None)


class ClassificationResult(_Record):
    label: Classification
    confidence: float = Field(ge=0, le=1)
    reasons: list[str] = Field(default_factory=list)
    account_kind: AccountKind = AccountKind.UNKNOWN
    account_evidence: list[str] = Field(default_factory=list)


class EnrichmentOutcome(_Record):
    """What came back from enriching one candidate: profiles, or the error that stopped it."""

    candidate: Candidate
    profiles: list[InternalProfile] = Field(default_factory=list)
    raw: list[RawPayload] = Field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None
    source: str | None = None
    cost_usd: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.profiles)
