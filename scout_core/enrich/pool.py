"""The driver side of enrichment: a pool of Ray actors per worker kind, driven by the controller.

The flow process is the Ray driver (notes/stack.md: one Prefect task per batch, actors do the
per-item work). The ``Scheduler`` routes, batches and admits each call through the ``Controller``
(health, breakers, rate limits, budgets, sessions); ``RayExecutor`` sends the calls to the least busy
actor of their kind. Actors restart when their process dies and Ray re-sends their in-flight calls;
a call that is lost anyway comes back as ActorDiedError outcomes and the candidates are sent again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import ray
from ray.exceptions import RayActorError, RayError, RayTaskError

from scout_core.enrich.actors import RemoteEnrichActor
from scout_core.enrich.controller import Controller, health_nodes
from scout_core.enrich.degrade import StaleLookup, store_lookup
from scout_core.enrich.enricher import BatchResult
from scout_core.enrich.routing import worker_kind
from scout_core.enrich.scheduler import Scheduler
from scout_core.enrich.worker_logs import WorkerLog
from scout_core.schema import Candidate, EnrichmentOutcome
from scout_core.settings import Settings

log = logging.getLogger(__name__)

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
    busy: list[int] = field(default_factory=list)

    def least_busy(self) -> int:
        if len(self.busy) != len(self.actors):
            self.busy = [0] * len(self.actors)
        return min(range(len(self.actors)), key=self.busy.__getitem__)


class RayExecutor:
    """Sends worker calls to the least busy actor of the tier's kind and reads their results."""

    def __init__(self, kinds: dict[str, _Kind], browser_pages: int) -> None:
        self.kinds = kinds
        self.browser_pages = browser_pages
        self._owner: dict[Any, tuple[_Kind, int]] = {}
        self.worker_logs: list[WorkerLog] = []  # what the calls' actors logged, plus failed calls

    def submit(self, tier: str, candidates: list[Candidate], session: str | None) -> Any:
        kind = self.kinds[worker_kind(tier)]
        index = kind.least_busy()
        kind.busy[index] += 1
        ref = kind.actors[index].enrich_batch.remote([c.model_dump(mode="json") for c in candidates], tier, session)
        self._owner[ref] = (kind, index)
        return ref

    def wait(self, refs: list[Any], timeout: float | None) -> list[Any]:
        ready, rest = ray.wait(refs, num_returns=1, timeout=timeout)
        if ready and rest:
            more, _ = ray.wait(rest, num_returns=len(rest), timeout=0)
            ready += more
        return ready

    def result(self, ref: Any, tier: str, candidates: list[Candidate]) -> BatchResult:
        kind, index = self._owner.pop(ref)
        kind.busy[index] -= 1
        where = f"{worker_kind(tier)}-{index} {tier}"
        try:
            result = BatchResult.from_wire(ray.get(ref))
            self.worker_logs += [{**record, "where": where} for record in result.logs]
            return result
        except RayTaskError as exc:
            kind_name, text = "BugError", f"{tier}: worker call failed: {type(exc.cause).__name__}: {exc.cause}"
        except (RayActorError, RayError) as exc:
            kind_name, text = "ActorDiedError", f"{tier}: worker died: {type(exc).__name__}"
        log.warning("%s (%d candidates)", text, len(candidates))
        self.worker_logs.append({"level": logging.ERROR, "logger": __name__, "where": where,
                                 "message": f"{text} ({len(candidates)} candidates)"})
        return BatchResult([EnrichmentOutcome(candidate=c, source=tier, error_kind=kind_name, error=text)
                            for c in candidates])


class EnrichmentPool:
    """Actor pools per worker kind (named ``scout-api-N``/``scout-browser-N`` when detached) and the controller."""

    def __init__(self, settings: Settings, controller: Controller | None = None,
                 stale_lookup: StaleLookup | None = None) -> None:
        ensure_ray(settings)
        self.settings = settings
        self.controller = controller or Controller(settings)
        self.stale_lookup = stale_lookup or store_lookup(settings.resolved_database_url)
        self.kinds: dict[str, _Kind] = {}
        self._worker_logs: list[WorkerLog] = []
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
        browser = self.kinds.get("browser")
        executor = RayExecutor(self.kinds, browser.capacity if browser else 0)
        scheduler = Scheduler(self.controller, executor, self.available_sources(), self.stale_lookup, on_done)
        try:
            return scheduler.run(candidates)
        finally:
            self._worker_logs += executor.worker_logs

    def drain_worker_logs(self) -> list[WorkerLog]:
        """The warnings and errors worker calls logged since the last drain (for the task to log)."""
        logs, self._worker_logs = self._worker_logs, []
        return logs

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
        self.controller.state.close()


_shared: EnrichmentPool | None = None


def shared_pool(settings: Settings) -> EnrichmentPool:
    """One pool per driver process, reused across batches; rebuilt when the settings change."""
    global _shared
    if _shared is not None and _shared.settings != settings:
        release_shared_pool()
    if _shared is None:
        _shared = EnrichmentPool(settings)
    return _shared


def release_shared_pool() -> dict[str, dict[str, object]]:
    """Shut the shared pool down; returns its controller's figures over the run ({} without a pool)."""
    global _shared
    if _shared is None:
        return {}
    report = _shared.controller.run_report(health_nodes())
    _shared.shutdown()
    _shared = None
    return report
