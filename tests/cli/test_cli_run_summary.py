"""What `scout run` prints at the end: this run's builders, profiles apart from builders, why it stopped."""

from __future__ import annotations

from scout_core.cli.run import show_summary

RESULT = {
    "run_id": "run-20260101T000000-abc123", "limit": 200, "candidates": 84, "by_origin": {"search": 20, "mention": 64},
    "recursive_found": 64, "resumed": 0, "enriched": 80, "stored": 96, "builders_this_run": 60, "scored": 91,
    "filtered_out": 5, "dead_letters": 4, "cost_usd": 2.9804, "sandbox": True, "store_profiles": 293,
    "store_builders": 190, "export": "/data/exports/builders.json", "timings": {"total": 3.0},
    "stop_reason": "ran out of new candidates after 84 of 200: search found 98 people, 20 of them new",
    "top": [{"handle": "ada_ai", "source_platform": "x", "overall_score": 80.0, "classification": "early_founder",
             "followers_count": 120, "enrichment_quality": "full"}],
}


def test_the_summary_separates_profiles_builders_and_the_whole_store(capsys):
    show_summary(RESULT)
    text = " ".join(capsys.readouterr().out.split())
    assert "Top builders of this run — run-20260101T000000-abc123" in text
    assert "candidates 84 of 200" in text and "stored 96 profiles, 60 builders" in text
    assert "cost $2.9804 (simulated: the sandbox answered, nothing was paid)" in text
    assert "ran out of new candidates after 84 of 200: search found 98 people, 20 of them new" in text
    assert "export: 190 builders (293 profiles in the store, all runs) → /data/exports/builders.json" in text


def test_real_costs_are_not_marked(capsys):
    show_summary({**RESULT, "sandbox": False})
    assert "simulated" not in capsys.readouterr().out


def test_markup_drift_is_reported(capsys):
    show_summary({**RESULT, "drifted": 2})
    assert "markup drift: 2 profiles kept partial" in " ".join(capsys.readouterr().out.split())
