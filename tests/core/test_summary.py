"""The words at the end of a run: why it stopped, builders apart from profiles, simulated costs."""

from __future__ import annotations

from scout_core.summary import builders_of, cost_text, stop_reason

STATS = {"limit": 200, "candidates": 84, "search_enabled": True, "search_new": 20, "already_seen": 75,
         "unroutable": 3, "search_errors": 0, "refreshes": 0, "resumed": 0, "recursive_found": 64,
         "recursion_budget": 200}


def test_a_run_at_its_limit_says_so():
    assert stop_reason({**STATS, "candidates": 200}) == (
        "stopped at the limit of 200 candidates (--limit, SCOUT_PIPELINE__LIMIT)")


def test_a_run_short_of_its_limit_says_where_candidates_ran_out():
    text = stop_reason(STATS)
    assert text.startswith("ran out of new candidates after 84 of 200: ")
    assert "search found 98 people, 20 of them new (75 already known and not due for a refresh)" in text
    assert "3 on platforms no enabled source enriches" in text
    assert "recursion found 64 more" in text


def test_a_spent_recursion_budget_and_disabled_search_are_named():
    text = stop_reason({**STATS, "search_enabled": False, "recursive_found": 200})
    assert "search is off (SCOUT_SEARCH__ENABLED=false)" in text
    assert "its whole budget (SCOUT_DISCOVERY__RUN_BUDGET=200)" in text


def test_runs_without_a_limit_have_no_stop_reason():
    assert stop_reason({"candidates": 3}) is None


def test_sandbox_costs_are_marked_simulated():
    assert cost_text(2.98041, sandbox=True) == "$2.9804 (simulated: the sandbox answered, nothing was paid)"
    assert cost_text(2.98041, sandbox=False) == "$2.9804"


def test_builders_are_people_not_profiles():
    records = [
        {"canonical_id": "b1", "handle": "ada", "overall_score": 70.0},
        {"canonical_id": "b1", "handle": "ada_gh", "overall_score": 80.0},
        {"canonical_id": "b2", "handle": "bob", "overall_score": None},  # filtered out: stored, not a builder
        {"canonical_id": None, "handle": "[REDACTED]", "overall_score": 50.0},  # redacted: nobody
        {"canonical_id": None, "handle": "[REDACTED]", "overall_score": 50.0},
        {"canonical_id": "b3", "handle": "ainews", "overall_score": 99.0, "account_kind": "organization"},
    ]
    assert [b["handle"] for b in builders_of(records)] == ["ada_gh"]
