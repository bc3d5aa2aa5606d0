"""The tables. Alembic owns the schema (see migrations/); these models are its source of truth.

Enumerations are stored as short strings (no native ENUM types) so adding a value needs no migration.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from scout_core.schema import utcnow
from scout_core.store.types import JsonDocument, UTCDateTime

# Named constraints, so migrations (and SQLite batch mode) can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JsonDocument, list[Any]: JsonDocument}


def _profile_fk() -> Any:
    return ForeignKey("profiles.id", ondelete="CASCADE")


class Profile(Base):
    """One person's account on one platform; ``canonical_id`` groups the accounts of one builder."""

    __tablename__ = "profiles"
    __table_args__ = (
        UniqueConstraint("source_id", "source_platform"),
        # Scraped profiles have no source id: they are unique by handle instead (partial index,
        # so a renamed-away handle may reappear on another id'd account).
        Index(
            "uq_profiles_scraped_handle", "source_platform", "handle_key", unique=True,
            sqlite_where=text("source_id IS NULL"), postgresql_where=text("source_id IS NULL"),
        ),
        Index("ix_profiles_platform_handle_key", "source_platform", "handle_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_id: Mapped[str] = mapped_column(String(128), index=True)
    source_platform: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str | None] = mapped_column(String(128))
    handle: Mapped[str] = mapped_column(String(128))
    handle_key: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(500))
    bio: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(2000))
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime | None]
    verified: Mapped[bool | None] = mapped_column(Boolean)
    avatar_url: Mapped[str | None] = mapped_column(String(2000))
    followers_count: Mapped[int | None] = mapped_column(BigInteger)
    following_count: Mapped[int | None] = mapped_column(BigInteger)
    content_count: Mapped[int | None] = mapped_column(BigInteger)
    counts_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    shipping_signals: Mapped[list[Any] | None]
    technical_keywords: Mapped[list[Any] | None]
    extracted_links: Mapped[list[Any] | None]
    first_discovered_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_enriched_at: Mapped[datetime | None]
    enrichment_quality: Mapped[str] = mapped_column(String(16))
    pipeline_stage: Mapped[str] = mapped_column(String(16))
    enriched_by: Mapped[str | None] = mapped_column(String(64))
    raw: Mapped[dict[str, Any] | None]
    overall_score: Mapped[float | None] = mapped_column(Float)
    classification: Mapped[str | None] = mapped_column(String(32))
    classification_confidence: Mapped[float | None] = mapped_column(Float)
    account_kind: Mapped[str | None] = mapped_column(String(16))  # person | organization | bot | unknown
    traction_probability: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    linked: Mapped[list[LinkedProfileRow]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", passive_deletes=True
    )


