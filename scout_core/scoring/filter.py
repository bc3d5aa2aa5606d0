"""The filter stage: keep small, active builders; say why in plain words either way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scout_core.errors import ConfigurationError
from scout_core.schema import InternalProfile
from scout_core.scoring.components import as_utc

# Platforms whose profiles carry posts, so silence there means inactivity.
POSTING_PLATFORMS = frozenset({"x"})


@dataclass(frozen=True)
class FilterDecision:
    """Whether to keep a profile; ``reasons`` explain every check, ``dropped_by`` names failed rules
    (``max_followers``, ``no_posts``, ``max_days_since_post``) for counting."""

    keep: bool
    reasons: list[str] = field(default_factory=list)
    dropped_by: list[str] = field(default_factory=list)


def filter_profile(profile: InternalProfile, max_followers: int, max_days_since_post: int,
                   now: datetime) -> FilterDecision:
    """Drop profiles above ``max_followers`` (when known) and X profiles silent for too long."""
    if max_followers < 0:
        raise ConfigurationError(f"filter: max_followers must be >= 0, got {max_followers}")
    if max_days_since_post < 1:
        raise ConfigurationError(f"filter: max_days_since_post must be >= 1, got {max_days_since_post}")
    checks = [_followers_check(profile, max_followers), _recency_check(profile, max_days_since_post, now)]
    return FilterDecision(keep=not any(rule for rule, _ in checks), reasons=[reason for _, reason in checks],
                          dropped_by=[rule for rule, _ in checks if rule])


# Each check returns (the rule that drops the profile, or None to keep it; the reason in words).
def _followers_check(profile: InternalProfile, max_followers: int) -> tuple[str | None, str]:
    followers = profile.followers_count
    if followers is None:
        return None, "follower count unknown: not filtered on followers"
    approx = "about " if profile.counts_approximate else ""
    if followers > max_followers:
        return "max_followers", f"{approx}{followers:,} followers, above the limit of {max_followers:,}"
    return None, f"{approx}{followers:,} followers, within the limit of {max_followers:,}"


def _recency_check(profile: InternalProfile, max_days: int, now: datetime) -> tuple[str | None, str]:
    platform = profile.source_platform
    if platform not in POSTING_PLATFORMS:
        return None, f"{platform} profile: not filtered on recency"
    if not profile.recent_posts:
        return "no_posts", "no posts"
    newest = profile.last_post_at()
    if newest is None:
        return None, "posts have no dates: not filtered on recency"
    days = (as_utc(now) - as_utc(newest)).total_seconds() / 86_400
    if days > max_days:
        return "max_days_since_post", f"last post {days:.1f} days ago, older than the limit of {max_days} days"
    return None, f"last post {max(days, 0):.1f} days ago, within {max_days} days"
