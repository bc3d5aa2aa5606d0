"""Rate limits, budgets and sessions, on both backends."""

from __future__ import annotations

import threading

import pytest

from scout_core.enrich.budget import CostLedger
from scout_core.enrich.ratelimit import RateLimiter, bound_per_s, credential_id
from scout_core.enrich.sessions import SessionPool
from scout_core.settings import ControllerSettings, QuotaCfg, SessionCfg

QUOTAS = {"x_api": [QuotaCfg(endpoint="users_lookup", limit=300, window_s=900, per="call"),
                    QuotaCfg(endpoint="user_tweets", limit=1500, window_s=900)]}
CFG = ControllerSettings(rate_limits=QUOTAS, rate_headroom=0.0)


def test_a_dispatch_draws_from_every_quota_or_from_none(backend, clock):
    limiter = RateLimiter(backend(), CFG, clock)
    # bursts: lookups max(1, 2% of 300) = 6 calls, timelines max(10, 2% of 1500) = 30 profiles
    for _ in range(3):
        assert limiter.acquire("x_api", "cred", profiles=10, largest=10) == 0.0
    wait = limiter.acquire("x_api", "cred", profiles=10, largest=10)
    assert wait == pytest.approx(10 / (1500 / 900))  # timelines ran dry; lookups still had tokens
    clock.advance(wait)
    assert limiter.acquire("x_api", "cred", profiles=10, largest=10) == 0.0
    assert limiter.acquire("x_api", "other", profiles=10, largest=10) == 0.0  # per credential


def test_the_limiter_never_over_grants_under_concurrency(backend, clock):
    quota = {"s": [QuotaCfg(endpoint="e", limit=5000, window_s=3600)]}  # burst 100, refill ~1.4/s
    cfg = ControllerSettings(rate_limits=quota, rate_headroom=0.0)
    granted = []

    def worker():
        limiter = RateLimiter(backend(), cfg, clock)  # its own client: another process
        granted.append(sum(limiter.acquire("s", "c") == 0.0 for _ in range(60)))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(granted) == 100  # the clock stood still: exactly the burst, never more


def test_a_429_pauses_the_source_until_its_reset(backend, clock):
    limiter = RateLimiter(backend(), CFG, clock)
    assert limiter.pause("x_api", "cred", retry_after=42.0) == 42.0
    assert limiter.acquire("x_api", "cred") == pytest.approx(42.0)
    assert limiter.paused_for("x_api", "cred") == pytest.approx(42.0)
    limiter.pause("x_api", "cred", retry_after=5.0)  # a shorter pause never cuts a longer one
    assert limiter.paused_for("x_api", "cred") == pytest.approx(42.0)
    clock.advance(42.5)
    assert limiter.acquire("x_api", "cred") == 0.0
    assert limiter.paused_for("x_api", "other") == 0.0


def test_bound_follows_quotas_and_batch_size():
    per_min = [bound_per_s(QUOTAS["x_api"], batch) * 60 for batch in (1, 10)]
    assert per_min == [pytest.approx(20.0), pytest.approx(100.0)]  # lookups bind alone; batched, timelines do
    assert credential_id("secret") == credential_id("secret") != credential_id("other")
    assert "secret" not in credential_id("secret")


def test_a_daily_cap_stops_a_paid_tier(backend, clock):
    ledger = CostLedger(backend(), ControllerSettings(budgets_usd={"x_api": 1.0}), clock)
    assert ledger.allows("x_api", 0.11) and ledger.left_share("x_api") == 1.0
    for _ in range(8):
        ledger.charge("x_api", 0.11)
    assert ledger.spent("x_api") == pytest.approx(0.88)
    assert ledger.allows("x_api", 0.11) and not ledger.allows("x_api", 0.22)
    ledger.charge("x_api", 0.11)
    assert not ledger.allows("x_api", 0.11)
    assert ledger.allows("github", 100.0)  # uncapped
    clock.advance(86_400)
    assert ledger.allows("x_api", 0.11)  # a new day


def test_reservations_never_pass_the_cap_under_concurrency(backend, clock):
    cfg = ControllerSettings(budgets_usd={"x_api": 1.0})
    held = []

    def worker():
        ledger = CostLedger(backend(), cfg, clock)
        held.append(sum(ledger.reserve("x_api", 0.11) for _ in range(5)))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ledger = CostLedger(backend(), cfg, clock)
    assert sum(held) == 9 and ledger.spent("x_api") == pytest.approx(0.99)
    ledger.charge("x_api", 0.05, reserved=0.11)  # the call came back cheaper than held
    assert ledger.spent("x_api") == pytest.approx(0.93)


def test_the_ledger_learns_the_cost_per_profile(backend, clock):
    ledger = CostLedger(backend(), ControllerSettings(), clock)
    assert ledger.cost_per_profile("x_api") == pytest.approx(0.11)  # list price of a typical profile
    for _ in range(5):
        ledger.charge("x_api", 0.06)
    assert ledger.cost_per_profile("x_api") == pytest.approx(0.06)


