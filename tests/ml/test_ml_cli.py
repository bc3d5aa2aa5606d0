"""`scout ml ...` and `scout label` as a user runs them (a subprocess, real stdout and exit codes).

With --json, stdout is exactly one JSON document (json.loads of the whole of it); messages go to stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

APP = ("import typer; from scout_core.cli.ml import label, ml_app; "
       "app = typer.Typer(pretty_exceptions_enable=False); app.add_typer(ml_app, name='ml'); "
       "app.command('label')(label); app()")


def scout(settings, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCOUT_", "MLFLOW_"))}
    env.update(SCOUT_DATA_DIR=str(settings.data_dir), SCOUT_SANDBOX__SEED=str(settings.sandbox.seed),
               SCOUT_SANDBOX__SIZE=str(settings.sandbox.size))
    if settings.mlflow_tracking_uri:
        env["SCOUT_MLFLOW_TRACKING_URI"] = settings.mlflow_tracking_uri
    return subprocess.run([sys.executable, "-c", APP, *args], capture_output=True, text=True, env=env,
                          cwd=settings.data_dir, timeout=300)


def _one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc.stderr.strip()


def test_train_json_then_predict_then_label(ml_settings, ml_repo):
    missing = _one_line_error(scout(ml_settings, "ml", "predict"))
    assert missing.startswith("error: no champion model registered") and "scout ml train" in missing

    trained = scout(ml_settings, "ml", "train", "--labels", "sandbox", "--json")
    assert trained.returncode == 0, trained.stderr
    last = json.loads(trained.stdout)
    assert set(last) >= {"auc", "baseline_auc", "pr_auc", "precision_at_50", "registered_model", "version", "alias"}
    assert last["registered_model"] == "scout-traction" and last["alias"] == "champion" and last["version"] == "1"
    assert last["auc"] > last["baseline_auc"] and last["new_version"] is True
    assert "held-out people: auc" in trained.stderr and "SYNTHETIC" in trained.stderr

    predicted = scout(ml_settings, "ml", "predict", "--json")
    assert predicted.returncode == 0, predicted.stderr
    assert json.loads(predicted.stdout)["scored"] > 300 and "builders scored" in predicted.stderr
    assert {b["model_version"] for b in ml_repo.builders() if b["overall_score"] is not None} == {"scout-traction/1"}

    handle = ml_repo.builders()[0]["handle"]
    labelled = scout(ml_settings, "label", handle, "--traction", "yes", "--by", "ana")
    assert labelled.returncode == 0 and f"labelled x @{handle}: traction yes" in labelled.stdout
    assert ml_repo.labels()[0]["traction"] is True and ml_repo.labels()[0]["by"] == "ana"


def test_label_mistakes_are_one_line_errors(ml_settings):
    assert "no stored x profile @nobody_here" in _one_line_error(
        scout(ml_settings, "label", "nobody_here", "--traction", "no"))
    assert "--traction must be yes or no" in _one_line_error(scout(ml_settings, "label", "a", "--traction", "maybe"))
    assert "exactly one of" in _one_line_error(scout(ml_settings, "label", "a"))
    assert "unknown --labels 'gold'" in _one_line_error(scout(ml_settings, "ml", "train", "--labels", "gold"))


def test_compare_versions_and_promote(ml_settings, ml_repo):
    from ml.registry import CHAMPION, version_by_alias
    from ml.train import train_traction_model

    train_traction_model(ml_settings, ml_repo, labels="sandbox")
    weak = train_traction_model(ml_settings, ml_repo, labels="sandbox", params={"n_estimators": 3, "max_depth": 1},
                                columns=["log_followers", "completeness_score", "shipping_count"])
    assert weak.alias == "challenger" and weak.version == "2"

    compared = scout(ml_settings, "ml", "compare")
    assert compared.returncode == 0, compared.stderr
    assert "champion v1 vs challenger v2" in compared.stdout and "precision_at_50" in compared.stdout
    as_json = json.loads(scout(ml_settings, "ml", "compare", "--json").stdout)
    assert (as_json["champion"], as_json["challenger"], as_json["left_out"]) == ("1", "2", 0)
    assert as_json["metrics"]["challenger"]["auc"] == round(weak.metrics["auc"], 4)

    missing = _one_line_error(scout(ml_settings, "ml", "promote", "7", "--reason", "try it"))
    assert missing.startswith("error: no version 7 of model 'scout-traction'")
    assert "--reason is required" in _one_line_error(scout(ml_settings, "ml", "promote", "2"))
    assert str(version_by_alias(ml_settings, CHAMPION).version) == "1"

    promoted = scout(ml_settings, "ml", "promote", "2", "--reason", "fresher labels", "--by", "ana", "--json")
    assert promoted.returncode == 0, promoted.stderr
    assert json.loads(promoted.stdout) | {"at": None} == {
        "registered_model": "scout-traction", "version": "2", "previous": "1", "changed": True,
        "reason": "fresher labels", "by": "ana", "at": None}
    assert "champion is now v2 (was v1)" in promoted.stderr
    assert str(version_by_alias(ml_settings, CHAMPION).version) == "2"

    listed = json.loads(scout(ml_settings, "ml", "versions", "--json").stdout)
    assert [(v["version"], v["aliases"]) for v in listed["versions"]] == [("2", ["champion"]), ("1", [])]
    assert listed["versions"][0]["decision"] == "promoted by ana: fresher labels"


@pytest.fixture
def tracking_server(tmp_path, mlflow_template):
    """A real `mlflow server` (SQLite backend, proxied artifacts) on a free local port."""
    import shutil
    import socket
    import time

    shutil.copy(mlflow_template, tmp_path / "server.db")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
                               "--backend-store-uri", f"sqlite:///{tmp_path / 'server.db'}",
                               "--artifacts-destination", str(tmp_path / "server-artifacts")],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a loaded machine; the loop ends as soon as the server answers
        while not _healthy(url):
            if server.poll() is not None:
                pytest.fail(f"mlflow server exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("mlflow server did not answer /health within 180 s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _healthy(url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{url}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.integration
def test_json_stays_clean_against_a_tracking_server(ml_settings, ml_repo, tracking_server):
    """MLflow writes "View run ... at" to stdout when the tracking URI is a server: --json keeps stdout JSON."""
    import mlflow.pyfunc
    import numpy as np

    from ml.compare import compare_models
    from ml.features import FEATURE_COLUMNS, build_features
    from ml.train import train_traction_model

    settings = ml_settings.model_copy(update={"mlflow_tracking_uri": tracking_server})
    trained = scout(settings, "ml", "train", "--labels", "sandbox", "--json")
    assert trained.returncode == 0, trained.stderr
    summary = json.loads(trained.stdout)
    assert summary["version"] == "1" and "View run" in trained.stderr
    from ml.registry import client

    (logged,) = client(settings).get_run(summary["run_id"]).inputs.dataset_inputs
    table_uri = {t.key: t.value for t in logged.tags}["table_uri"]
    assert table_uri.startswith("mlflow-artifacts:/") and table_uri.endswith("/dataset/training.csv")

    mlflow.set_tracking_uri(tracking_server)
    served = mlflow.pyfunc.load_model("models:/scout-traction@champion")
    probs = np.asarray(served.predict(build_features(ml_repo)[list(FEATURE_COLUMNS)].head(20)))
    assert ((probs > 0) & (probs < 1)).all()
    # The training tables are read back through the server's proxied artifacts.
    train_traction_model(settings, ml_repo, labels="sandbox", params={"n_estimators": 3, "max_depth": 1},
                         columns=["log_followers", "completeness_score", "shipping_count"])
    result = compare_models(settings, ml_repo)
    assert (result.champion, result.challenger, result.left_out, result.unchecked) == ("1", "2", 0, [])
