"""filter_profile: followers cap, recency on X only, readable reasons."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

import pytest

from scout_core.errors import ConfigurationError
from scout_core.schema import InternalProfile, Post
from scout_core.scoring import FilterDecision, filter_profile

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def _x(followers: int | None = 500, days_ago: list[float] | None = None,
       approx: bool = False) -> InternalProfile:
    posts = [Post(post_id=str(i), text="hi", created_at=NOW - timedelta(days=d))
             for i, d in enumerate(days_ago if days_ago is not None else [1])]
    return InternalProfile(source_platform="x", handle="a", followers_count=followers, recent_posts=posts,
                           counts_approximate=approx)


def _check(profile: InternalProfile, max_followers: int = 10_000, max_days: int = 25) -> FilterDecision:
    return filter_profile(profile, max_followers=max_followers, max_days_since_post=max_days, now=NOW)


def test_small_active_profile_is_kept_with_reasons() -> None:
    decision = _check(_x(500, [3, 10]))
    assert decision == FilterDecision(keep=True, reasons=[
        "500 followers, under the limit of 10,000", "last post 3.0 days ago, within 25 days"])


def test_too_many_followers_is_dropped() -> None:
    decision = _check(_x(12_500, approx=True))
    assert not decision.keep
    assert "about 12,500 followers, at or above the limit of 10,000" in decision.reasons
    assert decision.dropped_by == ["max_followers"]


def test_the_plan_filters_at_ten_thousand_followers_and_above() -> None:
    assert not _check(_x(10_000)).keep  # the plan: under 10,000 followers
    assert _check(_x(9_999)).keep


def test_unknown_followers_are_not_dropped() -> None:
    decision = _check(_x(None))
    assert decision.keep and "follower count unknown: not filtered on followers" in decision.reasons


def test_silent_x_profile_is_dropped() -> None:
    decision = _check(_x(500, [40, 60]))
    assert not decision.keep
    assert "last post 40.0 days ago, older than the limit of 25 days" in decision.reasons
    assert decision.dropped_by == ["max_days_since_post"]


def test_x_profile_without_posts_is_dropped() -> None:
    decision = _check(_x(500, []))
    assert not decision.keep and "no posts" in decision.reasons and decision.dropped_by == ["no_posts"]


def test_both_reasons_are_reported() -> None:
    decision = _check(_x(50_000, [100]))
    assert not decision.keep and len(decision.reasons) == 2
    assert all("limit" in reason for reason in decision.reasons)
    assert decision.dropped_by == ["max_followers", "max_days_since_post"]


@pytest.mark.parametrize("platform", ["github", "huggingface", "producthunt"])
def test_non_x_profiles_are_not_dropped_for_recency(platform: str) -> None:
    profile = InternalProfile(source_platform=platform, handle="ada", followers_count=10)
    decision = _check(profile)
    assert decision.keep and f"{platform} profile: not filtered on recency" in decision.reasons


def test_non_x_profiles_are_still_dropped_for_followers() -> None:
    profile = InternalProfile(source_platform="github", handle="torvalds", followers_count=200_000)
    assert not _check(profile).keep


def test_undated_posts_are_kept_and_say_so() -> None:
    profile = InternalProfile(source_platform="x", handle="a", recent_posts=[Post(post_id="1", text="hi")])
    assert "posts have no dates: not filtered on recency" in _check(profile).reasons


def test_bad_limits_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError, match="max_followers must be >= 1"):
        _check(_x(), max_followers=-1)
    with pytest.raises(ConfigurationError, match="max_days_since_post must be >= 1"):
        _check(_x(), max_days=0)


def test_decision_pickles() -> None:
    decision = _check(_x(50_000))
    assert pickle.loads(pickle.dumps(decision)) == decision


def test_a_profile_whose_timeline_could_not_be_fetched_is_kept_and_marked_for_a_retry() -> None:
    from scout_core.sources.x_api_parse import normalize_body

    user = {"id": "7", "username": "ada", "description": "LLM agents",
            "public_metrics": {"followers_count": 50, "following_count": 5, "tweet_count": 300}}
    [failed] = normalize_body({"user": {"data": user}, "tweets": None})  # the timeline call failed
    decision = _check(failed)
    assert decision.keep and decision.retry_timeline and decision.dropped_by == []
    assert "timeline not fetched (partial profile): not filtered on recency; queued for a timeline retry" \
        in decision.reasons
    [silent] = normalize_body({"user": {"data": user}, "tweets": {"data": []}})  # fetched: really no posts
    assert _check(silent).dropped_by == ["no_posts"] and not _check(silent).retry_timeline


def test_engagement_of_a_profile_without_its_timeline_is_unknown_not_zero() -> None:
    from scout_core.scoring.components import engagement
    from scout_core.sources.x_api_parse import normalize_body

    user = {"id": "7", "username": "ada", "public_metrics": {"followers_count": 50, "following_count": 5}}
    [failed] = normalize_body({"user": {"data": user}, "tweets": None})
    part = engagement(failed, NOW)
    assert part.points is None and part.evidence == ["unknown: timeline not fetched (partial profile)"]
