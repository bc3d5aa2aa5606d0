"""The pool on a local Ray: a worker killed mid-batch loses nothing; detached pools are reused across runs."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict

import pytest
import ray

from scout_core.bench.enrich_wire import WireConditions
from scout_core.enrich.pool import EnrichmentPool
from scout_core.sandbox.server import SandboxServer, create_app
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import Candidate

pytestmark = [pytest.mark.integration]


@pytest.fixture(scope="module")
def sandbox():
    from scout_core.sandbox.world import generate_world

    world = generate_world(seed=13, size=120)
    app = create_app(world)
    app.add_middleware(WireConditions, error_rate=0.0, latency_ms=(20.0, 60.0), seed=1, counts=defaultdict(Counter))
    with SandboxServer(world, app=app) as server:
        yield world, server.base_url


def _settings(settings, url, **ray_cfg):
    s = point_settings_at(settings, url)
    return s.model_copy(update={
        "x_web": s.x_web.model_copy(update={"enabled": False}),
        "apify": s.apify.model_copy(update={"enabled": False}),
        "ray": s.ray.model_copy(update={"namespace": f"scout-tests-{uuid.uuid4().hex[:6]}", "api_workers": 2,
                                        "browser_workers": 0, **ray_cfg}),
        "controller": s.controller.model_copy(update={"batch_size": {"x_api": 2}, "rate_limits": {}}),
    })


def test_a_worker_killed_mid_batch_loses_no_candidate(local_ray, settings, sandbox):
    world, url = sandbox
    pool = EnrichmentPool(_settings(settings, url))
    victim = pool.kinds["api"].actors[0]
    pid_before = ray.get(victim.pid.remote())
    cands = [Candidate(platform="x", handle=p.x.handle) for p in world.people if p.x][:40]
    killed = []

    def kill_once(outcome):
        if not killed:
            killed.append(outcome.candidate.key)
            ray.kill(victim, no_restart=False)  # the process dies with calls in flight; Ray restarts it

    try:
        outcomes = pool.enrich(cands, on_done=kill_once)
        pid_after = ray.get(victim.pid.remote())
    finally:
        pool.shutdown()
    assert killed
    assert Counter(o.candidate.key for o in outcomes) == Counter(c.key for c in cands)  # each exactly once
    assert all(o.ok for o in outcomes), Counter(o.error_kind for o in outcomes)
    assert pid_after != pid_before


def test_detached_named_pools_are_reused_across_runs(local_ray, settings, sandbox):
    _, url = sandbox
    s = _settings(settings, url, detached=True, api_workers=1)
    first = EnrichmentPool(s)
    pid = ray.get(first.kinds["api"].actors[0].pid.remote())
    first.shutdown()  # a detached pool outlives its run
    second = EnrichmentPool(s)
    try:
        assert ray.get(second.kinds["api"].actors[0].pid.remote()) == pid
        [outcome] = second.enrich([Candidate(platform="x", handle="nobody_here_2")])
        assert outcome.error_kind == "NotFoundError"
    finally:
        second.shutdown()
        ray.kill(ray.get_actor("scout-api-0", namespace=s.ray.namespace))
