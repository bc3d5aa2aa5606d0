"""Circuit breakers and the health monitor, on both backends."""

from __future__ import annotations

import pytest

from scout_core.enrich.breaker import CircuitBreakers, is_source_failure
from scout_core.enrich.health import HealthMonitor, percentile
from scout_core.enrich.state import CLOSED, HALF_OPEN, OPEN
from scout_core.settings import BreakerCfg, ControllerSettings

CFG = ControllerSettings(breakers={"x_api": BreakerCfg(failures=3, reset_s=60)})


def test_breaker_opens_after_consecutive_failures_then_probes_once_and_closes(backend, clock):
    breakers = CircuitBreakers(backend(), CFG, clock)
    for _ in range(2):
        breakers.record("x_api", "SourceUnavailableError")
    assert breakers.state_of("x_api") == CLOSED and breakers.allow("x_api")
    breakers.record("x_api", "SourceUnavailableError")
    assert breakers.state_of("x_api") == OPEN
    assert not breakers.allow("x_api") and breakers.is_open("x_api")
    clock.advance(61)
    assert breakers.allow("x_api")  # the one half-open probe
    assert breakers.state_of("x_api") == HALF_OPEN
    assert not breakers.allow("x_api")  # a second caller waits for the probe's answer
    breakers.record("x_api", None)
    assert breakers.state_of("x_api") == CLOSED and breakers.allow("x_api")


def test_a_failed_probe_reopens_the_circuit(backend, clock):
    breakers = CircuitBreakers(backend(), CFG, clock)
    for _ in range(3):
        breakers.record("x_api", "BannedError")
    clock.advance(61)
    assert breakers.allow("x_api")
    assert breakers.record("x_api", "SourceUnavailableError") == OPEN
    assert not breakers.allow("x_api")


def test_success_resets_the_failure_count(backend, clock):
    breakers = CircuitBreakers(backend(), CFG, clock)
    for _ in range(2):
        breakers.record("x_api", "SourceUnavailableError")
    breakers.record("x_api", None)
    for _ in range(2):
        breakers.record("x_api", "SourceUnavailableError")
    assert breakers.state_of("x_api") == CLOSED


def test_rate_limits_and_missing_profiles_never_move_the_breaker(backend, clock):
    breakers = CircuitBreakers(backend(), CFG, clock)
    for _ in range(10):
        breakers.record("x_api", "RateLimitedError")
        breakers.record("x_api", "NotFoundError")
    assert breakers.state_of("x_api") == CLOSED
    assert backend().breaker_state("x_api")[1] == 0
    assert not is_source_failure("RateLimitedError") and is_source_failure("BannedError")


def test_breaker_state_is_shared_between_two_clients(backend, clock):
    one, two = CircuitBreakers(backend(), CFG, clock), CircuitBreakers(backend(), CFG, clock)
    one.record("x_api", "SourceUnavailableError")
    two.record("x_api", "SourceUnavailableError")
    one.record("x_api", "SourceUnavailableError")
    assert two.state_of("x_api") == OPEN and not two.allow("x_api")
    clock.advance(61)
    assert one.allow("x_api") and not two.allow("x_api")  # exactly one probe across clients


def test_thresholds_come_from_settings_per_node(settings):
    cfg = settings.controller
    assert (cfg.breakers["x_api"].failures, cfg.breakers["x_api"].reset_s) == (5, 60)
    assert (cfg.breakers["apify"].failures, cfg.breakers["apify"].reset_s) == (5, 120)
    assert (cfg.breakers["x_web"].failures, cfg.breakers["x_web"].reset_s) == (3, 300)


def test_health_summarizes_a_sliding_window(backend, clock):
    health = HealthMonitor(backend(), window_s=60, clock=clock)
    health.record("x_api", True, 9.0, requests=2)  # falls out of the window below
    clock.advance(61)
    for latency in (0.1, 0.2, 0.3, 0.4):
        health.record("x_api", True, latency, requests=2)
    health.record("x_api", True, 0.5, "RateLimitedError")  # answered: shown, but not a failure
    health.record("x_api", False, 1.0, "SourceUnavailableError")
    clock.advance(30)
    snap = health.snapshot("x_api")
    assert snap.calls == 6
    assert snap.success_rate == pytest.approx(5 / 6)
    assert snap.p50_s == 0.3 and snap.p95_s == 1.0
    assert snap.errors == {"RateLimitedError": 1, "SourceUnavailableError": 1}
    assert snap.requests_per_min == pytest.approx(10 / 0.5)  # 10 requests over the 30 s seen so far
    assert health.snapshot("github").calls == 0


def test_percentile_is_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 0.95) == 95.0
