"""The dispatch loop: route every candidate, batch, admit, send, settle — until each one is back exactly once.

Plain Python over an ``Executor`` (the Ray pool in production, anything with submit/wait/result in
tests). Each pass snapshots the tiers once, routes every waiting candidate by the rules, groups them
into calls per tier (batches where the tier has a batch endpoint) and sends while the controller
admits; the loop then sleeps until a call completes or a rate-limit window lets the next one go.
A 429 or a lost worker sends the candidate back to the queue (it was nobody's fault); any other
failure marks the tier tried, so the rules move the candidate to the next tier; when no tier is left
it degrades (``degrade``) or comes back with its last error.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from scout_core.enrich.controller import Admission, Controller
from scout_core.enrich.degrade import PERMANENT_KINDS, StaleLookup, degrade
from scout_core.enrich.dispatcher import TierView, choose_tier
from scout_core.enrich.enricher import BatchResult
from scout_core.enrich.routing import tiers_for
from scout_core.schema import Candidate, EnrichmentOutcome

REQUEUE_KINDS = frozenset({"RateLimitedError", "ActorDiedError"})
MAX_PASSES = 3  # re-route at once after a tier turned out closed (budget, breaker, sessions)


class Executor(Protocol):
    browser_pages: int

    def submit(self, tier: str, candidates: list[Candidate], session: str | None) -> Any: ...

    def wait(self, refs: list[Any], timeout: float | None) -> list[Any]: ...

    def result(self, ref: Any, tier: str, candidates: list[Candidate]) -> BatchResult:
        """The call's result; a lost worker comes back as ActorDiedError outcomes, never as an exception."""
        ...


@dataclass
class _Job:
    candidate: Candidate
    tiers: list[str]
    tried: list[str] = field(default_factory=list)
    requeues: int = 0
    last: EnrichmentOutcome | None = None


@dataclass
class _Call:
    tier: str
    jobs: list[_Job]
    session: str | None
    started: float
    reserved_usd: float = 0.0


class Scheduler:
    def __init__(self, controller: Controller, executor: Executor, available: frozenset[str],
                 stale_lookup: StaleLookup | None = None,
                 on_done: Callable[[EnrichmentOutcome], None] | None = None) -> None:
        self.controller = controller
        self.executor = executor
        self.available = available
        self.stale_lookup = stale_lookup
        self.on_done = on_done
        self.cfg = controller.settings.controller
        self.queue: list[_Job] = []
        self.pending: dict[Any, _Call] = {}
        self.in_flight: dict[str, int] = defaultdict(int)
        self.outcomes: list[EnrichmentOutcome] = []

    def run(self, candidates: Iterable[Candidate]) -> list[EnrichmentOutcome]:
        settings = self.controller.settings
        self.queue = [_Job(c, tiers_for(c.platform, settings, self.available)) for c in candidates]
        while self.queue or self.pending:
            wake = self._dispatch()
            if not self.pending:
                if wake is None or math.isinf(wake):
                    self._give_up_all()  # nothing in flight and nothing will change by waiting
                else:
                    time.sleep(wake)
                continue
            for ref in self.executor.wait(list(self.pending), timeout=wake):
                self._complete(ref)
        return self.outcomes

    # -- dispatch -----------------------------------------------------------------------------------
    def _dispatch(self) -> float | None:
        tiers = sorted({t for job in self.queue for t in job.tiers})
        views = self.controller.views(tiers, self.in_flight, self.executor.browser_pages)
        wake: float | None = None
        for _ in range(MAX_PASSES):
            wake, rerun = self._pass(views)
            if not rerun:
                break
            for view in views.values():
                view.busy = float(self.in_flight.get(view.name, 0))
        return wake

    def _pass(self, views: dict[str, TierView]) -> tuple[float | None, bool]:
        groups: dict[str, list[_Job]] = defaultdict(list)
        keep: list[_Job] = []
        wake: float | None = None
        depth = len(self.queue)
        for job in self.queue:
            choice = choose_tier(job.candidate, job.tiers, job.tried, views, self.cfg.routing, depth)
            if choice.tier is not None:
                groups[choice.tier].append(job)
            elif choice.exhausted:
                self._give_up(job)
            else:
                keep.append(job)
                wake = _earliest(wake, choice.wait_s)
        rerun = False
        for tier, jobs in groups.items():
            sent, refusal = self._send(tier, jobs)
            keep.extend(jobs[sent:])
            if refusal is None:
                continue
            if refusal.reason in ("budget", "breaker") or math.isinf(refusal.wait_s):
                views[tier].budget_spent = views[tier].budget_spent or refusal.reason == "budget"
                views[tier].breaker_open = True  # closed to this pass; the next snapshot says why
                rerun = True
            else:
                wake = _earliest(wake, refusal.wait_s)
        self.queue = keep
        return wake, rerun

    def _send(self, tier: str, jobs: list[_Job]) -> tuple[int, Admission | None]:
        """Send ``jobs`` in calls of the tier's batch size while admitted; (jobs sent, the refusal)."""
        size = self.controller.batch_size(tier)
        sent = 0
        while sent < len(jobs):
            chunk = jobs[sent:sent + size]
            admission = self.controller.admit(tier, len(chunk))
            if not admission.go:
                return sent, admission
            ref = self.executor.submit(tier, [j.candidate for j in chunk], admission.session)
            self.pending[ref] = _Call(tier, chunk, admission.session, time.monotonic(), admission.reserved_usd)
            self.in_flight[tier] += 1
            sent += len(chunk)
        return sent, None

    # -- completion ---------------------------------------------------------------------------------
    def _complete(self, ref: Any) -> None:
        call = self.pending.pop(ref)
        self.in_flight[call.tier] -= 1
        result = self.executor.result(ref, call.tier, [j.candidate for j in call.jobs])
        self.controller.observe(call.tier, result, time.monotonic() - call.started, call.session, call.reserved_usd)
        for job, outcome in zip(call.jobs, result.outcomes, strict=True):
            self._settle(job, call.tier, outcome)

    def _settle(self, job: _Job, tier: str, outcome: EnrichmentOutcome) -> None:
        if outcome.ok or outcome.error_kind in PERMANENT_KINDS:
            self._finish(outcome)
            return
        job.last = outcome
        if outcome.error_kind in REQUEUE_KINDS and job.requeues < self.cfg.max_requeues:
            job.requeues += 1  # not the tier's fault: the same tier may take it again
        else:
            job.tried.append(tier)
        self.queue.append(job)

    def _give_up(self, job: _Job) -> None:
        last = job.last or _unroutable(job)
        self._finish(degrade(job.candidate, last, self.stale_lookup, self.cfg.degrade_to_minimal))

    def _give_up_all(self) -> None:
        for job in self.queue:
            self._give_up(job)
        self.queue = []

    def _finish(self, outcome: EnrichmentOutcome) -> None:
        self.outcomes.append(outcome)
        if self.on_done:
            self.on_done(outcome)


def _unroutable(job: _Job) -> EnrichmentOutcome:
    platform = job.candidate.platform
    if not job.tiers:
        return EnrichmentOutcome(candidate=job.candidate, error_kind="ConfigurationError",
                                 error=f"no enabled source can enrich {platform} profiles")
    return EnrichmentOutcome(
        candidate=job.candidate, error_kind="SourceUnavailableError",
        error=f"every tier for {platform} is unavailable (circuit open, budget spent or paused): "
              f"{', '.join(job.tiers)}")


def _earliest(current: float | None, candidate: float | None) -> float | None:
    if candidate is None:
        return current
    return candidate if current is None else min(current, candidate)
