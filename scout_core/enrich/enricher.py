"""Enrich candidates through one source: fetch with retries, keep the raw payload, normalize.

Plain Python and async, so it runs the same inside a Ray actor, a test, or ``scout fetch``.
Every failure comes back as data in the outcome (kind and message), never as a lost candidate.
``enrich_batch`` is what a worker call runs: several candidates through one source (one batch
request where the source has a batch endpoint, else concurrently), with the call's request counts.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from scout_core.enrich.costs import cost_of
from scout_core.enrich.retry import RetryPolicy, with_retries
from scout_core.enrich.transport import CallStats, RetryingTransport, collecting, current_stats
from scout_core.enrich.worker_logs import WorkerLog, collecting_logs
from scout_core.errors import ParseError, RateLimitedError, ScoutError
from scout_core.handles import clean_handle
from scout_core.schema import Candidate, EnrichmentOutcome, PipelineStage, RawPayload, utcnow
from scout_core.settings import Settings
from scout_core.sources.base import Source


@dataclass
class BatchResult:
    """What one worker call returns: an outcome per candidate, in order, the call's request counts, and
    the warnings and errors it logged (the driver's task logs them in the Prefect run)."""

    outcomes: list[EnrichmentOutcome]
    calls: CallStats = field(default_factory=CallStats)
    logs: list[WorkerLog] = field(default_factory=list)

    def to_wire(self) -> dict[str, Any]:
        return {"outcomes": [o.model_dump(mode="json") for o in self.outcomes], "calls": self.calls.as_dict(),
                "logs": self.logs}

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> BatchResult:
        return cls([EnrichmentOutcome.model_validate(o) for o in data["outcomes"]],
                   CallStats.from_dict(data.get("calls") or {}), list(data.get("logs") or []))


class Enricher:
    """Holds one adapter per source (lazily) and the raw lake."""

    def __init__(self, settings: Settings, policy: RetryPolicy | None = None) -> None:
        self.settings = settings
        self.policy = policy or RetryPolicy.from_settings(settings.controller.retry)
        self._sources: dict[str, Source] = {}
        self._retrying: set[str] = set()  # sources whose HTTP transport retries by the policy itself
        self._lake: Any = None

    def source(self, name: str) -> Source:
        if name not in self._sources:
            from scout_core.sources import source_class

            cls = source_class(name)
            if "transport" in inspect.signature(cls.__init__).parameters:
                windows = [(q.endpoint, q.path) for q in self.settings.controller.rate_limits.get(name, []) if q.path]
                transport = RetryingTransport(self.policy, windows=windows)
                self._sources[name] = cls(self.settings, transport=transport)  # type: ignore[call-arg]
                self._retrying.add(name)
            else:
                self._sources[name] = cls(self.settings)
        return self._sources[name]

    def _policy_for(self, name: str) -> RetryPolicy:
        return self.policy.once() if name in self._retrying else self.policy

    @property
    def lake(self) -> Any:
        if self._lake is None:
            from scout_core.lake import open_lake

            self._lake = open_lake(self.settings)
        return self._lake

    async def enrich(self, candidate: Candidate, source_name: str, session: str | None = None) -> EnrichmentOutcome:
        started = time.perf_counter()
        outcome = EnrichmentOutcome(candidate=candidate, source=source_name)
        try:
            source = self.source(source_name)
            raw = await with_retries(lambda: self._counted(source, _fetch(source, candidate.handle, session)),
                                     self._policy_for(source_name))
            self._fill(outcome, source, raw)
        except Exception as exc:  # noqa: BLE001 - a bug in one adapter must not lose the candidate
            _fail(outcome, exc)
        outcome.seconds = round(time.perf_counter() - started, 4)
        return outcome

    async def enrich_batch(self, candidates: list[Candidate], source_name: str,
                           session: str | None = None) -> BatchResult:
        """Several candidates through one source, in one batch request when the source has one."""
        with collecting() as stats, collecting_logs() as logs:
            source = None
            try:
                source = self.source(source_name)
            except Exception:  # noqa: BLE001 - reported per candidate by enrich()
                pass
            if len(candidates) > 1 and hasattr(source, "fetch_many"):
                outcomes = await self._enrich_many(source, candidates)
            else:
                outcomes = list(await asyncio.gather(*(self.enrich(c, source_name, session) for c in candidates)))
        return BatchResult(outcomes, stats, logs)

    async def _enrich_many(self, source: Any, candidates: list[Candidate]) -> list[EnrichmentOutcome]:
        started = time.perf_counter()
        outcomes = [EnrichmentOutcome(candidate=c, source=source.name) for c in candidates]
        try:
            found = await with_retries(lambda: source.fetch_many([c.handle for c in candidates]),
                                       self._policy_for(source.name))
        except Exception as exc:  # noqa: BLE001 - the whole call failed: every candidate says why
            found = {}
            for outcome in outcomes:
                _fail(outcome, exc)
        for outcome in outcomes if found else []:
            result = found.get(clean_handle(outcome.candidate.platform, outcome.candidate.handle))
            try:
                if isinstance(result, BaseException):
                    raise result
                if result is None:
                    raise ParseError("the batch answer left this handle out", source=source.name,
                                     handle=outcome.candidate.handle, field="data")
                self._fill(outcome, source, result)
            except Exception as exc:  # noqa: BLE001
                _fail(outcome, exc)
        seconds = round(time.perf_counter() - started, 4)
        for outcome in outcomes:
            outcome.seconds = seconds
        return outcomes

    async def _counted(self, source: Source, fetch: Awaitable[RawPayload]) -> RawPayload:
        """One fetch attempt, its requests counted in the call's stats when Scout's transport cannot see
        them (an SDK's own HTTP, the browser): what the payload says it took, else one; one for a failure."""
        if source.name in self._retrying:
            return await fetch
        stats = current_stats()
        try:
            raw = await fetch
        except BaseException:
            if stats is not None:
                stats.requests += 1
            raise
        if stats is not None:
            stats.requests += max(1, int(raw.meta.get("requests") or 1))
        return raw

    def _fill(self, outcome: EnrichmentOutcome, source: Source, raw: RawPayload) -> None:
        outcome.cost_usd = cost_of(source.name, raw.meta)
        outcome.raw = [self._keep(raw)]
        outcome.profiles = self._normalized(source, raw)

    def _keep(self, raw: RawPayload) -> RawPayload:
        """The raw payload goes to the lake before normalizing, so a parse failure can be replayed.

        Returns what travels on with the outcome: JSON bodies whole, pages only by their lake key.
        """
        key = self.lake.put(raw)
        body = raw.body if raw.content_type.startswith("application/json") else None
        return raw.model_copy(update={"body": body, "meta": {**raw.meta, "lake_keys": [key]}})

    @staticmethod
    def _normalized(source: Source, raw: RawPayload) -> list:
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
        self._retrying.clear()


async def _fetch(source: Source, handle: str, session: str | None) -> RawPayload:
    """Fetch one profile, on the given cookie session when the source takes one."""
    if session is not None and "session" in inspect.signature(source.fetch_profile).parameters:
        return await source.fetch_profile(handle, session=session)  # type: ignore[call-arg]
    return await source.fetch_profile(handle)


def _fail(outcome: EnrichmentOutcome, exc: BaseException) -> None:
    """Record why a candidate failed; rate limits also tell the call's stats when the window resets."""
    outcome.profiles, outcome.raw = [], []
    if isinstance(exc, RateLimitedError):
        stats = current_stats()
        if stats is not None:
            stats.note_rate_limit(exc.retry_after)
    if isinstance(exc, ScoutError):
        outcome.error, outcome.error_kind = str(exc), type(exc).__name__
    else:
        outcome.error = f"{outcome.source}: unexpected {type(exc).__name__}: {exc}"
        outcome.error_kind = "BugError"
