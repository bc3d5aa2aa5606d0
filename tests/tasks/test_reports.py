"""The markdown an operator reads: every figure of the run, outside text escaped."""

from __future__ import annotations

from tasks.reports import escape, pipeline_summary, top_builders_rows

RESULT = {
    "run_id": "run-20260101T000000-abc123", "candidates": 10, "enriched": 8, "stored": 7, "scored": 6,
    "filtered_out": 1, "duplicates_merged": 0, "dead_letters": 2, "cost_usd": 0.0123,
    "by_origin": {"search": 8, "recursive": 2}, "recursive_found": 3, "resumed": 0,
    "filter_reasons": {"too many followers": 1}, "traction_model": None, "export": "/data/exports/b.json",
    "timings": {"prepare": 1.5, "discover": 2.0, "enrich_and_process": 9.1, "export_and_finish": 0.4},
}


def test_the_summary_has_counts_by_stage_and_origin_dead_letters_cost_and_timings():
    md = pipeline_summary(RESULT, {"NotFoundError": 2})
    for line in ("| candidates | 10 |", "| enriched | 8 |", "| stored | 7 |", "| scored | 6 |",
                 "| filtered out | 1 |", "| dead letters | 2 |"):
        assert line in md
    assert "**By origin:** search 8 · recursive 2" in md
    assert "NotFoundError 2" in md
    assert "$0.0123 ($0.00176 per stored profile)" in md
    assert "prepare 1.5 · discover 2.0 · enrich\\_and\\_process 9.1 · export\\_and\\_finish 0.4" in md
    assert "no champion model yet" in md
    assert "**Markup drift:** 0 profiles kept partial" in md


def test_markup_drift_is_counted_for_the_operator():
    assert "**Markup drift:** 3 profiles kept partial" in pipeline_summary({**RESULT, "drifted": 3}, {})


def test_outside_text_cannot_inject_markdown_or_html():
    md = pipeline_summary({**RESULT, "by_origin": {"<img src=x onerror=alert(1)>|x": 1}}, {"[a](javascript:x)": 1})
    assert "\\<img src=x onerror=alert\\(1\\)\\>\\|x 1" in md  # backslash-escaped: shown as text
    assert "[a](" not in md and "\\[a\\]\\(javascript:x\\) 1" in md
    assert escape("a|b\nc") == "a\\|b c"


def test_top_builders_rows_keep_scores_and_classes_in_order():
    top = [{"handle": "ada", "source_platform": "x", "overall_score": 91.234, "classification": "builder",
            "followers_count": 900, "enrichment_quality": "full", "canonical_id": "c1"},
           {"handle": "bob", "source_platform": "github", "overall_score": 70.0, "classification": "builder",
            "followers_count": None, "enrichment_quality": "partial", "canonical_id": "c2"}]
    rows = top_builders_rows(top)
    assert [r["handle"] for r in rows] == ["ada", "bob"]
    assert rows[0]["score"] == 91.2 and rows[0]["class"] == "builder"


def test_the_summary_says_profiles_and_builders_why_it_stopped_and_that_sandbox_costs_are_simulated():
    md = pipeline_summary({**RESULT, "sandbox": True, "builders_this_run": 5, "store_profiles": 40,
                           "store_builders": 31, "stop_reason": "ran out of new candidates after 10 of 20"}, {})
    assert "7 profiles stored this run, 5 builders; the store holds 40 profiles, 31 builders" in md
    assert "**Why it stopped:** ran out of new candidates after 10 of 20" in md
    assert "$0.0123 \\(simulated: the sandbox answered, nothing was paid\\)" in md
