"""Ray actor shells: each wraps a plain-Python Enricher, so all logic is testable without Ray.

Actors are async (Playwright's async API needs that) with an explicit max_concurrency, restart
when their process dies, and re-send in-flight calls after a restart (at-least-once; the store's
idempotent upserts make a repeat harmless, and the driver counts each candidate back exactly once).
"""

from __future__ import annotations

import os
from typing import Any

import ray

from scout_core.enrich.enricher import Enricher
from scout_core.logs import apply_log_level
from scout_core.schema import Candidate
from scout_core.settings import Settings


class EnrichActor:
    """One worker process: enriches candidates through the sources it is asked for."""

    def __init__(self, settings: Settings) -> None:
        apply_log_level(settings.log_level)
        self.enricher = Enricher(settings)

    async def enrich(self, candidate: dict[str, Any], source: str) -> dict[str, Any]:
        outcome = await self.enricher.enrich(Candidate.model_validate(candidate), source)
        return outcome.model_dump(mode="json")

    async def enrich_batch(self, candidates: list[dict[str, Any]], source: str,
                           session: str | None = None) -> dict[str, Any]:
        """Several candidates through one source; returns ``BatchResult.to_wire()``."""
        batch = [Candidate.model_validate(c) for c in candidates]
        return (await self.enricher.enrich_batch(batch, source, session)).to_wire()

    async def configure(self, settings: Settings) -> int:
        """Adopt a run's settings (a reused detached actor may hold an earlier run's); returns the pid."""
        apply_log_level(settings.log_level)
        if settings != self.enricher.settings:
            await self.enricher.aclose()
            self.enricher = Enricher(settings)
        return os.getpid()

    async def pid(self) -> int:
        return os.getpid()

    async def shutdown(self) -> None:
        await self.enricher.aclose()


# The remote class is built once; options (name, resources, concurrency) are set per pool.
RemoteEnrichActor = ray.remote(max_restarts=3, max_task_retries=2, num_cpus=0)(EnrichActor)
