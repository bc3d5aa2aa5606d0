"""One real discovery cycle on Prefect's test harness, local Ray, the sandbox and real Chromium."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def data_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_RAY__NAMESPACE", "scout-tests")
    monkeypatch.setenv("SCOUT_PIPELINE__BATCH_SIZE", "10")
    return tmp_path / "data"


def test_pipeline_stores_scores_exports_and_a_rerun_adds_no_duplicates(prefect_harness, local_ray, data_env):
    from flows.pipeline import pipeline
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    first = pipeline(limit=16, world_seed=5, world_size=200)
    assert first["candidates"] == 16
    assert first["enriched"] + first["dead_letters"] == 16
    assert first["stored"] >= 12
    assert first["scored"] >= 8
    assert first["top"] and first["top"][0]["overall_score"] >= first["top"][-1]["overall_score"]
    exported = json.loads(open(first["export"]).read())
    ids = [r["canonical_id"] for r in exported]
    assert len(ids) == len(set(ids)) >= 8  # one row per canonical builder
    assert sum(len(r["profiles"]) for r in exported) >= first["scored"]
    assert {"canonical_id", "handle", "overall_score", "classification", "enrichment_quality"} <= set(exported[0])

    second = pipeline(limit=16, world_seed=5, world_size=200)
    repo = open_repository(Settings(data_dir=data_env), migrate=False)
    again = [r["canonical_id"] for r in json.loads(open(second["export"]).read())]
    assert len(again) == len(set(again)) > len(ids)
    handles = [(b["source_platform"], b["handle"].lower()) for b in repo.builders()]
    assert len(handles) == len(set(handles))
    assert second["stored"] >= 1  # new candidates, not the ones already stored
