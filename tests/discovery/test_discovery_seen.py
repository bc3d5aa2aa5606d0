"""The seen-set: Bloom misses are new, Bloom hits are confirmed by the store, stale profiles come back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scout_core.discovery.bloom import MemoryBloom, RedisBloom, bloom_shape
from scout_core.discovery.seen import SeenSet, refresh_interval
from scout_core.schema import Candidate
from tests.discovery.conftest import NOW, profile


def cand(handle: str, platform: str = "x", topic: str | None = "AI agents") -> Candidate:
    return Candidate(platform=platform, handle=handle, topic=topic)  # type: ignore[arg-type]


def small_bloom() -> MemoryBloom:
    return MemoryBloom(bloom_shape(1_000, 0.05))


def false_positive_key(bloom: MemoryBloom) -> str:
    """A handle the filter claims to hold though it was never added."""
    for i in range(100_000):
        handle = f"stranger{i}"
        if bloom.contains([f"x:{handle}"])[0]:
            return handle
    raise AssertionError("no false positive found")


def test_a_false_positive_never_drops_a_new_person(settings, repo):
    bloom = small_bloom()
    bloom.add([f"x:filler{i}" for i in range(1_000)])  # full to its design load: false positives appear
    stranger = false_positive_key(bloom)
    repo.upsert_profile(profile("filler1"))
    seen = SeenSet(settings, repo, bloom)
    result = seen.sort([cand(stranger), cand("filler1"), cand("brand_new")], now=NOW + timedelta(days=1))
    assert [c.handle for c in result.new] == ["brand_new", stranger]  # the miss, then the unconfirmed hit
    assert [c.handle for c in result.seen] == ["filler1"]
    assert result.false_positives == 1 and result.refresh == []


def test_pending_dead_letters_count_as_seen_until_replayed(settings, repo):
    bloom = small_bloom()
    seen = SeenSet(settings, repo, bloom)
    seen.mark(["x:broken"])
    repo.add_dead_letter("x:broken", "x", "broken", "boom")
    assert [c.handle for c in seen.sort([cand("broken")]).seen] == ["broken"]
    repo.mark_replayed("x:broken")
    assert [c.handle for c in seen.sort([cand("broken")]).new] == ["broken"]


def test_refresh_interval_by_source_then_platform_then_default(settings):
    cfg = settings.discovery.model_copy(update={"refresh_days": {"x": 7.0, "x_web": 2.0},
                                                "refresh_days_default": 30.0})
    s = settings.model_copy(update={"discovery": cfg})
    assert refresh_interval(s, "x", "x_web") == timedelta(days=2)
    assert refresh_interval(s, "x", "x_api") == timedelta(days=7)
    assert refresh_interval(s, "github", "github") == timedelta(days=30)


def test_a_stale_profile_is_due_for_refresh_and_a_fresh_one_is_seen(settings, repo):
    repo.upsert_profile(profile("old_timer", last_enriched_at=NOW - timedelta(days=10)))
    repo.upsert_profile(profile("fresh_one", last_enriched_at=NOW - timedelta(days=3)))
    repo.upsert_profile(profile("gh-dev", platform="github", source_id="9", last_enriched_at=NOW - timedelta(days=10)))
    seen = SeenSet(settings, repo, small_bloom())
    assert seen.ensure_seeded() == 3  # an empty filter over a full store is filled from it
    result = seen.sort([cand("old_timer"), cand("fresh_one"), cand("gh-dev", "github")], now=NOW)
    assert [(c.handle, c.discovered_via) for c in result.refresh] == [("old_timer", "refresh")]
    assert result.refresh[0].priority == pytest.approx(10 / 7, rel=1e-3) and result.refresh[0].topic == "AI agents"
    assert sorted(c.handle for c in result.seen) == ["fresh_one", "gh-dev"]  # github's interval is 14 days
    assert result.new == []


def test_due_refreshes_lists_overdue_profiles_most_overdue_first(settings, repo):
    for handle, days in [("a_week", 8), ("a_month", 30), ("today", 0)]:
        repo.upsert_profile(profile(handle, last_enriched_at=NOW - timedelta(days=days)))
    seen = SeenSet(settings, repo, small_bloom())
    due = seen.due_refreshes(10, now=NOW)
    assert [c.handle for c in due] == ["a_month", "a_week"]
    assert all(c.discovered_via == "refresh" and c.topic is None for c in due)
    assert [c.handle for c in seen.due_refreshes(10, now=NOW, exclude={"x:a_month"})] == ["a_week"]
    assert seen.due_refreshes(0, now=NOW) == []


def test_seeding_is_skipped_for_a_filter_that_holds_keys(settings, repo):
    repo.upsert_profile(profile("stored"))
    bloom = small_bloom()
    bloom.add(["x:someone_else"])
    assert SeenSet(settings, repo, bloom).ensure_seeded() == 0


@pytest.mark.redis
def test_seen_set_on_redis_shares_marks_between_instances(settings, repo, redis_client, redis_prefix):
    shape = bloom_shape(10_000, 0.001)
    first = SeenSet(settings, repo, RedisBloom(shape, redis_client, prefix=redis_prefix))
    assert first.mark(["x:ada", "x:bob"]) == [False, False]
    repo.upsert_profile(profile("ada"))
    second = SeenSet(settings, repo, RedisBloom(shape, redis_client, prefix=redis_prefix))
    result = second.sort([cand("ada"), cand("bob"), cand("cy")], now=NOW)
    assert [c.handle for c in result.seen] == ["ada"]
    assert [c.handle for c in result.new] == ["cy", "bob"]  # bob: marked, never stored, so new again
    assert result.false_positives == 1


def test_stored_profiles_are_marked_under_their_own_handle(settings, repo):
    seen = SeenSet(settings, repo, small_bloom())
    renamed = profile("new_name")  # enriched from a candidate under its old handle
    assert seen.mark_profiles([renamed, profile("other")]) == 2
    assert seen.mark_profiles([]) == 0
    assert seen.bloom.contains(["x:new_name", "x:other"]) == [True, True]


def test_a_profile_whose_timeline_failed_is_queued_for_a_retry_within_hours(settings, repo):
    from scout_core.schema import EnrichmentQuality

    repo.upsert_profile(profile("no_timeline", last_enriched_at=NOW - timedelta(hours=7),
                                enrichment_quality=EnrichmentQuality.PARTIAL))
    repo.upsert_profile(profile("complete", last_enriched_at=NOW - timedelta(hours=7)))
    seen = SeenSet(settings, repo, small_bloom())
    assert settings.discovery.retry_partial_hours == 6
    assert [c.handle for c in seen.due_refreshes(10, now=NOW)] == ["no_timeline"]
    assert seen.due_refreshes(10, now=NOW - timedelta(hours=2)) == []  # five hours after: not yet
    seen.mark(["x:no_timeline", "x:complete"])
    result = seen.sort([cand("no_timeline"), cand("complete")], now=NOW)
    assert [c.handle for c in result.refresh] == ["no_timeline"] and [c.handle for c in result.seen] == ["complete"]


@pytest.mark.redis
def test_while_redis_is_down_the_store_decides_what_is_new(settings, repo, caplog):
    from scout_core.bench.private_redis import PrivateRedis
    from scout_core.discovery.bloom import FallbackBloom
    from scout_core.queue.redis_streams import redis_client

    repo.upsert_profile(profile("stored"))
    with PrivateRedis() as server:
        seen = SeenSet(settings, repo, FallbackBloom(RedisBloom(bloom_shape(10_000, 0.001),
                                                                redis_client(server.url, retries=1))))
        assert seen.ensure_seeded() == 1
        server.kill()
        result = seen.sort([cand("stored"), cand("brand_new")], now=NOW)
        assert [c.handle for c in result.seen] == ["stored"] and [c.handle for c in result.new] == ["brand_new"]
        assert seen.mark(["x:brand_new"]) == [False] and seen.ensure_seeded() == 0
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "the store decides" in r.getMessage()]
    assert len(warnings) == 1  # said once, not per call


@pytest.mark.redis
def test_a_redis_that_came_back_empty_is_seeded_again_though_keys_were_added_since(settings, repo):
    from scout_core.bench.private_redis import PrivateRedis
    from scout_core.discovery.bloom import FallbackBloom
    from scout_core.queue.redis_streams import redis_client

    repo.upsert_profile(profile("stored"))
    with PrivateRedis() as server:
        def seen_set() -> SeenSet:
            return SeenSet(settings, repo, FallbackBloom(RedisBloom(bloom_shape(10_000, 0.001),
                                                                    redis_client(server.url, retries=1))))
        assert seen_set().ensure_seeded() == 1
        assert seen_set().ensure_seeded() == 0
        server.restart(empty=True)
        seen_set().mark(["x:newcomer"])  # the run goes on marking: the filter's count alone says "not empty"
        assert seen_set().ensure_seeded() == 1
        assert seen_set().bloom.contains(["x:stored"]) == [True]
