"""The app factory: ``create_app(settings)`` builds Scout's one FastAPI app over the store.

Routes live under ``/api/v1`` (one router per resource in ``routes/``), ``/metrics`` at the root, OpenAPI at
``/openapi.json`` and ``/docs``. The app reads with a read-only engine (on SQLite: deferred transactions,
``query_only``) and writes operators' actions with a second one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from scout_core import __version__
from scout_core.api.deps import ApiContext
from scout_core.api.errors import install_error_handlers, problem
from scout_core.api.routes import analytics, builders, dlq, identity, insights, pipeline, service
from scout_core.api.routes.service import ApiMetrics
from scout_core.api.security import ApiKeys
from scout_core.settings import Settings
from scout_core.store.db import make_engine
from scout_core.store.insights import InsightsRepository
from scout_core.store.operator import OperatorRepository

API_PREFIX = "/api/v1"
POOL = {"pool_size": 10, "max_overflow": 10}  # 16 concurrent clients, each holding one connection at most


def open_context(settings: Settings) -> ApiContext:
    """Keys parsed (a bad map fails here, before serving) and repositories on their engines."""
    keys = ApiKeys.from_settings(settings.api)
    url = settings.resolved_database_url
    extra = POOL if url.startswith("postgresql") else {}
    reader = InsightsRepository(make_engine(url, read_only=True, **extra))
    writer = OperatorRepository(make_engine(url, **extra))
    return ApiContext(settings=settings, keys=keys, insights=reader, operator=writer)


def app_from_environment() -> FastAPI:
    """The app with settings from the environment: what each uvicorn worker process builds (``--workers``)."""
    return create_app(Settings())


def create_app(settings: Settings, context: ApiContext | None = None) -> FastAPI:
    ctx = context or open_context(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close()

    app = FastAPI(title="Scout API", version=__version__, lifespan=lifespan,
                  description="Builders, insights, trends and pipeline health. Every /api/v1 path but /health "
                              "needs `Authorization: Bearer <key>` when keys are configured.")
    app.state.scout, app.state.metrics = ctx, ApiMetrics()
    install_error_handlers(app)
    for router in (builders.router, insights.router, analytics.router, pipeline.router, identity.router,
                   dlq.router, service.router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(service.metrics_router)
    if settings.api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.api.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], allow_credentials=False)
    app.add_middleware(QueryLimit, max_bytes=settings.api.max_query_bytes)
    app.add_middleware(CountRequests, metrics=app.state.metrics)
    return app


class QueryLimit:
    """A query string longer than ``max_bytes`` is answered 414 before any route parses it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("query_string", b"")) > self.max_bytes:
            response = problem(414, f"query string longer than {self.max_bytes} bytes")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class CountRequests:
    """Counts answers by route template and status for /metrics (templates, so ids do not explode labels)."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def sending(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if scope["path"].startswith(API_PREFIX) and not template.startswith(("unmatched", API_PREFIX)):
                template = API_PREFIX + template  # routers report their path without the prefix
            self.metrics.requests.labels(template, str(status["code"])).inc()
