"""Builder facts: one row per canonical builder from their stored profiles, follower snapshots and launches.

The builder's face is their best profile (highest score, then most followers); followers and growth come
from the profile with the most followers (their main audience), growth from its snapshots: the latest
reading against the latest one at least ``GROWTH_DAYS`` before it (a day's slack for reading times).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from scout_core.analytics.tiers import follower_tier
from scout_core.store.analytics_records import BuilderFacts, Launch, ProfileInput, Snapshot

GROWTH_DAYS = 7
_SLACK = timedelta(hours=12)
SHIPPING_WINDOW_DAYS = 90


def builder_facts(profiles: list[ProfileInput], snapshots: dict[int, list[Snapshot]],
                  launches: list[Launch], now: datetime) -> BuilderFacts:
    """The facts of one builder (all ``profiles`` share a canonical id)."""
    face = max(profiles, key=_rank)
    audience = max(profiles, key=lambda p: (p.followers_count or -1, -p.profile_id))
    growth, gain = growth_over(snapshots.get(audience.profile_id, []), GROWTH_DAYS)
    scores = [p.overall_score for p in profiles if p.overall_score is not None]
    predicted = [p for p in profiles if p.traction_probability is not None]
    best_prediction = max(predicted, key=lambda p: p.traction_probability or 0.0) if predicted else None
    platforms = sorted({p.platform for p in profiles})
    recent = now - timedelta(days=SHIPPING_WINDOW_DAYS)
    return BuilderFacts(
        canonical_id=face.canonical_id,
        display_name=face.display_name or next((p.display_name for p in profiles if p.display_name), None),
        handle=face.handle, primary_platform=face.platform, platforms=platforms, profile_count=len(profiles),
        bio=face.bio or next((p.bio for p in profiles if p.bio), None),
        search_text=search_text(profiles),
        overall_score=max(scores, default=None),
        classification=face.classification, account_kind=face.account_kind,
        followers_count=audience.followers_count, follower_tier=follower_tier(audience.followers_count),
        follower_growth_7d=growth, followers_gain_7d=gain,
        traction_probability=best_prediction.traction_probability if best_prediction else None,
        model_version=best_prediction.model_version if best_prediction else None,
        discovered_at=min(p.first_discovered_at for p in profiles),
        last_enriched_at=max((p.last_enriched_at for p in profiles if p.last_enriched_at), default=None),
        launches_total=len(launches),
        launches_90d=sum(recent <= launch.launched_at <= now for launch in launches),
        last_launch_at=max((launch.launched_at for launch in launches), default=None),
    )


def _rank(profile: ProfileInput) -> tuple[float, int, int]:
    score = profile.overall_score if profile.overall_score is not None else -1.0
    return score, profile.followers_count or -1, -profile.profile_id


def growth_over(readings: Iterable[Snapshot], days: int) -> tuple[float | None, int | None]:
    """(ratio - 1, gain) from the reading ``days`` before the latest to the latest; (None, None) without one."""
    ordered = sorted(readings, key=lambda s: s.taken_at)
    if len(ordered) < 2:
        return None, None
    last = ordered[-1]
    cutoff = last.taken_at - timedelta(days=days) + _SLACK
    before = [s for s in ordered if s.taken_at <= cutoff]
    if not before:
        return None, None
    base = before[-1]
    return round(last.followers / max(1, base.followers) - 1.0, 6), last.followers - base.followers


def search_text(profiles: list[ProfileInput]) -> str:
    """What `q` searches: every profile's name, handle and bio, lower-case (bounded)."""
    parts = [part for p in profiles for part in (p.display_name, p.handle, p.bio) if part]
    return " ".join(parts).lower()[:4000]
