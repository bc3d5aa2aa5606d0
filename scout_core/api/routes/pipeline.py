"""/pipeline: the pipeline's health read live from the store (and Redis when shared), and open alerts."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Engine

from scout_core.api.deps import ContextDep, InsightsDep, ReadKey
from scout_core.api.schemas import AlertList, AlertOut, PipelineHealth, RunOut, SourceHealth
from scout_core.enrich.controller import Controller
from scout_core.queue import DatabaseQueue
from scout_core.queue.journal import QUEUE_NAME
from scout_core.schema import utcnow
from scout_core.settings import Settings
from scout_core.sources import SOURCE_NAMES

router = APIRouter(prefix="/pipeline", tags=["pipeline"])
WORKER_NODES = ("worker:api", "worker:browser")


@router.get("/health", response_model=PipelineHealth)
def health(ctx: ContextDep, insights: InsightsDep, _who: ReadKey) -> PipelineHealth:
    """Throughput by stage, error rates by source (24 h), queue depths, workers, today's cost, last runs."""
    now = utcnow()
    enriched, failed = insights.source_activity(now - timedelta(hours=24))
    spend = insights.spend_today_per_source(now)
    today = sum(spend.values())
    enriched_today = sum(insights.source_activity(now.replace(hour=0, minute=0, second=0, microsecond=0))[0].values())
    workers, note = _workers(ctx.settings)
    return PipelineHealth(
        stages=insights.stage_counts(), discovered_1h=insights.discovered_since(now - timedelta(hours=1)),
        discovered_24h=insights.discovered_since(now - timedelta(hours=24)),
        sources=[_source(name, enriched.get(name, 0), failed.get(name, {}))
                 for name in sorted(set(enriched) | set(failed))],
        queues=_queues(insights.engine), dead_letters=insights.dead_letter_counts(), workers=workers,
        workers_note=note, cost_today_usd=round(today, 6),
        cost_today_by_source={k: round(v, 6) for k, v in spend.items()},
        cost_per_profile_today=round(today / enriched_today, 6) if enriched_today else None,
        last_runs=[RunOut(run_id=r.run_id, status=r.status, started_at=r.started_at, finished_at=r.finished_at,
                          stats=r.stats) for r in insights.recent_runs(5)],
        analytics_refreshed_at=insights.analytics_refreshed_at())


@router.get("/alerts", response_model=AlertList)
def alerts(insights: InsightsDep, _who: ReadKey, include_resolved: bool = False,
           limit: Annotated[int, Query(ge=1, le=500)] = 100) -> AlertList:
    """Open alerts, newest first (with ``include_resolved``, resolved ones too)."""
    return AlertList(items=[AlertOut.model_validate(vars(a)) for a in insights.alerts(include_resolved, limit)])


def _source(name: str, done: int, kinds: dict[str, int]) -> SourceHealth:
    errors = sum(kinds.values())
    attempts = done + errors
    return SourceHealth(source=name, attempts_24h=attempts, errors_24h=errors,
                        error_rate_24h=round(errors / attempts, 4) if attempts else None, errors_by_kind=kinds)


def _queues(engine: Engine) -> dict[str, int | None]:
    """Entries waiting and in flight in the pipeline's batch journal (in the store's database)."""
    queue = DatabaseQueue(engine, QUEUE_NAME)
    return {"backlog": queue.backlog(), "pending": queue.pending()}


def _workers(settings: Settings) -> tuple[dict[str, dict[str, Any]], str]:
    if not settings.redis_url:
        return {}, "no SCOUT_REDIS_URL: workers' health lives inside each run's process (scout health in a run)"
    report = Controller(settings).report([*SOURCE_NAMES, *WORKER_NODES])
    return {name: dict(row) for name, row in report.items()}, "shared through Redis (5-minute window)"
