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
