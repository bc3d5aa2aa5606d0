"""What one finished call teaches the controller: a ban is not a rate limit (both backends)."""

from __future__ import annotations

from pydantic import SecretStr

from scout_core.enrich.controller import Controller
from scout_core.enrich.enricher import BatchResult
from scout_core.enrich.transport import CallStats
from scout_core.schema import Candidate, EnrichmentOutcome


def _controller(settings, backend, clock):
    s = settings.model_copy(update={"x_web": settings.x_web.model_copy(
        update={"session_cookies": [SecretStr("a"), SecretStr("b")]})})
    return Controller(s, state=backend(), clock=clock)


def _result(kind, retry_after=None, tier="x_web"):
    cand = Candidate(platform="x", handle="someone")
    stats = CallStats(requests=1, rate_limited=int(kind == "RateLimitedError"))
    stats.note_rate_limit(retry_after)
    return BatchResult([EnrichmentOutcome(candidate=cand, source=tier, error="e", error_kind=kind)], stats)


def test_a_rate_limit_pauses_the_tier_and_rests_the_session_but_counts_no_failure(settings, backend, clock):
    ctl = _controller(settings, backend, clock)
    admission = ctl.admit("x_web", 1)
    assert admission.go and admission.session is not None
    ctl.observe("x_web", _result("RateLimitedError", retry_after=30), 1.0, admission.session)
    assert ctl.breakers.state.breaker_state("x_web")[:2] == ("closed", 0)
    assert ctl.limiter.paused_for("x_web", ctl.credential("x_web")) == 30
    assert ctl.health.snapshot("x_web").success_rate == 1.0
    assert not ctl.state.report_session("x_web", admission.session, clock(), "neutral").retired
    assert not ctl.admit("x_web", 1).go  # paused until the window resets
    clock.advance(31)
    assert ctl.admit("x_web", 1).go


def test_a_ban_retires_the_session_and_counts_against_the_breaker(settings, backend, clock):
    ctl = _controller(settings, backend, clock)
    admission = ctl.admit("x_web", 1)
    ctl.observe("x_web", _result("BannedError"), 1.0, admission.session)
    assert ctl.breakers.state.breaker_state("x_web")[:2] == ("closed", 1)
    assert ctl.limiter.paused_for("x_web", ctl.credential("x_web")) == 0
    assert ctl.health.snapshot("x_web").errors == {"BannedError": 1}
    clock.advance(10)
    sessions = {ctl.admit("x_web", 1).session for _ in range(2)}
    assert admission.session not in sessions  # the banned session is never handed out again
