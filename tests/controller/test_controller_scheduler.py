"""The dispatch loop over a scripted executor: requeue on 429, fall back on failures, degrade, caps, sessions."""

from __future__ import annotations

import itertools
from collections import Counter

from pydantic import SecretStr

from scout_core.enrich.controller import Controller
from scout_core.enrich.degrade import degrade
from scout_core.enrich.enricher import BatchResult
from scout_core.enrich.scheduler import Scheduler
from scout_core.enrich.state import LocalState
from scout_core.enrich.transport import CallStats
from scout_core.schema import Candidate, EnrichmentOutcome, EnrichmentQuality, InternalProfile

AVAILABLE = frozenset({"x_api", "x_web", "apify", "github"})


class ScriptedExecutor:
    """Answers each call at once with ``answer(tier, candidate, session, attempt)`` -> error kind or None."""

    browser_pages = 4

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[tuple[str, list[str], str | None]] = []
        self.attempts: Counter[tuple[str, str]] = Counter()
        self._ids = itertools.count()
        self._sent = {}

    def submit(self, tier, candidates, session):
        ref = next(self._ids)
        self._sent[ref] = (tier, candidates, session)
        self.calls.append((tier, [c.handle for c in candidates], session))
        return ref

    def wait(self, refs, timeout):
        return list(refs)

    def result(self, ref, tier, candidates):
        _, _, session = self._sent.pop(ref)
        outcomes, stats = [], CallStats(requests=len(candidates))
        for cand in candidates:
            self.attempts[(tier, cand.handle)] += 1
            kind = self.answer(tier, cand, session, self.attempts[(tier, cand.handle)])
            if kind == "RateLimitedError":
                stats.rate_limited += 1
                stats.note_rate_limit(0.01)
            outcomes.append(_outcome(cand, tier, kind))
        return BatchResult(outcomes, stats)


def _outcome(cand, tier, kind):
    if kind is None:
        profile = InternalProfile(source_platform=cand.platform, handle=cand.handle, enriched_by=tier)
        cost = 0.11 if tier == "x_api" else 0.0
        return EnrichmentOutcome(candidate=cand, source=tier, profiles=[profile], cost_usd=cost)
    return EnrichmentOutcome(candidate=cand, source=tier, error=f"{tier}: {kind}", error_kind=kind)


def _settings(settings, *, web=True, sessions=0, **controller):
    s = settings.model_copy(update={
        "x_web": settings.x_web.model_copy(update={
            "enabled": web, "session_cookies": [SecretStr(f"c{i}") for i in range(sessions)]}),
        "apify": settings.apify.model_copy(update={"enabled": False}),
        "controller": settings.controller.model_copy(update={"batch_size": {"x_api": 3}, **controller}),
    })
    return s


def _run(settings, answer, n=7, stale=None):
    controller = Controller(settings, state=LocalState("test"))
    executor = ScriptedExecutor(answer)
    cands = [Candidate(platform="x", handle=f"user_{i}") for i in range(n)]
    outcomes = Scheduler(controller, executor, AVAILABLE, stale).run(cands)
    assert sorted(o.candidate.handle for o in outcomes) == sorted(c.handle for c in cands)  # each exactly once
    return outcomes, executor, controller


def test_a_429_sends_the_candidate_back_without_counting_against_the_tier(settings):
    def answer(tier, cand, session, attempt):
        return "RateLimitedError" if attempt == 1 and cand.handle == "user_1" else None

    outcomes, executor, controller = _run(_settings(settings, web=False), answer)
    assert all(o.ok and o.source == "x_api" for o in outcomes)
    assert executor.attempts[("x_api", "user_1")] == 2
    assert [len(h) for t, h, _ in executor.calls][:3] == [3, 3, 1]  # batches of the tier's size
    assert controller.breakers.state.breaker_state("x_api")[:2] == ("closed", 0)
    assert controller.health.snapshot("x_api").success_rate == 1.0


