"""The Ray actor pool against the sandbox: every candidate comes back once, tiers fall back."""

from __future__ import annotations

import pytest

from scout_core.enrich.pool import EnrichmentPool
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import Candidate

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture(scope="module")
def world_url():
    from scout_core.sandbox.server import SandboxServer
    from scout_core.sandbox.world import generate_world

    world = generate_world(seed=11, size=150)
    with SandboxServer(world) as server:
        yield world, server.base_url


def _x_candidates(world, n):
    people = [p for p in world.people if p.x is not None and p.archetype != "noise"][:n]
    return [Candidate(platform="x", handle=p.x.handle) for p in people]


def _pool(settings, url, **ray_cfg):
    s = point_settings_at(settings, url)
    s = s.model_copy(update={"ray": s.ray.model_copy(update={"namespace": "scout-tests", **ray_cfg})})
    return s, EnrichmentPool(s)


def test_pool_spreads_x_candidates_over_api_and_browser_tiers(local_ray, settings, world_url):
    world, url = world_url
    _, pool = _pool(settings, url, api_workers=1, browser_workers=1)
    try:
        cands = _x_candidates(world, 10)
        outcomes = pool.enrich(cands)
    finally:
        pool.shutdown()
    assert sorted(o.candidate.key for o in outcomes) == sorted(c.key for c in cands)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    assert {"x_api", "x_web"} <= {o.source for o in outcomes}
    for o in outcomes:
        assert o.profiles[0].handle.lower() == o.candidate.handle.lower()
        assert o.raw and o.raw[0].meta["lake_keys"]


def test_a_dead_tier_falls_back_to_the_next(local_ray, settings, world_url):
    world, url = world_url
    s = point_settings_at(settings, url)
    dead = s.model_copy(update={
        "x_api": s.x_api.model_copy(update={"base_url": "http://127.0.0.1:9", "timeout_s": 1}),
        "ray": s.ray.model_copy(update={"namespace": "scout-tests", "api_workers": 1}),
    })
    pool = EnrichmentPool(dead)
    try:
        outcomes = pool.enrich(_x_candidates(world, 4))
    finally:
        pool.shutdown()
    assert all(o.ok and o.source in {"apify", "x_web"} for o in outcomes), [o.error for o in outcomes]


def test_unknown_handle_ends_with_not_found_instead_of_being_lost(local_ray, settings, world_url):
    _, url = world_url
    _, pool = _pool(settings, url, api_workers=1, browser_workers=0)
    try:
        [outcome] = pool.enrich([Candidate(platform="x", handle="nobody_here_1")])
    finally:
        pool.shutdown()
    assert not outcome.ok
    assert outcome.error_kind == "NotFoundError"
