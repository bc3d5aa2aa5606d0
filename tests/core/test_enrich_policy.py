"""Retry, routing, costs and dead-letter advice: the policy tables and the one function reading each."""

import asyncio

import pytest

from scout_core.enrich.costs import cost_of
from scout_core.enrich.dead_letters import suggest_action
from scout_core.enrich.retry import RetryPolicy, is_retryable, with_retries
from scout_core.enrich.routing import tiers_for, worker_kind
from scout_core.errors import LoginWallError, NotFoundError, RateLimitedError, SourceUnavailableError

FAST = RetryPolicy(attempts=3, base_s=0.001, max_wait_s=0.01, max_rate_limit_wait_s=1)


def test_only_transient_errors_are_retryable():
    assert is_retryable(SourceUnavailableError("503", source="s"), FAST)
    assert is_retryable(RateLimitedError("429", source="s", retry_after=0.5), FAST)
    assert not is_retryable(RateLimitedError("429", source="s", retry_after=900), FAST)
    assert not is_retryable(NotFoundError("404", source="s"), FAST)
    assert not is_retryable(LoginWallError("wall", source="s"), FAST)


def test_with_retries_recovers_from_transient_errors():
    calls = []

    async def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise SourceUnavailableError("503", source="s")
        return "ok"

    assert asyncio.run(with_retries(flaky, FAST)) == "ok"
    assert len(calls) == 3


def test_with_retries_gives_up_and_reraises_the_last_error():
    calls = []

    async def down():
        calls.append(1)
        raise SourceUnavailableError("503", source="s")

    with pytest.raises(SourceUnavailableError):
        asyncio.run(with_retries(down, FAST))
    assert len(calls) == FAST.attempts


def test_permanent_errors_are_not_retried():
    calls = []

    async def missing():
        calls.append(1)
        raise NotFoundError("404", source="s")

    with pytest.raises(NotFoundError):
        asyncio.run(with_retries(missing, FAST))
    assert len(calls) == 1


def test_routing_puts_the_configured_x_tier_first(settings):
    assert tiers_for("x", settings) == ["x_api", "apify", "x_web"]
    web_first = settings.model_copy(update={"pipeline": settings.pipeline.model_copy(update={"x_tier": "x_web"})})
    assert tiers_for("x", web_first) == ["x_web", "x_api", "apify"]
    assert tiers_for("x", settings, frozenset({"x_web"})) == ["x_web"]
    assert tiers_for("linkedin", settings) == []
    assert worker_kind("x_web") == "browser" and worker_kind("x_api") == "api"


def test_disabled_sources_are_not_routed(settings):
    off = settings.model_copy(update={"x_api": settings.x_api.model_copy(update={"enabled": False})})
    assert tiers_for("x", off) == ["apify", "x_web"]


def test_costs_follow_public_prices():
    assert cost_of("x_api", {"user_reads": 1, "post_reads": 20}) == pytest.approx(0.11)
    assert cost_of("github", {"calls": 3}) == 0
    assert cost_of("x_api", {"user_reads": "garbage"}) == 0


def test_every_error_kind_gets_advice():
    assert "session cookies" in suggest_action("LoginWallError")
    assert suggest_action("SomethingNew") == "inspect the error, then replay"