def test_failures_fall_back_to_the_next_tier_and_blocks_rest_the_session(settings):
    def answer(tier, cand, session, attempt):
        return "LoginWallError" if tier == "x_web" and cand.handle == "user_0" else None

    outcomes, executor, controller = _run(_settings(settings, sessions=2), answer, n=3)
    by_handle = {o.candidate.handle: o.source for o in outcomes}
    assert by_handle == {"user_0": "x_api", "user_1": "x_web", "user_2": "x_web"}  # cheapest first
    web_sessions = [s for t, _, s in executor.calls if t == "x_web"]
    assert set(web_sessions) <= {"0", "1"} and None not in web_sessions
    blocked = executor.calls[[h for _, h, _ in executor.calls].index(["user_0"])][2]
    assert controller.state.report_session("x_web", blocked, 0.0, "neutral").blocks == 1


def test_when_every_tier_fails_the_stored_profile_comes_back_stale(settings):
    stored = InternalProfile(source_platform="x", handle="user_0", followers_count=42)
    outcomes, _, _ = _run(_settings(settings), lambda *a: "SourceUnavailableError", n=2,
                          stale=lambda platform, handle: stored if handle == "user_0" else None)
    by_handle = {o.candidate.handle: o for o in outcomes}
    assert by_handle["user_0"].ok and by_handle["user_0"].source == "stale"
    assert by_handle["user_0"].profiles[0].enrichment_quality == EnrichmentQuality.STALE
    assert by_handle["user_0"].profiles[0].followers_count == 42
    assert by_handle["user_1"].error_kind == "SourceUnavailableError"  # nothing cached: to the dead letters


def test_a_not_found_is_final_and_never_degrades(settings):
    outcomes, executor, _ = _run(_settings(settings), lambda *a: "NotFoundError", n=1,
                                 stale=lambda p, h: InternalProfile(source_platform="x", handle=h))
    assert outcomes[0].error_kind == "NotFoundError" and len(executor.calls) == 1


def test_a_daily_cap_stops_calls_to_a_paid_tier(settings):
    capped = _settings(settings, web=False, budgets_usd={"x_api": 0.35},
                       batch_size={"x_api": 1})
    outcomes, executor, controller = _run(capped, lambda *a: None, n=6)
    assert len(executor.calls) == 3  # 3 x $0.11 fit under $0.35; the 4th would not
    assert sum(o.ok for o in outcomes) == 3
    assert {o.error_kind for o in outcomes if not o.ok} == {"SourceUnavailableError"}
    assert controller.ledger.spent("x_api") == 0.33


def test_an_open_circuit_moves_work_to_the_other_tier(settings):
    s = _settings(settings, batch_size={"x_api": 1})
    controller = Controller(s, state=LocalState("test"))
    for _ in range(3):
        controller.breakers.record("x_web", "BannedError")
    executor = ScriptedExecutor(lambda *a: None)
    cands = [Candidate(platform="x", handle=f"user_{i}") for i in range(3)]
    outcomes = Scheduler(controller, executor, AVAILABLE).run(cands)
    assert {o.source for o in outcomes} == {"x_api"}


def test_degradation_rungs_minimal_only_when_asked():
    cand = Candidate(platform="x", handle="someone")
    failed = EnrichmentOutcome(candidate=cand, source="x_api", error="down", error_kind="SourceUnavailableError")
    assert degrade(cand, failed, None, minimal=False) is failed
    minimal = degrade(cand, failed, lambda p, h: None, minimal=True)
    assert minimal.ok and minimal.profiles[0].enrichment_quality == EnrichmentQuality.MINIMAL
    assert minimal.profiles[0].handle == "someone" and minimal.profiles[0].followers_count is None
    broken = degrade(cand, failed, lambda p, h: 1 / 0, minimal=False)  # a broken cache is a rung down
    assert broken is failed
