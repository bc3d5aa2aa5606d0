"""GitHub adapter (PyGithub) against the sandbox routes, with a base URL that has a path prefix."""

from __future__ import annotations

import math
import time

import pytest
from pydantic import SecretStr

from scout_core.errors import (
    ConfigurationError,
    InvalidHandleError,
    NotFoundError,
    RateLimitedError,
    SourceUnavailableError,
)
from scout_core.sandbox.ratelimit import SandboxLimits
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import EnrichmentQuality
from scout_core.sources.github import GithubSource

pytestmark = pytest.mark.anyio


async def test_fetch_profile_user_repos_and_events(sandbox_settings):
    assert sandbox_settings.github.base_url.endswith("/github")
    source = GithubSource(sandbox_settings)
    try:
        raw = await source.fetch_profile("Ada-L")
    finally:
        await source.aclose()
    body = raw.body
    assert body["user"]["login"] == "ada-l" and body["user"]["bio"] is None
    assert len(body["repos"]) == 30  # first page only
    assert body["repos"][0]["name"] == "agentkit"  # sorted by pushed, newest first
    assert [e["type"] for e in body["events"]][:3] == ["PushEvent"] * 3
    (profile,) = source.normalize(raw)
    assert profile.website == "https://ada.dev" and profile.content_count == 35
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("x", "Ada_Builds")]
    assert profile.shipping_signals[0] == "repo ada-l/agentkit: 1200 stars"
    assert "ai-agents" in profile.technical_keywords
    assert profile.enrichment_quality == EnrichmentQuality.FULL


async def test_contributors_follow_link_pagination_under_the_prefix(sandbox_settings):
    source = GithubSource(sandbox_settings)
    try:
        logins = await source.contributors("ada-l/agentkit")
        first_ten = await source.contributors("ada-l/agentkit", limit=10)
    finally:
        await source.aclose()
    assert len(logins) == 35 and logins[:2] == ["ada-l", "bobml"]  # 35 > one page of 30
    assert first_ten == logins[:10]


async def test_hostile_blog_and_empty_bio_from_the_wire(sandbox_settings):
    source = GithubSource(sandbox_settings)
    try:
        (profile,) = source.normalize(await source.fetch_profile("bobml"))
    finally:
        await source.aclose()
    assert profile.bio is None and profile.website is None and profile.display_name is None


async def test_not_found_and_invalid_login(sandbox_settings):
    source = GithubSource(sandbox_settings)
    try:
        with pytest.raises(NotFoundError) as info:
            await source.fetch_profile("no-such-user")
        with pytest.raises(NotFoundError):
            await source.contributors("ada-l/missing-repo")
        with pytest.raises(InvalidHandleError):
            await source.fetch_profile("two words")
    finally:
        await source.aclose()
    assert info.value.source == "github" and info.value.handle == "no-such-user"


async def test_revoked_token_is_a_configuration_error(sandbox_settings):
    revoked = sandbox_settings.model_copy(
        update={"github": sandbox_settings.github.model_copy(update={"token": SecretStr("revoked-x")})})
    source = GithubSource(revoked)
    try:
        with pytest.raises(ConfigurationError, match="HTTP 401"):
            await source.fetch_profile("ada-l")
    finally:
        await source.aclose()


async def test_spent_hourly_limit_is_rate_limited_with_retry_after(settings, serve_world):
    frozen = math.floor(time.time() / 3600) * 3600 + 1
    with serve_world(SandboxLimits(github_core=4, clock=lambda: frozen)) as url:
        source = GithubSource(point_settings_at(settings, url))
        try:
            await source.fetch_profile("bobml")  # three calls
            with pytest.raises(RateLimitedError) as info:
                await source.fetch_profile("ada-l")  # the fourth passes, the fifth is refused
        finally:
            await source.aclose()
    assert info.value.retry_after is not None and 0 <= info.value.retry_after <= 3600
    assert info.value.handle == "ada-l"


async def test_unreachable_server_is_source_unavailable(settings):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = settings.model_copy(update={"github": settings.github.model_copy(
        update={"base_url": f"http://127.0.0.1:{port}/github", "timeout_s": 2})})
    source = GithubSource(dead)
    try:
        with pytest.raises(SourceUnavailableError):
            await source.fetch_profile("ada-l")
    finally:
        await source.aclose()
