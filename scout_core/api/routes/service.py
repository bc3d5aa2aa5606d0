"""Liveness (no key needed) and the Prometheus metrics placeholder the operating issue fills."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, generate_latest

from scout_core import __version__
from scout_core.api.deps import InsightsDep, ReadKey
from scout_core.api.schemas import Liveness

router = APIRouter(tags=["service"])
metrics_router = APIRouter(tags=["service"])


class ApiMetrics:
    """The API's own metrics, in a registry of its own (several apps in one process never collide)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("scout_api_requests_total", "API requests answered, by route and status.",
                                ["route", "status"], registry=self.registry)
        self.builders = Gauge("scout_analytics_builders", "Builders in the analytics tables.", registry=self.registry)
        self.refreshed = Gauge("scout_analytics_last_refresh_timestamp_seconds",
                               "When the analytics were last refreshed (Unix time).", registry=self.registry)


@router.get("/health", response_model=Liveness)
def liveness() -> Liveness:
    """The server is up (no key needed; says nothing about the store)."""
    return Liveness(status="ok", version=__version__)


@metrics_router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(request: Request, insights: InsightsDep, _who: ReadKey) -> Response:
    """Prometheus text format: request counts, builders and analytics freshness (more in the operating issue)."""
    found: ApiMetrics = request.app.state.metrics
    found.builders.set(insights.analytics_count())
    refreshed = insights.analytics_refreshed_at()
    found.refreshed.set(refreshed.timestamp() if refreshed else 0)
    return Response(generate_latest(found.registry), media_type=CONTENT_TYPE_LATEST)
