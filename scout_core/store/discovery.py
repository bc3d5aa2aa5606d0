"""The store's reads and writes for discovery: seen-confirmation, refresh, topics, yields, the social graph.

Functions over a Repository, each one transaction (they use the repository's transaction, so its error
translation applies). They live apart from ``repository.py`` so discovery's queries stay in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from scout_core.errors import InputError
from scout_core.handles import validate_platform
from scout_core.schema import utcnow
from scout_core.store.models import DeadLetterRow, InteractionRow, MiningResultRow, PostRow, Profile, TopicRow
from scout_core.store.repository import Repository, _valid_keys
from scout_core.store.sql import upsert_statement

_IN_CHUNK = 500
TOPIC_ORIGINS = ("seed", "search", "llm", "trending")


@dataclass(frozen=True)
class StoredStatus:
    """What the seen-check needs to know of a stored profile."""

    profile_id: int
    platform: str
    handle: str
    last_enriched_at: datetime | None
    enriched_by: str | None
    overall_score: float | None
    enrichment_quality: str = "full"  # partial / minimal: something (e.g. the timeline) could not be fetched

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.handle.lower()}"


@dataclass(frozen=True)
class TopicYield:
    """A topic's record over every cycle that mined it."""

    topic: str
    runs: int
    candidates_found: int
    profiles_stored: int
    high_scorers: int
    last_mined: datetime | None


def _status(row: Profile) -> StoredStatus:
    return StoredStatus(row.id, row.source_platform, row.handle, row.last_enriched_at, row.enriched_by,
                        row.overall_score, row.enrichment_quality)


def stored_status(repo: Repository, platform: str, handles: Iterable[str]) -> dict[str, StoredStatus]:
    """By lower-case handle key: the stored profile of each handle (the most recently updated if several)."""
    keys = sorted(_valid_keys(validate_platform(platform), handles))
    found: dict[str, StoredStatus] = {}
    with repo._transaction() as session:
        for start in range(0, len(keys), _IN_CHUNK):
            stmt = (select(Profile)
                    .where(Profile.source_platform == platform, Profile.handle_key.in_(keys[start:start + _IN_CHUNK]))
                    .order_by(Profile.updated_at, Profile.id))
            for row in session.scalars(stmt):
                found[row.handle_key] = _status(row)  # later (newer) rows win
    return found


def least_recently_enriched(repo: Repository, before: datetime, limit: int,
                            partial_before: datetime | None = None) -> list[StoredStatus]:
    """Stored profiles last enriched before ``before`` (partial or minimal ones: before ``partial_before``),
    oldest first."""
    due = Profile.last_enriched_at < before
    if partial_before is not None:
        due = or_(due, and_(Profile.enrichment_quality.in_(("partial", "minimal")),
                            Profile.last_enriched_at < partial_before))
    with repo._transaction() as session:
        stmt = select(Profile).where(due).order_by(Profile.last_enriched_at, Profile.id).limit(limit)
        return [_status(row) for row in session.scalars(stmt)]


def seen_keys(repo: Repository, batch: int = 5_000) -> Iterator[str]:
    """Every ``platform:handle`` key the store has seen: stored profiles and pending dead letters."""
    with repo._transaction() as session:
        stmt = select(Profile.source_platform, Profile.handle_key).execution_options(yield_per=batch)
        for platform, key in session.execute(stmt):
            yield f"{platform}:{key}"
        dead = select(DeadLetterRow.candidate_key).where(DeadLetterRow.replayed_at.is_(None))
        yield from session.scalars(dead.execution_options(yield_per=batch))


def topic_yields(repo: Repository) -> dict[str, TopicYield]:
    """Per topic (case-insensitive), its summed mining results."""
    key = func.lower(func.trim(MiningResultRow.topic))
    stmt = select(key, func.count(MiningResultRow.id), func.sum(MiningResultRow.candidates_found),
                  func.sum(MiningResultRow.profiles_stored), func.sum(MiningResultRow.high_scorers),
                  func.max(MiningResultRow.created_at)).group_by(key)
    with repo._transaction() as session:
        return {topic: TopicYield(topic, int(runs), int(found or 0), int(stored or 0), int(high or 0), last)
                for topic, runs, found, stored, high, last in session.execute(stmt)}


def remember_topics(repo: Repository, topics: Iterable[str], origin: str, at: datetime | None = None) -> int:
    """Add topics to the pool (or count another suggestion of known ones); returns how many were given."""
    if origin not in TOPIC_ORIGINS:
        raise InputError(f"unknown topic origin {origin!r}: one of {', '.join(TOPIC_ORIGINS)}")
    at = at or utcnow()
    names = list(dict.fromkeys(t for t in (normalize_topic(t) for t in topics) if t))
    table = TopicRow.__table__
    with repo._transaction() as session:
        for name in names:
            values = {"topic": name, "origin": origin, "times_suggested": 1, "first_seen": at, "last_seen": at}
            session.execute(upsert_statement(
                session, table, values, ("topic",),  # type: ignore[arg-type]
                lambda new: {"times_suggested": table.c.times_suggested + 1, "last_seen": new.last_seen}))
    return len(names)


def known_topics(repo: Repository) -> dict[str, str]:
    """Topic → origin, for every topic in the pool, oldest first."""
    with repo._transaction() as session:
        rows = session.execute(select(TopicRow.topic, TopicRow.origin).order_by(TopicRow.first_seen, TopicRow.id))
        return {topic: origin for topic, origin in rows}


def normalize_topic(topic: str) -> str:
    """Topics compare trimmed, single-spaced and lower-case."""
    return " ".join(str(topic).split()).lower()[:200]


def posts_since(repo: Repository, since: datetime) -> list[tuple[str, datetime]]:
    """(text, created_at) of every stored post created since ``since``."""
    with repo._transaction() as session:
        stmt = select(PostRow.text, PostRow.created_at).where(PostRow.created_at >= since)
        return [(text or "", at) for text, at in session.execute(stmt)]


def parent_yields(repo: Repository, min_score: float, high_score: float) -> dict[str, dict[str, int]]:
    """Per profile scoring at least ``min_score``: edges out, how many targets got stored, how many score high."""
    source, target = aliased(Profile), aliased(Profile)
    stmt = (
        select(source.source_platform, source.handle_key, func.count(func.distinct(InteractionRow.id)),
               func.count(func.distinct(target.id)),
               func.count(func.distinct(target.id)).filter(target.overall_score >= high_score))
        .join(InteractionRow, InteractionRow.source_profile_id == source.id)
        .outerjoin(target, and_(target.source_platform == InteractionRow.target_platform,
                                target.handle_key == InteractionRow.target_handle))
        .where(source.overall_score >= min_score)
        .group_by(source.source_platform, source.handle_key)
    )
    with repo._transaction() as session:
        return {f"{platform}:{key}": {"edges": int(edges), "stored": int(stored), "high_scorers": int(high)}
                for platform, key, edges, stored, high in session.execute(stmt)}
