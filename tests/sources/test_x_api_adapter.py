"""X API v2 adapter against the sandbox routes over real HTTP."""

from __future__ import annotations

import math
import time

import pytest
from pydantic import SecretStr

from scout_core.errors import ConfigurationError, InvalidHandleError, NotFoundError, RateLimitedError
from scout_core.sandbox.ratelimit import SandboxLimits
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import EnrichmentQuality
from scout_core.sources.x_api import XApiSource

pytestmark = pytest.mark.anyio
ADA_ID = "1234567890123456789"


async def test_fetch_profile_keeps_bodies_and_counts_reads(sandbox_settings):
    source = XApiSource(sandbox_settings)
    try:
        raw = await source.fetch_profile("@ada_builds")
    finally:
        await source.aclose()
    assert raw.handle == "Ada_Builds" and raw.body["user"]["data"]["id"] == ADA_ID
    assert raw.meta == {"user_reads": 1, "post_reads": 3, "requests": 2}
    (profile,) = source.normalize(raw)
    assert profile.source_id == ADA_ID and profile.website == "https://ada.dev"
    assert profile.enrichment_quality == EnrichmentQuality.FULL
    assert profile.recent_posts[0].urls == ["https://github.com/ada-l/agentkit"]
    assert profile.recent_posts[0].mentions == ["bob_ml"]
    assert "&amp;" not in profile.recent_posts[0].text
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("github", "ada-l")]


async def test_batch_with_partial_errors_and_renamed_handle(sandbox_settings):
    settings = sandbox_settings.model_copy(
        update={"x_api": sandbox_settings.x_api.model_copy(update={"users_per_request": 2})})
    source = XApiSource(settings)
    try:
        results = await source.fetch_many(["ada_builds", "bob_ml", "ada_old", "nobody_at_all", "bad handle!"])
        found = await source.fetch_profiles(["bob_ml", "nobody_at_all"])
    finally:
        await source.aclose()
    assert isinstance(results["ada_builds"].body, dict) and results["bob_ml"].meta["post_reads"] == 1
    assert isinstance(results["ada_old"], NotFoundError)  # the old handle of a renamed account finds nobody
    assert isinstance(results["nobody_at_all"], NotFoundError) and results["nobody_at_all"].handle == "nobody_at_all"
    assert isinstance(results["bad handle!"], InvalidHandleError)
    assert [raw.handle for raw in found] == ["bob_ml"]


async def test_not_found_and_invalid_single_handles(sandbox_settings):
    source = XApiSource(sandbox_settings)
    try:
        with pytest.raises(NotFoundError) as info:
            await source.fetch_profile("nobody_at_all")
        with pytest.raises(InvalidHandleError):
            await source.fetch_profile("has spaces in it")
    finally:
        await source.aclose()
    assert info.value.source == "x_api" and info.value.handle == "nobody_at_all"


async def test_discover_returns_authors_then_mentions(sandbox_settings):
    source = XApiSource(sandbox_settings)
    try:
        candidates = await source.discover("AI agents")
    finally:
        await source.aclose()
    assert [(c.handle, c.discovered_via) for c in candidates] == [("Ada_Builds", "search"), ("bob_ml", "search")]
    assert all(c.topic == "AI agents" for c in candidates)


async def test_missing_or_revoked_token_is_a_configuration_error(sandbox_settings):
    no_token = sandbox_settings.model_copy(
        update={"x_api": sandbox_settings.x_api.model_copy(update={"bearer_token": None})})
    with pytest.raises(ConfigurationError, match="SCOUT_X_API__BEARER_TOKEN"):
        await XApiSource(no_token).fetch_profile("ada_builds")
    revoked = sandbox_settings.model_copy(
        update={"x_api": sandbox_settings.x_api.model_copy(update={"bearer_token": SecretStr("revoked-1")})})
    source = XApiSource(revoked)
    try:
        with pytest.raises(ConfigurationError, match="HTTP 401"):
            await source.fetch_profile("ada_builds")
    finally:
        await source.aclose()


async def test_exhausted_window_is_rate_limited_with_retry_after(settings, serve_world):
    hour = 3600.0
    frozen = math.floor(time.time() / hour) * hour + 1  # the sandbox's clock stands still in this window
    limits = SandboxLimits(x_window_s=hour, x_users_lookup=2, clock=lambda: frozen)
    with serve_world(limits) as url:
        source = XApiSource(point_settings_at(settings, url))
        try:
            await source.fetch_profile("bob_ml")
            await source.fetch_profile("ada_builds")
            with pytest.raises(RateLimitedError) as info:
                await source.fetch_profile("bob_ml")
        finally:
            await source.aclose()
    assert info.value.retry_after is not None and 0 <= info.value.retry_after <= hour
    assert info.value.source == "x_api" and info.value.handle == "bob_ml"


async def test_timeline_rate_limit_degrades_to_partial_profiles(settings, serve_world):
    frozen = math.floor(time.time() / 3600) * 3600 + 1
    limits = SandboxLimits(x_window_s=3600, x_user_tweets=1, clock=lambda: frozen)
    with serve_world(limits) as url:
        source = XApiSource(point_settings_at(settings, url))
        try:
            results = await source.fetch_many(["ada_builds", "bob_ml"])
        finally:
            await source.aclose()
    ada, bob = results["ada_builds"], results["bob_ml"]
    assert ada.body["tweets"] is not None and "tweets_error" not in ada.meta
    assert bob.body["tweets"] is None and bob.meta["tweets_error"] == "RateLimitedError"
    assert source.normalize(bob)[0].enrichment_quality == EnrichmentQuality.PARTIAL
