"""HTTP plumbing shared by the API adapters: one client factory, one translation into Scout's errors.

Status codes and transport failures map onto ``scout_core.errors`` here and nowhere else:

=========================================  =======================================
what happened                              raised
=========================================  =======================================
429, or 403 with rate-limit headers        RateLimitedError (retry_after in seconds)
5xx, 408, timeout, connection error        SourceUnavailableError
401, 403 (bad or missing credentials)      ConfigurationError (never retried)
404                                        NotFoundError
other 4xx                                  PermanentSourceError
body that is not JSON                      ParseError
=========================================  =======================================
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from scout_core import bounded
from scout_core.errors import (
    ConfigurationError,
    InputError,
    NotFoundError,
    ParseError,
    PermanentSourceError,
    RateLimitedError,
    ScoutError,
    SourceUnavailableError,
)
from scout_core.settings import SourceSettings

USER_AGENT = "scout/0.1"
# Reset headers, most specific first: X sends x-rate-limit-reset, GitHub x-ratelimit-reset (both epoch s).
_RESET_HEADERS = ("x-rate-limit-reset", "x-ratelimit-reset")
_REMAINING_HEADERS = ("x-rate-limit-remaining", "x-ratelimit-remaining")


def make_client(source: SourceSettings, headers: Mapping[str, str] | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """An async client rooted at the source's base URL, with its timeout and Scout's User-Agent."""
    return httpx.AsyncClient(
        base_url=source.base_url + "/",
        timeout=httpx.Timeout(source.timeout_s),
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        transport=transport,
        follow_redirects=True,
    )


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """Case-insensitive header lookup that works on httpx, requests and plain dict headers."""
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None


def retry_after_from(headers: Mapping[str, Any], now: float | None = None) -> float | None:
    """Seconds to wait: Retry-After (seconds or HTTP date), else an epoch reset header."""
    now = time.time() if now is None else now
    value = _header(headers, "retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - now)
            except (TypeError, ValueError):
                pass
    for name in _RESET_HEADERS:
        reset = _header(headers, name)
        if reset:
            try:
                return max(0.0, float(reset) - now)
            except ValueError:
                continue
    return None


def _rate_limit_exhausted(headers: Mapping[str, Any], detail: str) -> bool:
    remaining = [_header(headers, name) for name in _REMAINING_HEADERS]
    return "0" in remaining or _header(headers, "retry-after") is not None or "rate limit" in detail.lower()


def error_for_status(status: int, headers: Mapping[str, Any], *, source: str, handle: str | None,
                     detail: str = "") -> ScoutError | None:
    """The Scout error for an HTTP status, or None when the status is a success."""
    if status < 400:
        return None
    what = f"HTTP {status}" + (f": {detail[:200]}" if detail else "")
    if status == 429 or (status == 403 and _rate_limit_exhausted(headers, detail)):
        return RateLimitedError(what, source=source, handle=handle, retry_after=retry_after_from(headers))
    if status >= 500 or status == 408:
        return SourceUnavailableError(what, source=source, handle=handle, status=status)
    if status in (401, 403):
        return ConfigurationError(f"{source}: credentials rejected ({what}); check the {source} credential")
    if status == 404:
        return NotFoundError(what, source=source, handle=handle)
    return PermanentSourceError(what, source=source, handle=handle)


def transport_error(exc: Exception, *, source: str, handle: str | None) -> SourceUnavailableError:
    """A timeout or connection failure as a retryable source error."""
    kind = "timeout" if isinstance(exc, httpx.TimeoutException) else "connection failed"
    return SourceUnavailableError(f"{kind}: {type(exc).__name__}: {exc}", source=source, handle=handle)


def parse_json(text: str | bytes, *, source: str, handle: str | None) -> Any:
    """The decoded body; a body that is not JSON, or nested past ``bounded.DEFAULT_MAX_DEPTH``, is a ParseError."""
    try:
        return bounded.loads(text, "response", bounded.DEFAULT_MAX_DEPTH)
    except InputError as exc:
        raise ParseError(str(exc), source=source, handle=handle, field="body") from exc


async def request_json(client: httpx.AsyncClient, method: str, path: str, *, source: str,
                       handle: str | None = None, **kwargs: Any) -> tuple[Any, httpx.Headers]:
    """One request: the decoded JSON body and the headers, or the translated Scout error."""
    try:
        response = await client.request(method, path.lstrip("/"), **kwargs)
    except httpx.HTTPError as exc:
        raise transport_error(exc, source=source, handle=handle) from exc
    error = error_for_status(response.status_code, response.headers, source=source, handle=handle,
                             detail=response.text)
    if error is not None:
        raise error
    return parse_json(response.content, source=source, handle=handle), response.headers
