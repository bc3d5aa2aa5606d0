"""Follower tiers: nano < 100 ≤ micro < 1k ≤ mid < 10k ≤ macro < 100k ≤ influencer."""

from __future__ import annotations

TIERS: tuple[tuple[str, int], ...] = (("nano", 100), ("micro", 1_000), ("mid", 10_000), ("macro", 100_000))
TIER_NAMES: tuple[str, ...] = (*(name for name, _ in TIERS), "influencer")


def follower_tier(followers: int | None) -> str | None:
    """The tier of a follower count (None when the count is unknown)."""
    if followers is None:
        return None
    for name, upper in TIERS:
        if followers < upper:
            return name
    return "influencer"