def _sessions(backend, settings, clock, **cfg):
    from pydantic import SecretStr

    s = settings.model_copy(update={
        "x_web": settings.x_web.model_copy(update={"session_cookies": [SecretStr(f"c{i}") for i in range(3)]}),
        "controller": settings.controller.model_copy(update={"sessions": SessionCfg(**cfg)})})
    return SessionPool(backend(), s, clock=clock)


def test_sessions_rotate_least_recently_used_with_a_cool_down(backend, settings, clock):
    pool = _sessions(backend, settings, clock, min_interval_s=10)
    used = [pool.checkout()[0] for _ in range(3)]
    assert sorted(used) == ["0", "1", "2"]
    session, wait = pool.checkout()
    assert session is None and wait == pytest.approx(10)
    clock.advance(10)
    assert pool.checkout()[0] == used[0]


def test_a_rate_limit_rests_a_session_without_burning_it(backend, settings, clock):
    pool = _sessions(backend, settings, clock, min_interval_s=0, retire_after_blocks=1)
    state = pool.report("1", "RateLimitedError", retry_after=30)
    assert not state.retired and state.blocks == 0
    assert {pool.checkout()[0] for _ in range(4)} == {"0", "2"}
    clock.advance(31)
    assert "1" in {pool.checkout()[0] for _ in range(3)}


def test_blocks_retire_a_session_and_a_ban_retires_it_at_once(backend, settings, clock):
    pool = _sessions(backend, settings, clock, min_interval_s=0, block_cooldown_s=5, retire_after_blocks=2)
    assert not pool.report("0", "LoginWallError").retired
    clock.advance(6)
    assert pool.report("0", None).blocks == 0  # a success in between: blocks in a row start again
    pool.report("0", "LoginWallError")
    assert pool.report("0", "BlockedError").retired
    assert pool.report("1", "BannedError").retired
    assert pool.report("2", "SourceUnavailableError").blocks == 0  # not the session's fault
    clock.advance(6)
    assert {pool.checkout()[0] for _ in range(3)} == {"2"}
    pool.report("2", "BannedError")
    assert pool.checkout() == (None, -1.0)


WINDOWED = ControllerSettings(rate_limits={"s": [QuotaCfg(endpoint="e", limit=100, window_s=60, per="call",
                                                          path="/e$")]}, rate_headroom=0.03)


def test_the_services_count_rules_over_our_own(backend, clock):
    limiter = RateLimiter(backend(), WINDOWED, clock)
    reset = clock.now + 10
    limiter.observe("s", "c", {"e": (1, reset)})  # another client of the app spent the window
    assert limiter.acquire("s", "c") == 0.0  # the last request of the window is ours
    assert limiter.acquire("s", "c") == pytest.approx(10.0)  # nothing left: wait for the reset
    limiter.observe("s", "c", {"e": (50, reset)})  # a late answer of the same window never raises it
    assert limiter.acquire("s", "c") == pytest.approx(10.0)
    limiter.observe("s", "c", {"e": (0, reset - 60)})  # an answer from a window already over: ignored
    clock.advance(10)
    assert limiter.acquire("s", "c") == 0.0  # the window reset: our own bucket again, started full
    limiter.observe("s", "c", {"e": (100, reset + 60)})
    granted = sum(limiter.acquire("s", "c") == 0.0 for _ in range(10))
    assert granted == 1  # the burst of max(1, 2% of 100) = 2, one of which went at the reset


def test_a_fresh_window_is_spent_at_its_own_pace_not_ours(backend, clock):
    limiter = RateLimiter(backend(), WINDOWED, clock)
    limiter.observe("s", "c", {"e": (100, clock.now + 20)})  # a whole window left, 20 s to its reset
    assert limiter.acquire("s", "c") == 0.0 and limiter.acquire("s", "c") == 0.0  # the burst
    wait = limiter.acquire("s", "c")
    assert wait == pytest.approx(1 / (98 / 20))  # 98 left over 20 s: 4.9/s, above our own 1.6/s


def test_what_other_clients_spent_last_window_is_left_to_them_in_the_next(backend, clock):
    limiter = RateLimiter(backend(), WINDOWED, clock)
    reset = clock.now + 10
    limiter.observe("s", "c", {"e": (100, reset)})
    clock.advance(6)
    limiter.observe("s", "c", {"e": (40, reset)})  # we drew nothing: the others spend 10/s
    clock.advance(4)
    limiter.observe("s", "c", {"e": (100, reset + 10)})  # the next window, 10 s long
    # 100 left, 10 s to go, the others take 10/s: our one request fits once their claim is down to 99
    assert limiter.acquire("s", "c") == pytest.approx(10 - 99 / 10)
    clock.advance(10 - 99 / 10)
    assert limiter.acquire("s", "c") == 0.0
