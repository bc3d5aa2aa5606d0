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
    assert first["store_builders"] == len(ids) and first["builders_this_run"] <= first["scored"]
    assert first["stop_reason"].startswith("stopped at the limit of 16") and first["sandbox"] is True
    assert {"canonical_id", "handle", "overall_score", "classification", "enrichment_quality"} <= set(exported[0])

    _assert_operator_view(first)
    _assert_health_is_stored(first["run_id"], data_env)

    second = pipeline(limit=16, world_seed=5, world_size=200)
    repo = open_repository(Settings(data_dir=data_env), migrate=False)
    again = [r["canonical_id"] for r in json.loads(open(second["export"]).read())]
    assert len(again) == len(set(again)) > len(ids)
    handles = [(b["source_platform"], b["handle"].lower()) for b in repo.builders()]
    assert len(handles) == len(set(handles))
    assert second["stored"] >= 1  # new candidates, not the ones already stored


def _assert_operator_view(result):
    """What the Prefect UI shows for the run: its name, the run id tag, artifacts, the persisted result."""
    from pathlib import Path

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterTags,
        TaskRunFilter,
        TaskRunFilterFlowRunId,
    )

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[result["run_id"]])))
        assert len(runs) == 1
        run = runs[0]
        in_run = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        artifacts = client.read_artifacts(artifact_filter=in_run)
        tasks = client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[run.id])))
    assert run.name == f"pipeline-16-{result['run_id']}"
    by_key = {a.key: a for a in artifacts}
    assert {"scout-pipeline-summary", "scout-top-builders", "scout-export"} <= set(by_key)
    assert f"| stored | {result['stored']} |" in by_key["scout-pipeline-summary"].data
    assert result["top"][0]["handle"] in str(by_key["scout-top-builders"].data)
    assert f"({Path(result['export']).resolve().as_uri()})" in by_key["scout-export"].data  # a link to the file
    names = {t.name for t in tasks}
    assert any(n.startswith("enrich-batch-1-") for n in names) and "begin-batch-2" in names
    stored = Path(run.state.data.storage_key)  # the flow result, persisted under the data dir's results folder
    assert stored.is_file() and stored.parent.name == "prefect-results"


def _assert_health_is_stored(run_id, data_dir):
    """The run keeps every node's figures, which `scout health` shows without Redis: searches included,
    and a request rate for every node that made calls (SDK and browser sources too)."""
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    health = open_repository(Settings(data_dir=data_dir), migrate=False).get_run(run_id).stats["health"]
    busy = [node for node, row in health.items() if row.get("calls")]
    assert "search" in busy and "worker:api" in busy and {"x_api", "x_web"} & set(busy), health
    assert all(health[node]["requests_per_min"] > 0 for node in busy), health
