"""Daily caps hold across runs, processes and restarts: the store's cost ledger is today's spend, the state a cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scout_core.enrich.budget import RECORDED_REFRESH_S, CostLedger, store_spend
from scout_core.enrich.state import LocalState
from scout_core.settings import ControllerSettings, Settings
from scout_core.store import Repository

CAP = {"x_api": 1.0}


def _at(clock, days: float = 0.0) -> datetime:
    return datetime.fromtimestamp(clock(), UTC) + timedelta(days=days)


def test_a_fresh_state_starts_from_what_the_store_recorded_today(backend, clock, store_url):
    repo = Repository(store_url)
    repo.record_cost("x_api", "enrich", 1, 0.95, run_id="run-a", at=_at(clock))
    ledger = CostLedger(backend(), ControllerSettings(budgets_usd=CAP), clock, store_spend(store_url))
    assert ledger.spent("x_api") == pytest.approx(0.95)
    assert not ledger.allows("x_api", 0.11) and not ledger.reserve("x_api", 0.11)
    assert ledger.reserve("x_api", 0.05)
    assert ledger.spent("x_api") == pytest.approx(1.0)
    repo.close()


def test_a_state_that_lost_the_days_figure_is_raised_to_the_record(backend, clock, store_url):
    repo = Repository(store_url)
    state = backend()
    ledger = CostLedger(state, ControllerSettings(budgets_usd=CAP), clock, store_spend(store_url))
    for _ in range(4):
        assert ledger.reserve("x_api", 0.21)
        ledger.charge("x_api", 0.21, reserved=0.21)
        repo.record_cost("x_api", "enrich", 1, 0.21, at=_at(clock))  # as process_outcomes records it
    state.clear()  # a Redis restarted empty, or a new process's in-process state
    clock.advance(RECORDED_REFRESH_S + 1)  # the store's figure is re-read
    assert ledger.spent("x_api") == pytest.approx(0.84)
    assert not ledger.reserve("x_api", 0.21)
    assert ledger.reserve("x_api", 0.16)
    repo.close()


def test_yesterdays_spend_does_not_count_against_today(clock, store_url):
    repo = Repository(store_url)
    repo.record_cost("x_api", "enrich", 1, 0.99, at=_at(clock, days=-1))
    assert repo.spend_today_per_source(_at(clock)) == {}
    ledger = CostLedger(LocalState(), ControllerSettings(budgets_usd=CAP), clock, store_spend(store_url))
    assert ledger.reserve("x_api", 0.5)
    repo.close()


def test_two_runs_without_redis_spend_at_most_the_cap_in_a_day(clock, store_url):
    """The issue's case: two runs with a $1.00 cap on x_api spent $1.395. Each run has its own state here."""
    repo = Repository(store_url)
    spent_per_run = []
    for run in ("run-1", "run-2"):
        ledger = CostLedger(LocalState(), ControllerSettings(budgets_usd=CAP), clock, store_spend(store_url))
        spent = 0.0
        while ledger.reserve("x_api", 0.21):
            ledger.charge("x_api", 0.21, reserved=0.21)
            repo.record_cost("x_api", "enrich", 1, 0.21, run_id=run, at=_at(clock))
            spent += 0.21
        spent_per_run.append(round(spent, 2))
        clock.advance(3600)
    assert spent_per_run == [0.84, 0.0]
    assert repo.spend_today_per_source(_at(clock))["x_api"] == pytest.approx(0.84)
    repo.close()


def test_the_controller_reads_the_runs_store_by_default(tmp_path):
    from scout_core.enrich.controller import Controller
    from scout_core.runtime import open_repository

    settings = Settings(data_dir=tmp_path / "data", _env_file=None).model_copy(
        update={"controller": ControllerSettings(budgets_usd=CAP)})
    open_repository(settings).record_cost("x_api", "enrich", 1, 1.0, run_id="earlier")
    refused = Controller(settings, LocalState()).admit("x_api", 1)
    assert not refused.go and refused.reason == "budget"
    assert Controller(settings, LocalState()).admit("github", 1).go


def test_asking_a_store_that_does_not_exist_creates_nothing(tmp_path):
    path = tmp_path / "none" / "scout.db"
    assert store_spend(f"sqlite:///{path}")(datetime.now(UTC)) == {}
    assert not path.exists() and not path.parent.exists()
