"""Status codes, headers and transport failures → Scout's error tree."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from scout_core.errors import (
    ConfigurationError,
    NotFoundError,
    ParseError,
    PermanentSourceError,
    RateLimitedError,
    SourceUnavailableError,
)
from scout_core.sources.http import (
    USER_AGENT,
    error_for_status,
    make_client,
    parse_json,
    request_json,
    retry_after_from,
)

pytestmark = pytest.mark.anyio


def err(status, headers=None, detail=""):
    return error_for_status(status, headers or {}, source="x_api", handle="ada", detail=detail)


def test_success_is_no_error():
    assert err(200) is None and err(304) is None


def test_429_with_each_reset_header():
    now = time.time()
    assert err(429, {"Retry-After": "30"}).retry_after == 30
    x = err(429, {"x-rate-limit-reset": str(int(now) + 120)})
    assert isinstance(x, RateLimitedError) and 110 <= x.retry_after <= 120
    gh = err(429, {"X-RateLimit-Reset": str(int(now) + 60)})
    assert 50 <= gh.retry_after <= 60
    assert err(429).retry_after is None
    assert err(429, {"x-rate-limit-reset": str(int(now) - 100)}).retry_after == 0


def test_retry_after_as_http_date():
    when = datetime.now(UTC) + timedelta(seconds=90)
    assert 80 <= retry_after_from({"retry-after": format_datetime(when, usegmt=True)}) <= 90


def test_403_is_rate_limit_only_when_the_window_is_spent():
    spent = err(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 5)})
    assert isinstance(spent, RateLimitedError)
    assert isinstance(err(403, detail="You have exceeded a secondary rate limit"), RateLimitedError)
    assert isinstance(err(403, {"x-ratelimit-remaining": "4999"}, "Forbidden"), ConfigurationError)
    assert isinstance(err(401, detail="Bad credentials"), ConfigurationError)


def test_other_statuses():
    assert isinstance(err(404), NotFoundError) and err(404).handle == "ada"
    assert isinstance(err(503), SourceUnavailableError) and err(503).status == 503
    assert isinstance(err(408), SourceUnavailableError)
    assert isinstance(err(400), PermanentSourceError) and not isinstance(err(400), NotFoundError)


def test_invalid_json_is_a_parse_error():
    with pytest.raises(ParseError) as info:
        parse_json(b"<html>oops", source="github", handle="ada")
    assert info.value.field == "body" and info.value.handle == "ada"


async def test_client_sends_user_agent_and_translates_transport_failures(settings):
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["ua"] = request.headers["user-agent"]
        seen["url"] = str(request.url)
        if request.url.path.endswith("/slow"):
            raise httpx.ReadTimeout("timed out", request=request)
        if request.url.path.endswith("/html"):
            return httpx.Response(200, text="<html>")
        return httpx.Response(200, json={"ok": True})

    async with make_client(settings.x_api, transport=httpx.MockTransport(handler)) as client:
        body, _ = await request_json(client, "GET", "/2/ok", source="x_api")
        assert body == {"ok": True} and seen["ua"] == USER_AGENT
        assert seen["url"] == "https://api.x.com/2/ok"
        with pytest.raises(SourceUnavailableError, match="timeout"):
            await request_json(client, "GET", "/slow", source="x_api", handle="ada")
        with pytest.raises(ParseError):
            await request_json(client, "GET", "/html", source="x_api")


async def test_base_url_path_prefix_is_kept(settings):
    seen = []
    cfg = settings.x_api.model_copy(update={"base_url": "http://127.0.0.1:9/x-api"})
    transport = httpx.MockTransport(lambda r: (seen.append(r.url.path), httpx.Response(200, json={}))[1])
    async with make_client(cfg, transport=transport) as client:
        await request_json(client, "GET", "/2/users/by", source="x_api")
    assert seen == ["/x-api/2/users/by"]


async def test_connection_refused_is_source_unavailable(settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cfg = settings.x_api.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})
    async with make_client(cfg) as client:
        with pytest.raises(SourceUnavailableError, match="connection failed"):
            await request_json(client, "GET", "/2/users/by", source="x_api")
