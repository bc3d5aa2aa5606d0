"""The driver side of enrichment: a pool of Ray actors per worker kind, and the dispatch loop.

The flow process is the Ray driver (notes/stack.md: one Prefect task per batch, actors do the
per-item work). Each candidate goes to the least-loaded tier that can enrich its platform; when a
tier fails for it, the next tier gets it; when every tier failed, its outcome carries the error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import ray
from ray.exceptions import RayActorError, RayTaskError

from scout_core.enrich.actors import RemoteEnrichActor
from scout_core.enrich.routing import tiers_for, worker_kind
from scout_core.schema import Candidate, EnrichmentOutcome
from scout_core.settings import Settings

log = logging.getLogger(__name__)

# Retryable or blocked errors move on to the next tier; permanent ones (not found) do not.
FALLBACK_KINDS = frozenset({
    "RateLimitedError", "SourceUnavailableError", "RetryableSourceError", "BlockedError",
    "LoginWallError", "BannedError", "ParseError", "ConfigurationError", "BugError", "ActorDiedError",
})
LOCAL_RESOURCES = {"api": 1000.0, "browser": 100.0}
API_CALLS_PER_ACTOR = 16


def ensure_ray(settings: Settings) -> None:
    """Connect to the configured cluster, or start a local Ray once per process."""
    if ray.is_initialized():
        return
    common: dict[str, Any] = {
        "namespace": settings.ray.namespace, "include_dashboard": False, "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if settings.ray_address:
        ray.init(address=settings.ray_address, **common)
    else:
        ray.init(address="local", num_cpus=settings.ray.num_cpus, resources=LOCAL_RESOURCES, **common)


@dataclass
class _Kind:
    actors: list[Any]
    capacity: int
    in_flight: int = 0
    turn: int = 0

    def next_actor(self) -> Any:
        self.turn = (self.turn + 1) % len(self.actors)
        return self.actors[self.turn]


@dataclass
class _Job:
    candidate: Candidate
    tiers: list[str]
    tried: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class EnrichmentPool:
    """Actor pools per worker kind (named ``scout-api-N``/``scout-browser-N`` when detached) and dispatch."""

    def __init__(self, settings: Settings) -> None:
        ensure_ray(settings)
        self.settings = settings
        self.kinds: dict[str, _Kind] = {}
        if settings.ray.api_workers:
            self.kinds["api"] = self._start("api", settings.ray.api_workers, API_CALLS_PER_ACTOR)
        if settings.ray.browser_workers and settings.x_web.enabled:
            self.kinds["browser"] = self._start(
                "browser", settings.ray.browser_workers, settings.x_web.max_concurrent_pages)

    def _start(self, kind: str, count: int, per_actor: int) -> _Kind:
        options: dict[str, Any] = {"resources": {kind: 1}, "max_concurrency": per_actor * 2}
        if kind == "browser":
            options["memory"] = (512 + 70 * per_actor) * 2**20  # notes/stack.md: 0.5 GiB + ~70 MiB a page
        actors = [RemoteEnrichActor.options(**options, **self._identity(kind, i)).remote(self.settings)
                  for i in range(count)]
        ray.get([a.configure.remote(self.settings) for a in actors])
        return _Kind(actors=actors, capacity=per_actor * count)

    def _identity(self, kind: str, index: int) -> dict[str, Any]:
        """Detached pools are named, so later flow runs find and reuse them; others die with the run."""
        if not self.settings.ray.detached:
            return {}
        return {"name": f"scout-{kind}-{index}", "namespace": self.settings.ray.namespace,
                "lifetime": "detached", "get_if_exists": True}

    def available_sources(self) -> frozenset[str]:
        from scout_core.sources import SOURCE_NAMES

        return frozenset(s for s in SOURCE_NAMES if worker_kind(s) in self.kinds)

    def enrich(self, candidates: Iterable[Candidate],
               on_done: Callable[[EnrichmentOutcome], None] | None = None) -> list[EnrichmentOutcome]:
        """Enrich every candidate; each comes back exactly once, with profiles or an error."""
        available = self.available_sources()
        pending: dict[Any, tuple[_Job, str]] = {}
        outcomes: list[EnrichmentOutcome] = []
        for cand in candidates:
            job = _Job(cand, tiers_for(cand.platform, self.settings, available))
            self._submit_or_finish(job, pending, outcomes, on_done)
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            job, tier = pending.pop(ready[0])
            self.kinds[worker_kind(tier)].in_flight -= 1
            outcome = self._result(ready[0], job, tier)
            if outcome.ok or outcome.error_kind not in FALLBACK_KINDS:
                self._finish(outcome, outcomes, on_done)
            else:
                job.errors.append(outcome.error or "")
                self._submit_or_finish(job, pending, outcomes, on_done, last=outcome)
        return outcomes

    def _submit_or_finish(self, job: _Job, pending: dict, outcomes: list, on_done: Any,
                          last: EnrichmentOutcome | None = None) -> None:
        tier = self._pick_tier(job)
        if tier is None:
            self._finish(last or self._no_route(job), outcomes, on_done)
            return
        kind = self.kinds[worker_kind(tier)]
        kind.in_flight += 1
        job.tried.append(tier)
        ref = kind.next_actor().enrich.remote(job.candidate.model_dump(mode="json"), tier)
        pending[ref] = (job, tier)

    def _pick_tier(self, job: _Job) -> str | None:
        """The least-loaded untried tier; ties go to the earlier (preferred) one."""
        untried = [t for t in job.tiers if t not in job.tried]
        if not untried:
            return None
        return min(untried, key=lambda t: self.kinds[worker_kind(t)].in_flight
                   / self.kinds[worker_kind(t)].capacity)

    def _result(self, ref: Any, job: _Job, tier: str) -> EnrichmentOutcome:
        try:
            return EnrichmentOutcome.model_validate(ray.get(ref))
        except (RayActorError, RayTaskError) as exc:
            log.warning("actor failed on %s via %s: %s", job.candidate.key, tier, exc)
            return EnrichmentOutcome(candidate=job.candidate, source=tier, error_kind="ActorDiedError",
                                     error=f"{tier}: worker died: {type(exc).__name__}")

    @staticmethod
    def _no_route(job: _Job) -> EnrichmentOutcome:
        return EnrichmentOutcome(candidate=job.candidate, error_kind="ConfigurationError",
                                 error=f"no enabled source can enrich {job.candidate.platform} profiles")

    @staticmethod
    def _finish(outcome: EnrichmentOutcome, outcomes: list, on_done: Any) -> None:
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)

    def shutdown(self) -> None:
        """Close browsers and API clients; kill the actors unless they are meant to outlive the run."""
        refs = [a.shutdown.remote() for k in self.kinds.values() for a in k.actors]
        try:
            ray.get(refs, timeout=30)
        except Exception as exc:  # noqa: BLE001 - shutting down; a dead actor has nothing to close
            log.warning("pool shutdown: %s", exc)
        if not self.settings.ray.detached:
            for kind in self.kinds.values():
                for actor in kind.actors:
                    ray.kill(actor)
        self.kinds.clear()


_shared: EnrichmentPool | None = None


def shared_pool(settings: Settings) -> EnrichmentPool:
    """One pool per driver process, reused across batches; rebuilt when the settings change."""
    global _shared
    if _shared is not None and _shared.settings != settings:
        release_shared_pool()
    if _shared is None:
        _shared = EnrichmentPool(settings)
    return _shared


def release_shared_pool() -> None:
    global _shared
    if _shared is not None:
        _shared.shutdown()
        _shared = None
