"""The filter stage: keep small, active builders; say why in plain words either way.

The plan's rules exactly: a profile with 10,000 followers or more is filtered (``max_followers`` is the
first count that is too many), and an X profile whose newest post is more than 25 days old. A profile
whose timeline could not be fetched (stored PARTIAL or MINIMAL with no posts) is not "silent": it is
kept, marked ``timeline_unknown``, and the refresh queue fetches it again soon (discovery/seen.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scout_core.errors import ConfigurationError
from scout_core.schema import InternalProfile
from scout_core.scoring.components import POSTING_PLATFORMS, as_utc, timeline_unknown


@dataclass(frozen=True)
class FilterDecision:
    """Whether to keep a profile; ``reasons`` explain every check, ``dropped_by`` names failed rules
    (``max_followers``, ``no_posts``, ``max_days_since_post``) for counting; ``retry_timeline`` says the
    timeline is unknown and should be fetched again."""

    keep: bool
    reasons: list[str] = field(default_factory=list)
    dropped_by: list[str] = field(default_factory=list)
    retry_timeline: bool = False


def filter_profile(profile: InternalProfile, max_followers: int, max_days_since_post: int,
                   now: datetime) -> FilterDecision:
    """Drop profiles with ``max_followers`` followers or more (when known) and X profiles silent for too long."""
    if max_followers < 1:
        raise ConfigurationError(f"filter: max_followers must be >= 1, got {max_followers}")
    if max_days_since_post < 1:
        raise ConfigurationError(f"filter: max_days_since_post must be >= 1, got {max_days_since_post}")
    checks = [_followers_check(profile, max_followers), _recency_check(profile, max_days_since_post, now)]
    return FilterDecision(keep=not any(rule for rule, _ in checks), reasons=[reason for _, reason in checks],
                          dropped_by=[rule for rule, _ in checks if rule],
                          retry_timeline=timeline_unknown(profile))


# Each check returns (the rule that drops the profile, or None to keep it; the reason in words).
def _followers_check(profile: InternalProfile, max_followers: int) -> tuple[str | None, str]:
    followers = profile.followers_count
    if followers is None:
        return None, "follower count unknown: not filtered on followers"
    approx = "about " if profile.counts_approximate else ""
    if followers >= max_followers:
        return "max_followers", f"{approx}{followers:,} followers, at or above the limit of {max_followers:,}"
    return None, f"{approx}{followers:,} followers, under the limit of {max_followers:,}"


def _recency_check(profile: InternalProfile, max_days: int, now: datetime) -> tuple[str | None, str]:
    platform = profile.source_platform
    if platform not in POSTING_PLATFORMS:
        return None, f"{platform} profile: not filtered on recency"
    if timeline_unknown(profile):
        return None, (f"timeline not fetched ({profile.enrichment_quality.value} profile): not filtered on "
                      f"recency; queued for a timeline retry")
    if not profile.recent_posts:
        return "no_posts", "no posts"
    newest = profile.last_post_at()
    if newest is None:
        return None, "posts have no dates: not filtered on recency"
    days = (as_utc(now) - as_utc(newest)).total_seconds() / 86_400
    if days > max_days:
        return "max_days_since_post", f"last post {days:.1f} days ago, older than the limit of {max_days} days"
    return None, f"last post {max(days, 0):.1f} days ago, within {max_days} days"
