"""Where the sandbox's fault knobs act: an ASGI wrapper around the whole app, and the control routes.

The wrapper sits outside Starlette's own middleware, so for a connection-level outage it can reset
the client's TCP connection (uvicorn hands the app a ``send`` bound to the connection's cycle).
Answers carry each service's own shapes: X's ``x-rate-limit-*`` headers and problem bodies,
GitHub's ``x-ratelimit-*`` 403 and suspension message, ``Retry-After`` for the search API.
For x_web only the profile API the page script calls gets HTTP answers (the page then shows X's
error state); the page itself gets latency, hangs and connection resets.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from scout_core import bounded
from scout_core.errors import InputError
from scout_core.sandbox.faults import Decision, Faults
from scout_core.sandbox.wiring import PREFIXES

log = logging.getLogger(__name__)
Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
_BY_PREFIX = sorted(((prefix, name) for name, prefix in PREFIXES.items()), key=lambda p: -len(p[0]))
_X_WEB_API = PREFIXES["x_web"] + "/i/api/"
COMMAND_MAX_DEPTH = 4
_BAN_BODIES: dict[str, tuple[int, dict[str, Any]]] = {
    "x_api": (403, {"title": "Forbidden", "type": "about:blank", "status": 403,
                    "detail": "Your account is suspended and is not permitted to access this feature."}),
    "github": (403, {"message": "Sorry. Your account was suspended.",
                     "documentation_url": "https://support.github.com/contact"}),
    "search": (403, {"detail": {"error": "This API key has been suspended."}}),
}


def source_of(path: str) -> str | None:
    """The source whose prefix the path is under, or None for the server's own routes."""
    for prefix, name in _BY_PREFIX:
        if path == prefix or path.startswith(prefix + "/"):
            return name
    return None


class FaultMiddleware:
    """Applies ``faults.decide(source)`` to every request under a source's prefix."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.faults.idle:
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        source = source_of(path)
        decision = self.faults.decide(source) if source else None
        if decision is None or decision.action == "pass" and not decision.delay_s:
            await self.app(scope, receive, send)
            return
        if decision.delay_s:
            await asyncio.sleep(decision.delay_s)
        if not _answers_here(source, path, decision):
            await self.app(scope, receive, send)
        elif decision.action == "outage_connection" and _reset_connection(send):
            return
        else:
            await _respond(send, *_answer(source, decision, self.faults.clock()))  # type: ignore[arg-type]


def _answers_here(source: str | None, path: str, decision: Decision) -> bool:
    """Whether this request gets the fault's own answer rather than the real route's."""
    if decision.action in ("pass", "banned") and source == "x_web":
        return False  # x_web's ban is the suspended-session page its router draws
    if decision.action == "pass":
        return False
    if source == "x_web" and decision.action in ("rate_limit", "server_error", "outage_503"):
        return path.startswith(_X_WEB_API)
    return True


def _reset_connection(send: Any) -> bool:
    """Abort the TCP connection under this request (uvicorn's cycle holds it); False if unreachable."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    cycle.disconnected = True  # so uvicorn does not log "returned without starting response"
    return True


def _answer(source: str, decision: Decision, now: float) -> tuple[int, dict[str, str], dict[str, Any]]:
    spec = decision.spec
    assert spec is not None
    if decision.action == "rate_limit":
        return _rate_limited(source, spec.retry_after_s, now)
    if decision.action == "banned":
        status, body = _BAN_BODIES.get(source, (403, {"error": "Forbidden: this account is suspended."}))
        return status, {}, body
    if decision.action == "hang":
        return 504, {}, {"error": "Gateway Timeout"}
    status = 503 if decision.action == "outage_503" else spec.server_error_status
    return status, {}, {"title": "Service Unavailable", "status": status,
                        "detail": "The service is temporarily unavailable."}


def _rate_limited(source: str, retry_after_s: int, now: float) -> tuple[int, dict[str, str], dict[str, Any]]:
    reset = str(math.ceil(now + retry_after_s))
    if source in ("x_api", "x_web"):
        headers = {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset}
        return 429, headers, {"title": "Too Many Requests", "detail": "Too Many Requests",
                              "type": "about:blank", "status": 429}
    if source == "github":
        headers = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset,
                   "x-ratelimit-used": "5000", "x-ratelimit-resource": "core"}
        return 403, headers, {"message": "API rate limit exceeded for user ID 1.",
                              "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                              "status": "403"}
    return 429, {"retry-after": str(retry_after_s)}, {"detail": {"error": "Rate limit exceeded."}}


async def _respond(send: Any, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


def install_faults(app: FastAPI, faults: Faults) -> None:
    """Wrap ``app`` (outside Starlette's middleware) and add ``GET``/``POST /sandbox/faults``."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: FaultMiddleware(build(), faults)  # type: ignore[method-assign]

    @app.get("/sandbox/faults")
    def show_faults() -> dict[str, Any]:
        return {**faults.snapshot(), "counts": faults.counts()}

    @app.post("/sandbox/faults")
    async def change_faults(request: Request) -> JSONResponse:
        # The body is capped by the app's BodyLimit; a command is flat, so a few levels of JSON is plenty.
        try:
            command = bounded.loads(await request.body(), "fault command", max_depth=COMMAND_MAX_DEPTH)
            if not isinstance(command, dict):
                raise InputError("fault command must be a JSON object")
            return JSONResponse(faults.apply(command))  # apply validates all of it before changing anything
        except InputError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
