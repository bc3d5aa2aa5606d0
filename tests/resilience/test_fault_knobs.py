"""Each fault knob against the running sandbox over HTTP, and through the real adapters."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from scout_core.errors import (
    ConfigurationError,
    InputError,
    RateLimitedError,
    SourceUnavailableError,
)
from scout_core.sandbox.faults import Faults, FaultSpec
from scout_core.sources import get_source


def _x_handle(world) -> str:
    return next(p.x.handle for p in world.people if p.x is not None)


def _gh_login(world) -> str:
    return next(p.github.login for p in world.people if p.github is not None)


def _users_by(server, handle, client=None):
    return httpx.get(f"{server.base_url}/x-api/2/users/by", params={"usernames": handle},
                     headers={"authorization": "Bearer sandbox-token"}, timeout=5)


async def _fetch(settings, source, handle):
    adapter = get_source(source, settings)
    try:
        return await adapter.fetch_profile(handle)
    finally:
        await adapter.aclose()


def test_no_faults_passes_requests_through(faulty_sandbox, faults):
    world, server, _ = faulty_sandbox
    assert _users_by(server, _x_handle(world)).status_code == 200
    assert faults.counts() == {}


def test_latency_delays_every_response_of_that_source_only(faulty_sandbox, faults):
    world, server, _ = faulty_sandbox
    faults.set("x_api", latency_ms=300)
    started = time.perf_counter()
    assert _users_by(server, _x_handle(world)).status_code == 200
    assert time.perf_counter() - started >= 0.3  # a lower bound only: the knob must have waited
    assert faults.counts() == {"x_api": {"pass": 1}}
    assert httpx.get(f"{server.base_url}/github/users/{_gh_login(world)}", timeout=5).status_code == 200
    assert "github" not in faults.counts()


def test_rate_limit_storm_sends_x_headers_and_the_adapter_reads_the_wait(faulty_sandbox, faults, sandbox_settings):
    world, server, _ = faulty_sandbox
    faults.set("x_api", rate_limit=1.0, retry_after_s=120)
    response = _users_by(server, _x_handle(world))
    assert response.status_code == 429
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert int(response.headers["x-rate-limit-reset"]) >= int(time.time()) + 100
    with pytest.raises(RateLimitedError) as caught:
        asyncio.run(_fetch(sandbox_settings, "x_api", _x_handle(world)))
    assert 100 <= caught.value.retry_after <= 121


def test_rate_limit_on_github_is_its_403_with_ratelimit_headers(faulty_sandbox, faults, sandbox_settings):
    world, server, _ = faulty_sandbox
    faults.set("github", rate_limit=1.0, retry_after_s=60)
    response = httpx.get(f"{server.base_url}/github/users/{_gh_login(world)}", timeout=5)
    assert response.status_code == 403
    assert response.headers["x-ratelimit-remaining"] == "0"
    with pytest.raises(RateLimitedError):
        asyncio.run(_fetch(sandbox_settings, "github", _gh_login(world)))


def test_rate_limit_on_search_sends_retry_after(faulty_sandbox, faults):
    _, server, _ = faulty_sandbox
    faults.set("search", rate_limit=1.0, retry_after_s=7)
    response = httpx.post(f"{server.base_url}/search/search", json={"query": "agents", "api_key": "k"}, timeout=5)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"


def test_a_fraction_is_drawn_deterministically_from_the_seed(faulty_sandbox, faults):
    world, server, _ = faulty_sandbox
    handle = _x_handle(world)

    def statuses() -> list[int]:
        faults.clear()  # a fresh draw sequence, as a fresh server with the same seed would have
        faults.set("x_api", rate_limit=0.5)
        return [_users_by(server, handle).status_code for _ in range(16)]

    first = statuses()
    assert first == statuses()
    assert set(first) == {200, 429}


def test_server_error_burst_is_a_retryable_unavailable_error(faulty_sandbox, faults, sandbox_settings):
    world, server, _ = faulty_sandbox
    faults.set("x_api", server_errors=1.0, server_error_status=502)
    assert _users_by(server, _x_handle(world)).status_code == 502
    with pytest.raises(SourceUnavailableError) as caught:
        asyncio.run(_fetch(sandbox_settings, "x_api", _x_handle(world)))
    assert caught.value.status == 502


def test_timeouts_hang_longer_than_the_client_waits(faulty_sandbox, faults, sandbox_settings):
    world, _, _ = faulty_sandbox
    faults.set("github", timeouts=1.0, hang_s=3.0)
    with pytest.raises(SourceUnavailableError, match="timeout"):
        asyncio.run(_fetch(sandbox_settings, "github", _gh_login(world)))


def test_connection_outage_resets_the_connection(faulty_sandbox, faults, sandbox_settings):
    world, server, _ = faulty_sandbox
    faults.set("x_api", outage="connection")
    with pytest.raises(httpx.TransportError):
        _users_by(server, _x_handle(world))
    with pytest.raises(SourceUnavailableError, match="connection failed"):
        asyncio.run(_fetch(sandbox_settings, "x_api", _x_handle(world)))
    assert httpx.get(f"{server.base_url}/healthz", timeout=5).status_code == 200  # the server itself is fine


def test_503_outage_and_its_window(faulty_sandbox, faults):
    world, server, _ = faulty_sandbox
    handle = _x_handle(world)
    faults.set("x_api", outage="503", delay_s=3600)
    assert _users_by(server, handle).status_code == 200  # not started yet
    faults.set("x_api", outage="503", duration_s=3600)
    assert _users_by(server, handle).status_code == 503
    faults.set("x_api", FaultSpec(outage="503", ends_at=time.time() - 1))
    assert _users_by(server, handle).status_code == 200  # over


def test_api_ban_answers_403_with_the_services_suspension_body(faulty_sandbox, faults, sandbox_settings):
    world, server, _ = faulty_sandbox
    faults.set("github", banned=True)
    response = httpx.get(f"{server.base_url}/github/users/{_gh_login(world)}", timeout=5)
    assert response.status_code == 403
    assert "suspended" in response.json()["message"]
    faults.set("x_api", banned=True)
    assert "suspended" in _users_by(server, _x_handle(world)).json()["detail"]
    with pytest.raises(ConfigurationError, match="403"):
        asyncio.run(_fetch(sandbox_settings, "x_api", _x_handle(world)))


def test_knobs_flip_over_http_on_the_running_server(faulty_sandbox, faults):
    world, server, _ = faulty_sandbox
    url = f"{server.base_url}/sandbox/faults"
    answer = httpx.post(url, json={"source": "x_api", "outage": "503", "duration_s": 600}, timeout=5)
    assert answer.status_code == 200
    assert answer.json()["sources"]["x_api"]["active"] is True
    assert _users_by(server, _x_handle(world)).status_code == 503
    assert httpx.get(url, timeout=5).json()["counts"]["x_api"] == {"outage_503": 1}
    bad = httpx.post(url, json={"source": "x_api", "rate_limit": 2}, timeout=5)
    assert bad.status_code == 422 and "rate_limit" in bad.json()["error"]
    unknown = httpx.post(url, json={"source": "myspace", "banned": True}, timeout=5)
    assert unknown.status_code == 422 and "myspace" in unknown.json()["error"]
    assert httpx.post(url, json={"clear": True}, timeout=5).json()["sources"] == {}
    assert _users_by(server, _x_handle(world)).status_code == 200


def test_bad_knobs_are_input_errors_naming_the_knob():
    faults = Faults()
    with pytest.raises(InputError, match="latency_ms"):
        faults.set("x_api", latency_ms=-1)
    with pytest.raises(InputError, match="no_such_knob"):
        faults.set("x_api", no_such_knob=1)
    with pytest.raises(InputError, match="duration_s"):
        faults.apply({"source": "x_api", "outage": "503", "duration_s": "soon"})
