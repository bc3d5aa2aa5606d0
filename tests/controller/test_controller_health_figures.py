"""The figures `scout health` shows: requests of every source (SDK and browser ones too), the run's totals,
and discovery's searches, which never go through the controller."""

from __future__ import annotations

import asyncio
import math
import time
import uuid

import pytest

from scout_core.enrich.enricher import Enricher
from scout_core.enrich.health import HealthMonitor, share_events, summarize
from scout_core.enrich.state import Event, LocalState
from scout_core.sandbox.server import SandboxServer
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import Candidate


@pytest.fixture(scope="module")
def world():
    from scout_core.sandbox.world import generate_world

    return generate_world(seed=5, size=60)


def test_an_sdk_source_counts_its_requests(settings, world):
    """PyGithub makes its own HTTP calls, unseen by Scout's transport: the payload's count stands in for them
    (it used to be 0, so `scout health` showed 0.0 requests per minute for a source that made calls)."""
    source = platform = "github"
    handles = [p.github.login for p in world.people if p.github is not None][:2]
    assert handles
    with SandboxServer(world) as server:
        pointed = point_settings_at(settings, server.base_url)

        async def go():
            enricher = Enricher(pointed)
            try:
                return await enricher.enrich_batch([Candidate(platform=platform, handle=h) for h in handles], source)
            finally:
                await enricher.aclose()

        result = asyncio.run(go())
    ok = [o for o in result.outcomes if o.ok]
    assert ok, [o.error for o in result.outcomes]
    assert result.calls.requests >= 3 * len(ok)  # user, repos, events


def test_a_run_keeps_every_call_beyond_the_window():
    now = [1_000.0]
    monitor = HealthMonitor(LocalState("t"), window_s=60.0, clock=lambda: now[0])
    for _ in range(10):
        monitor.record("github", True, 0.2, "", 3)
        now[0] += 30.0  # 300 s in all: the window holds the last two calls only
    assert monitor.snapshot("github").calls == 2
    total = monitor.total("github")
    assert total.calls == 10 and total.requests_per_min == pytest.approx(30 / 5.0)


def test_searches_are_summarized_as_the_search_node():
    now = time.time()
    calls = [Event(now - 60, True, 0.3), Event(now - 30, True, 0.5), Event(now, False, 1.0, "SourceUnavailableError")]
    figures = summarize("search", calls, math.inf, now).as_dict()
    assert figures["calls"] == 3 and figures["requests_per_min"] == 3.0
    assert figures["errors"] == {"SourceUnavailableError": 1}


@pytest.mark.redis
def test_searches_reach_the_shared_view_through_redis(settings, redis_url):
    from scout_core.enrich.controller import Controller

    prefix = f"t-search-{uuid.uuid4().hex[:8]}"
    shared = settings.model_copy(update={"redis_url": redis_url,
                                         "controller": settings.controller.model_copy(update={"key_prefix": prefix})})
    share_events(shared, "search", [Event(time.time(), True, 0.4), Event(time.time(), True, 0.6)])
    controller = Controller(shared)
    try:
        row = controller.report(["search"])["search"]
        assert row["calls"] == 2 and row["requests_per_min"] > 0
    finally:
        controller.state.clear()
