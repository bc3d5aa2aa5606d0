"""The retry policy at the transport and the PARTIAL rung, against the sandbox's real X API routes."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import replace

import pytest

from scout_core.bench.enrich_wire import WireConditions
from scout_core.enrich.enricher import Enricher
from scout_core.enrich.retry import RetryPolicy, is_retryable
from scout_core.errors import BannedError, NotFoundError, RateLimitedError, SourceUnavailableError
from scout_core.sandbox.ratelimit import SandboxLimits
from scout_core.sandbox.server import SandboxServer, create_app
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import Candidate, EnrichmentQuality
from scout_core.settings import RetryCfg


@pytest.fixture(scope="module")
def world():
    from scout_core.sandbox.world import generate_world

    return generate_world(seed=5, size=60)


def _serve(world, error_rate=0.0, limits=None):
    app = create_app(world, limits=limits or SandboxLimits())
    counts = defaultdict(Counter)
    app.add_middleware(WireConditions, error_rate=error_rate, latency_ms=(0.0, 1.0), seed=3, counts=counts)
    return SandboxServer(world, app=app), counts


def _candidates(world, n):
    return [Candidate(platform="x", handle=p.x.handle) for p in world.people if p.x][:n]


def _enrich(settings, url, cands, retry=None):
    s = point_settings_at(settings, url)
    if retry is not None:
        s = s.model_copy(update={"controller": s.controller.model_copy(update={"retry": retry})})

    async def go():
        enricher = Enricher(s)
        try:
            return await enricher.enrich_batch(cands, "x_api")
        finally:
            await enricher.aclose()

    return asyncio.run(go())


def test_transient_errors_are_retried_where_they_happen(settings, world):
    server, counts = _serve(world, error_rate=0.3)
    with server:
        result = _enrich(settings, server.base_url, _candidates(world, 10),
                         RetryCfg(attempts=8, base_s=0.001, max_wait_s=0.005))
    assert all(o.ok for o in result.outcomes), [o.error for o in result.outcomes]
    assert {p.enrichment_quality for o in result.outcomes for p in o.profiles} == {EnrichmentQuality.FULL}
    assert result.calls.retries == counts["sandbox-token"][503] > 0
    assert result.calls.requests == sum(counts["sandbox-token"].values())


def test_no_retries_when_the_policy_says_one_attempt(settings, world):
    server, counts = _serve(world, error_rate=1.0)
    with server:
        result = _enrich(settings, server.base_url, _candidates(world, 3), RetryCfg(attempts=1))
    assert {o.error_kind for o in result.outcomes} == {"SourceUnavailableError"}
    assert result.calls.requests == 1 and result.calls.retries == 0


def test_a_spent_timeline_quota_degrades_to_partial_and_reports_the_reset(settings, world):
    limits = replace(SandboxLimits(), x_user_tweets=2)
    server, counts = _serve(world, limits=limits)
    with server:
        result = _enrich(settings, server.base_url, _candidates(world, 6))
    qualities = Counter(o.profiles[0].enrichment_quality for o in result.outcomes)
    assert all(o.ok for o in result.outcomes)
    assert qualities == {EnrichmentQuality.FULL: 2, EnrichmentQuality.PARTIAL: 4}  # API fields only
    # the first timeline answered, then the other five went at once: four found the window spent, and a
    # 429 is not retried in place when its window is far off (the controller pauses the source)
    assert result.calls.rate_limited == 4
    assert 0 < result.calls.retry_after <= 900


def test_a_call_reports_what_the_service_says_is_left_of_each_quota(settings, world):
    limits = replace(SandboxLimits(), x_users_lookup=50, x_user_tweets=40)
    server, _ = _serve(world, limits=limits)
    with server:
        result = _enrich(settings, server.base_url, _candidates(world, 6))
    (lookups, lookup_reset), (timelines, timeline_reset) = (result.calls.windows[k]
                                                            for k in ("users_lookup", "user_tweets"))
    assert (lookups, timelines) == (49, 34)  # one batch lookup, six timelines: the lowest count heard
    assert lookup_reset == timeline_reset > 0


def test_a_429_whose_window_resets_at_once_is_waited_out_in_place():
    import time

    import httpx

    from scout_core.enrich.transport import RetryingTransport, collecting

    answers = iter([(429, time.time() + 0.05), (200, time.time() + 60), (429, time.time() + 60)])

    def reply(request):
        status, reset = next(answers)
        return httpx.Response(status, json={}, headers={"x-rate-limit-remaining": "0" if status == 429 else "7",
                                                        "x-rate-limit-reset": str(reset)})

    transport = RetryingTransport(RetryPolicy(max_rate_limit_wait_s=1.0), inner=httpx.MockTransport(reply),
                                  windows=[("user_tweets", r"/tweets$")])

    async def go():
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            with collecting() as stats:
                soon = await client.get("/2/users/1/tweets")  # resets in 50 ms: waited out, then answered
                late = await client.get("/2/users/1/tweets")  # resets in a minute: handed to the controller
        return soon, late, stats

    soon, late, stats = asyncio.run(go())
    assert (soon.status_code, late.status_code) == (200, 429)
    assert stats.requests == 3 and stats.rate_limited == 2
    assert stats.windows["user_tweets"][0] == 0  # the lowest count heard in the latest window


def test_retry_policy_comes_from_settings(settings):
    policy = RetryPolicy.from_settings(settings.controller.retry.model_copy(
        update={"retry_kinds": ["SourceUnavailableError"], "max_rate_limit_wait_s": 2.0}))
    assert is_retryable(SourceUnavailableError("503", source="s"), policy)
    assert is_retryable(RateLimitedError("429", source="s", retry_after=1.5), policy)
    assert not is_retryable(RateLimitedError("429", source="s", retry_after=60), policy)
    assert not is_retryable(BannedError("ban", source="s"), policy)
    assert not is_retryable(NotFoundError("404", source="s"), policy)
    assert 503 in policy.retry_statuses and 429 not in policy.retry_statuses
