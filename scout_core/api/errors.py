"""Every error the API answers is JSON ``{"error": <kind>, "detail": <one line>}`` with its status.

Unknown paths and ids are 404, bad parameters 422, missing keys 401, weak keys 403, long query strings 414,
Scout's own input errors 422, an unreachable database 503; anything unexpected is a 500 that says only
"internal error" (the traceback goes to the server's log, never to the caller).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from scout_core.errors import ConfigurationError, DatabaseUnavailableError, InputError, ScoutError

log = logging.getLogger("scout.api")
_KINDS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 414: "uri_too_long", 415: "unsupported_media_type",
          422: "invalid_parameter", 429: "too_many_requests", 503: "unavailable"}
MAX_DETAIL = 300


class ApiProblem(Exception):
    """An answer other than success, raised anywhere in a route."""

    def __init__(self, status: int, detail: str, error: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.error = error or _KINDS.get(status, "error")
        self.headers = headers


def problem(status: int, detail: str, error: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": error or _KINDS.get(status, "error"), "detail": " ".join(detail.split())[:MAX_DETAIL]}
    return JSONResponse(status_code=status, content=body, headers=headers)


def validation_detail(exc: RequestValidationError) -> str:
    """The first problem, as ``where: what`` (never the value sent: it may be huge or hostile)."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body"))
    message = str(first.get("msg", "invalid")).replace("Value error, ", "")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where or 'request'}: {message}{more}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _problem(_request: Request, exc: ApiProblem) -> JSONResponse:
        return problem(exc.status, exc.detail, exc.error, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _KINDS.get(exc.status_code, "error")
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such path: see /docs for the API"
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, validation_detail(exc))

    @app.exception_handler(InputError)
    async def _input(_request: Request, exc: InputError) -> JSONResponse:
        return problem(422, str(exc))

    @app.exception_handler(DatabaseUnavailableError)
    async def _down(_request: Request, exc: DatabaseUnavailableError) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return problem(503, "the database is unavailable; try again shortly")

    @app.exception_handler(ConfigurationError)
    async def _config(_request: Request, exc: ConfigurationError) -> JSONResponse:
        return problem(422, str(exc))

    @app.exception_handler(ScoutError)
    async def _scout(_request: Request, exc: ScoutError) -> JSONResponse:
        log.error("request failed: %s", exc)
        return problem(503, "the store could not answer; see the server's log")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "internal error", "internal")
