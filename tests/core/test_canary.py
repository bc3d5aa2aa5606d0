"""The health canary: a source that answers is reachable, a dead port is not, an open breaker is named."""

from __future__ import annotations

import socket
import uuid

import pytest

from scout_core.canary import probe, run_canary
from scout_core.runtime import open_repository


@pytest.fixture(scope="module")
def sandbox_url():
    from scout_core.sandbox.server import SandboxServer
    from scout_core.sandbox.world import generate_world

    with SandboxServer(generate_world(seed=3, size=40)) as server:
        yield server.base_url


def _dead_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_a_source_answering_any_status_is_reachable_and_a_closed_port_is_not(sandbox_url):
    up = probe("github", sandbox_url + "/no-such-page")
    assert up.reachable and up.status == 404 and up.error is None
    down = probe("github", _dead_port(), timeout_s=2)
    assert not down.reachable and down.status is None and "ConnectError" in down.error


def test_the_canary_names_an_unreachable_source_and_counts_dead_letters(settings, sandbox_url):
    from scout_core.sandbox.wiring import point_settings_at

    s = point_settings_at(settings, sandbox_url)
    s = s.model_copy(update={"producthunt": s.producthunt.model_copy(update={"base_url": _dead_port()}),
                             "apify": s.apify.model_copy(update={"enabled": False})})
    repo = open_repository(s)
    repo.add_dead_letter("x:gone", "x", "gone", "not found", error_kind="NotFoundError")
    repo.add_dead_letter("x:slow", "x", "slow", "HTTP 503", error_kind="SourceUnavailableError")
    repo.close_dead_letter("x:gone", "account not found")
    report = run_canary(s, repo)
    assert [p.source for p in report.sources if not p.reachable] == ["producthunt"]
    assert "apify" not in {p.source for p in report.sources}  # disabled sources are not probed
    assert report.dead_letters == {"open": 1, "closed": 1, "replayed": 0}
    assert not report.healthy and report.problems[0].startswith("producthunt unreachable at http://127.0.0.1:")


def test_an_open_breaker_in_the_shared_state_is_a_problem(settings, sandbox_url, redis_url):
    from scout_core.enrich.breaker import CircuitBreakers
    from scout_core.enrich.state import open_state
    from scout_core.sandbox.wiring import point_settings_at

    s = point_settings_at(settings, sandbox_url)
    s = s.model_copy(update={"redis_url": redis_url, "controller": s.controller.model_copy(
        update={"key_prefix": f"scout-test:ctl:{uuid.uuid4().hex[:10]}"})})
    state = open_state(s)
    try:
        breakers = CircuitBreakers(state, s.controller)
        for _ in range(s.controller.default_breaker.failures):
            breakers.record("github", "SourceUnavailableError")
        report = run_canary(s, open_repository(s))
    finally:
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=s.controller.key_prefix + "*"))
        if keys:
            client.delete(*keys)
        client.close()
        state.close()
    assert report.breakers["github"] == "open" and report.breakers_shared
    assert report.problems == ["github breaker is open"]