class LinkedProfileRow(Base):
    __tablename__ = "linked_profiles"
    __table_args__ = (UniqueConstraint("profile_id", "platform", "handle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(255))  # stored as its lower-case key
    url: Mapped[str | None] = mapped_column(String(2000))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    profile: Mapped[Profile] = relationship(back_populates="linked")


class PostRow(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("profile_id", "post_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    post_id: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime | None]
    like_count: Mapped[int | None] = mapped_column(BigInteger)
    reply_count: Mapped[int | None] = mapped_column(BigInteger)
    repost_count: Mapped[int | None] = mapped_column(BigInteger)
    view_count: Mapped[int | None] = mapped_column(BigInteger)
    mentions: Mapped[list[Any] | None]
    urls: Mapped[list[Any] | None]


class ScoreRow(Base):
    """One scoring of a profile; the latest one is the profile's current score."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)
    overall: Mapped[float] = mapped_column(Float)
    llm_score: Mapped[float | None] = mapped_column(Float)
    semantic_score: Mapped[float | None] = mapped_column(Float)
    technical_score: Mapped[float | None] = mapped_column(Float)
    engagement_score: Mapped[float | None] = mapped_column(Float)
    links_score: Mapped[float | None] = mapped_column(Float)
    completeness_score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any] | None]
    rescaled: Mapped[bool] = mapped_column(Boolean, default=False)
    rescaled_from: Mapped[list[Any] | None]  # the known components the overall was rescaled from
    note: Mapped[str | None] = mapped_column(Text)


class ClassificationRow(Base):
    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    label: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any] | None]
    account_kind: Mapped[str | None] = mapped_column(String(16))
    account_evidence: Mapped[list[Any] | None]
    classified_at: Mapped[datetime] = mapped_column(default=utcnow)


class InteractionRow(Base):
    """An edge of the social graph: one profile mentioning, contributing with or linking to another."""

    __tablename__ = "interactions"
    __table_args__ = (
        UniqueConstraint(
            "source_profile_id", "target_platform", "target_handle", "kind", name="uq_interactions_edge"
        ),
        Index("ix_interactions_target", "target_platform", "target_handle"),  # who points at a profile
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    target_platform: Mapped[str] = mapped_column(String(32))
    target_handle: Mapped[str] = mapped_column(String(255))  # lower-case key
    kind: Mapped[str] = mapped_column(String(16))  # mention | contributor | link
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


class MiningResultRow(Base):
    __tablename__ = "mining_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    topic: Mapped[str] = mapped_column(String(500))
    candidates_found: Mapped[int] = mapped_column(Integer, default=0)
    profiles_stored: Mapped[int] = mapped_column(Integer, default=0)
    high_scorers: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowerSnapshotRow(Base):
    """Follower count history (one per profile per UTC day): the raw material of traction."""

    __tablename__ = "follower_snapshots"
    __table_args__ = (UniqueConstraint("profile_id", "taken_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    taken_on: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    followers_count: Mapped[int] = mapped_column(BigInteger)


class PipelineErrorRow(Base):
    __tablename__ = "pipeline_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(64))
    platform: Mapped[str | None] = mapped_column(String(32))
    handle: Mapped[str | None] = mapped_column(String(255))
    error_kind: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DeadLetterRow(Base):
    __tablename__ = "dead_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_key: Mapped[str] = mapped_column(String(300), unique=True)
    platform: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, Any] | None]
    error: Mapped[str] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    suggested_action: Mapped[str | None] = mapped_column(String(500))
    replayed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]  # no replay can help (deadletters.policy); kept so it stays seen
    closed_reason: Mapped[str | None] = mapped_column(String(500))


class CostRow(Base):
    __tablename__ = "cost_ledger"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(64))
    operation: Mapped[str] = mapped_column(String(64))
    units: Mapped[float] = mapped_column(Float, default=0.0)
    usd: Mapped[float] = mapped_column(Float, default=0.0)


class RunRow(Base):
    __tablename__ = "runs"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(32), default="running")
    params: Mapped[dict[str, Any] | None]
    stats: Mapped[dict[str, Any] | None]


class RunLeaseRow(Base):
    """Who may run now: one row per lease name, held while its holder renews it before ``expires_at``."""

    __tablename__ = "run_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class WorkQueueEntryRow(Base):
    """An entry of a durable work queue in the database (``queue.database``): free (``consumer`` NULL)
    or held by ``consumer`` since ``delivered_at`` (epoch seconds, the queue's clock) until acked (deleted).

    The pipeline journals its batches in flight here, so a Redis that lost its data loses no candidate.
    """

    __tablename__ = "work_queue_entries"
    __table_args__ = (Index("ix_work_queue_entries_state", "queue", "consumer", "delivered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    queue: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    consumer: Mapped[str | None] = mapped_column(String(64))
    delivered_at: Mapped[float | None] = mapped_column(Float)
    deliveries: Mapped[int] = mapped_column(Integer, default=0)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)


class LabelRow(Base):
    """A reviewer's ground truth about a profile, for training the traction model."""

    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(_profile_fk(), index=True)
    traction: Mapped[bool | None] = mapped_column(Boolean)
    not_builder: Mapped[bool] = mapped_column(Boolean, default=False)
    labelled_at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str | None] = mapped_column(String(128))


class TopicRow(Base):
    """A topic Scout may mine (seed, search-mined, LLM-suggested or trending); yields live in mining_results."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(200), unique=True)  # normalized: trimmed, lower-case
    origin: Mapped[str] = mapped_column(String(16))  # seed | search | llm | trending
    times_suggested: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


class IdentityNodeRow(Base):
    """One account as identity resolution knows it; ``id`` is the order it was first seen."""

    __tablename__ = "identity_nodes"
    __table_args__ = (
        Index("ix_identity_nodes_platform_source_id", "platform", "source_id"),
        Index("ix_identity_nodes_platform_handle_key", "platform", "handle_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # "platform:source_id" or "platform:@handle"
    canonical_id: Mapped[str] = mapped_column(String(128), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    handle_key: Mapped[str] = mapped_column(String(128))
    source_id: Mapped[str | None] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(500))
    bio: Mapped[str | None] = mapped_column(Text)
    site_key: Mapped[str | None] = mapped_column(String(512), index=True)
    block: Mapped[str | None] = mapped_column(String(200), index=True)
    links: Mapped[list[Any] | None]  # [[platform, handle_key, via, alt], ...]
    previous_handles: Mapped[list[Any] | None]


class IdentityHandleRow(Base):
    """Index rows: a handle a node declares (kind 'link') or once had (kind 'previous')."""

    __tablename__ = "identity_handles"
    __table_args__ = (Index("ix_identity_handles_lookup", "kind", "platform", "handle_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("identity_nodes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    platform: Mapped[str] = mapped_column(String(32))
    handle_key: Mapped[str] = mapped_column(String(128))


class IdentityMergeRow(Base):
    """Why two accounts were joined (level, evidence, confidence); retired when a split or a shared site undoes it."""

    __tablename__ = "identity_merges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    left_key: Mapped[str] = mapped_column(String(200), index=True)
    right_key: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    evidence: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    corroboration: Mapped[str | None] = mapped_column(Text)
    site_key: Mapped[str | None] = mapped_column(String(512), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    retired_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentitySplitRow(Base):
    """An operator's verdict that two accounts are different people: no resolution joins them again."""

    __tablename__ = "identity_splits"
    __table_args__ = (UniqueConstraint("left_key", "right_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    left_key: Mapped[str] = mapped_column(String(200), index=True)
    right_key: Mapped[str] = mapped_column(String(200), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentitySharedSiteRow(Base):
    """A website claimed by people whose names disagree (a company site): never identity evidence."""

    __tablename__ = "identity_shared_sites"

    site_key: Mapped[str] = mapped_column(String(512), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
