"""Enrich one candidate through one source: fetch with retries, keep the raw payload, normalize.

Plain Python and async, so it runs the same inside a Ray actor, a test, or ``scout fetch``.
Every failure comes back as data in the outcome (kind and message), never as a lost candidate.
"""

from __future__ import annotations

import time
from typing import Any

from scout_core.enrich.costs import cost_of
from scout_core.enrich.retry import RetryPolicy, with_retries
from scout_core.errors import ScoutError
from scout_core.schema import Candidate, EnrichmentOutcome, PipelineStage, RawPayload, utcnow
from scout_core.settings import Settings
from scout_core.sources.base import Source


class Enricher:
    """Holds one adapter per source (lazily) and the raw lake."""

    def __init__(self, settings: Settings, policy: RetryPolicy | None = None) -> None:
        self.settings = settings
        self.policy = policy or RetryPolicy()
        self._sources: dict[str, Source] = {}
        self._lake: Any = None

    def source(self, name: str) -> Source:
        if name not in self._sources:
            from scout_core.sources import get_source

            self._sources[name] = get_source(name, self.settings)
        return self._sources[name]

    @property
    def lake(self) -> Any:
        if self._lake is None:
            from scout_core.lake import open_lake

            self._lake = open_lake(self.settings)
        return self._lake

    async def enrich(self, candidate: Candidate, source_name: str) -> EnrichmentOutcome:
        started = time.perf_counter()
        outcome = EnrichmentOutcome(candidate=candidate, source=source_name)
        try:
            source = self.source(source_name)
            raw = await with_retries(lambda: source.fetch_profile(candidate.handle), self.policy)
            outcome.cost_usd = cost_of(source_name, raw.meta)
            outcome.raw = [self._keep(raw)]
            outcome.profiles = self._normalized(source, raw, candidate)
        except ScoutError as exc:
            outcome.error, outcome.error_kind = str(exc), type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - a bug in one adapter must not lose the candidate
            outcome.error, outcome.error_kind = f"{source_name}: unexpected {type(exc).__name__}: {exc}", "BugError"
        outcome.seconds = round(time.perf_counter() - started, 4)
        return outcome

    def _keep(self, raw: RawPayload) -> RawPayload:
        """The raw payload goes to the lake before normalizing, so a parse failure can be replayed.

        Returns what travels on with the outcome: JSON bodies whole, pages only by their lake key.
        """
        key = self.lake.put(raw)
        body = raw.body if raw.content_type.startswith("application/json") else None
        return raw.model_copy(update={"body": body, "meta": {**raw.meta, "lake_keys": [key]}})

    def _normalized(self, source: Source, raw: RawPayload, candidate: Candidate) -> list:
        now = utcnow()
        profiles = source.normalize(raw)
        for profile in profiles:
            profile.first_discovered_at = profile.first_discovered_at or now
            profile.last_enriched_at = profile.last_enriched_at or now
            profile.enriched_by = profile.enriched_by or source.name
            profile.pipeline_stage = PipelineStage.ENRICHED
        return profiles

    async def aclose(self) -> None:
        for source in self._sources.values():
            await source.aclose()
        self._sources.clear()
