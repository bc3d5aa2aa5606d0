"""The weekly retrain flow on Prefect's test harness: train (sandbox labels) then predict with the champion."""

from __future__ import annotations

import pytest


@pytest.mark.integration
def test_retrain_flow_trains_registers_and_scores_every_builder(prefect_harness, ml_settings, ml_repo, monkeypatch):
    from flows.retrain import retrain

    monkeypatch.setenv("SCOUT_DATA_DIR", str(ml_settings.data_dir))
    monkeypatch.setenv("SCOUT_SANDBOX__SEED", str(ml_settings.sandbox.seed))
    monkeypatch.setenv("SCOUT_SANDBOX__SIZE", str(ml_settings.sandbox.size))
    state = retrain(labels="sandbox", return_state=True)
    assert state.is_completed()
    result = state.result()
    assert result["train"]["alias"] == "champion" and result["train"]["auc"] > result["train"]["baseline_auc"]
    assert result["predict"]["version"] == result["train"]["version"] == "1"
    builders = [b for b in ml_repo.builders() if b["overall_score"] is not None]
    assert result["predict"]["scored"] == len(builders)
    assert all(b["model_version"] == "scout-traction/1" for b in builders)
    from ml.registry import client

    version = client(ml_settings).get_model_version("scout-traction", "1")  # the version names its flow run
    assert version.tags["prefect_flow_run_id"] == str(state.state_details.flow_run_id)
    run = client(ml_settings).get_run(result["train"]["run_id"])
    assert run.data.tags["prefect_flow_run_id"] == str(state.state_details.flow_run_id)


@pytest.mark.integration
def test_a_fresh_install_retrain_completes_as_skipped_with_an_artifact(prefect_harness, tmp_path, monkeypatch):
    """No labels yet (a new install): a Completed "skipped" state and a report, not a failed run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.retrain import REPORT_KEY, retrain

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    state = retrain(labels="stored", return_state=True)
    assert state.is_completed()
    assert state.message == "skipped: 0 labels, need 40"
    assert state.result()["train"]["skipped"] is True and state.result()["predict"] is None
    with get_client(sync_client=True) as client:
        mine = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        artifacts = client.read_artifacts(artifact_filter=mine)
    report = next(a for a in artifacts if a.key == REPORT_KEY)
    assert "Retrain skipped: 0 labels, need 40" in report.data and "scout label" in report.data
