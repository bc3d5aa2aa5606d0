"""The seen-set: a Bloom filter in front of the store, and "seen" kept apart from "due for refresh".

A Bloom miss means never seen: the candidate is new, with no database query. A Bloom hit may be a false
positive, so it is confirmed against the store: a stored profile is seen (or due for refresh once its
``last_enriched_at`` is older than its source's interval), a pending dead letter is seen, and anything
else was a false positive and goes on as new. So a false positive costs one query, never a person.

The filter lives in Redis when ``settings.redis_url`` is set (shared by every worker), else in process,
saved under ``settings.data_dir``. A filter that lost its bits (new, emptied by a Redis restart, a lost
file) is filled from the store first; while Redis is down, the store alone decides (``FallbackBloom``).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from scout_core.discovery.bloom import (
    BloomFilter,
    FallbackBloom,
    FalsePositiveReport,
    MemoryBloom,
    RedisBloom,
    add_all,
    bloom_shape,
    measure_false_positive_rate,
)
from scout_core.schema import Candidate, InternalProfile, utcnow
from scout_core.settings import Settings
from scout_core.store import discovery as store_q
from scout_core.store.discovery import StoredStatus

_MEMORY_FILTERS: dict[Path, MemoryBloom] = {}
_MEMORY_LOCK = threading.Lock()


def bloom_path(settings: Settings) -> Path:
    return settings.data_dir / "bloom" / f"{settings.discovery.bloom_name}.bloom"


def open_bloom(settings: Settings) -> BloomFilter:
    """The seen filter these settings name: on Redis if configured, else in process (one per file)."""
    cfg = settings.discovery
    shape = bloom_shape(cfg.bloom_expected_items, cfg.bloom_fp_rate)
    if settings.redis_url:
        return FallbackBloom(RedisBloom(shape, _redis_client(settings.redis_url), name=cfg.bloom_name))
    path = bloom_path(settings).resolve()
    with _MEMORY_LOCK:  # threads of one process share one filter, and its lock
        bloom = _MEMORY_FILTERS.get(path)
        if bloom is None or bloom.shape != shape:
            bloom = _MEMORY_FILTERS[path] = MemoryBloom(shape, path)
        return bloom


@lru_cache(maxsize=8)
def _redis_client(url: str) -> Any:
    from scout_core.queue.redis_streams import redis_client

    return redis_client(url, retries=3)  # a few seconds for a restart; longer, and the store decides (FallbackBloom)


def benchmark_false_positives(settings: Settings, items: int = 100_000, fp_rate: float = 0.01,
                              probes: int = 100_000) -> FalsePositiveReport:
    """The measured false-positive rate of a throwaway filter on this deployment's backend (Redis or
    in process), sized for ``items`` at ``fp_rate``; the filter is deleted afterwards."""
    shape = bloom_shape(items, fp_rate)
    if settings.redis_url:
        import redis

        client = redis.Redis.from_url(settings.redis_url)
        bloom: BloomFilter = RedisBloom(shape, client, name=f"bench-{uuid.uuid4().hex}")
    else:
        bloom = MemoryBloom(shape)
    try:
        return measure_false_positive_rate(bloom, items, probes)
    finally:
        bloom.clear()


def refresh_interval(settings: Settings, platform: str, enriched_by: str | None) -> timedelta:
    """How long a stored profile stays fresh: by the source that enriched it, else its platform."""
    days = settings.discovery.refresh_days
    chosen = days.get(enriched_by or "", days.get(platform, settings.discovery.refresh_days_default))
    return timedelta(days=chosen)


def overdue(settings: Settings, status: StoredStatus, now: datetime) -> float:
    """Age over interval: 1.0 means just due, 0 for never enriched (due at once).

    A partial or minimal profile (its timeline call failed, say) is due again after
    ``discovery.retry_partial_hours``: it is queued for a retry, not left for a week."""
    if status.last_enriched_at is None:
        return 1.0
    interval = refresh_interval(settings, status.platform, status.enriched_by)
    if status.enrichment_quality in ("partial", "minimal"):
        interval = min(interval, timedelta(hours=settings.discovery.retry_partial_hours))
    return (now - status.last_enriched_at) / interval


@dataclass
class SeenSort:
    """Candidates sorted by the seen-check."""

    new: list[Candidate] = field(default_factory=list)
    refresh: list[Candidate] = field(default_factory=list)
    seen: list[Candidate] = field(default_factory=list)
    false_positives: int = 0  # Bloom hits the store did not confirm


class SeenSet:
    """The Bloom filter plus the store: what is new, what is seen, what is due again."""

    def __init__(self, settings: Settings, repo: object, bloom: BloomFilter | None = None) -> None:
        self.settings = settings
        self.repo = repo
        self.bloom = bloom if bloom is not None else open_bloom(settings)

    def ensure_seeded(self) -> int:
        """Fill a filter that lost its bits from the store (a new or emptied Redis, a lost file); keys added."""
        if self.bloom.seeded():
            return 0
        added = add_all(self.bloom, store_q.seen_keys(self.repo))  # type: ignore[arg-type]
        self.bloom.mark_seeded()
        self.bloom.persist()
        return added

    def sort(self, candidates: list[Candidate], now: datetime | None = None) -> SeenSort:
        """Split candidates into new, due for refresh, and seen; Bloom hits are confirmed by the store."""
        now = now or utcnow()
        result = SeenSort()
        hits = self.bloom.contains([c.key for c in candidates])
        maybe = [c for c, hit in zip(candidates, hits, strict=True) if hit]
        result.new = [c for c, hit in zip(candidates, hits, strict=True) if not hit]
        stored, dead = self._confirm(maybe)
        for cand in maybe:
            status = stored.get(cand.key)
            if status is not None:
                due = overdue(self.settings, status, now)
                if due >= 1.0:
                    result.refresh.append(refresh_candidate(cand, status, due))
                else:
                    result.seen.append(cand)
            elif cand.key in dead:
                result.seen.append(cand)
            else:
                result.false_positives += 1
                result.new.append(cand)
        return result

    def _confirm(self, candidates: list[Candidate]) -> tuple[dict[str, StoredStatus], set[str]]:
        by_platform: dict[str, list[str]] = {}
        for cand in candidates:
            by_platform.setdefault(cand.platform, []).append(cand.handle)
        stored: dict[str, StoredStatus] = {}
        for platform, handles in by_platform.items():
            for status in store_q.stored_status(self.repo, platform, handles).values():  # type: ignore[arg-type]
                stored[status.key] = status
        dead = self.repo.pending_dead_letter_keys(c.key for c in candidates)  # type: ignore[attr-defined]
        return stored, dead

    def mark(self, keys: list[str]) -> list[bool]:
        """Add keys (candidates passed on, profiles stored); per key, whether it was already there."""
        found = self.bloom.add(keys)
        self.bloom.persist()
        return found

    def mark_profiles(self, profiles: Iterable[InternalProfile]) -> int:
        """Mark stored profiles (a renamed handle is not the candidate's key); returns how many were new."""
        keys = [f"{p.source_platform}:{p.handle.lower()}" for p in profiles]
        return sum(not present for present in self.mark(keys)) if keys else 0

    def due_refreshes(self, limit: int, now: datetime | None = None, exclude: set[str] | None = None
                      ) -> list[Candidate]:
        """Stored profiles past their re-enrichment interval, most overdue first."""
        if limit <= 0:
            return []
        now = now or utcnow()
        shortest = min([*self.settings.discovery.refresh_days.values(), self.settings.discovery.refresh_days_default])
        partial = now - timedelta(hours=self.settings.discovery.retry_partial_hours)
        rows = store_q.least_recently_enriched(self.repo, now - timedelta(days=shortest),  # type: ignore[arg-type]
                                               limit * 4, partial_before=partial)
        due = [(overdue(self.settings, s, now), s) for s in rows if s.key not in (exclude or set())]
        due = sorted((d for d in due if d[0] >= 1.0), key=lambda d: -d[0])[:limit]
        return [refresh_candidate(None, status, ratio) for ratio, status in due]


def refresh_candidate(found: Candidate | None, status: StoredStatus, overdue_ratio: float) -> Candidate:
    """A stored profile back in the queue: more overdue, higher priority."""
    return Candidate(platform=status.platform, handle=status.handle,  # type: ignore[arg-type]
                     discovered_via="refresh", topic=found.topic if found else None,
                     priority=round(overdue_ratio, 4))
