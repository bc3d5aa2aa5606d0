"""`scout ml train|predict` and `scout label` as a user runs them (a subprocess, real stdout and exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

APP = ("import typer; from scout_core.cli.ml import label, ml_app; "
       "app = typer.Typer(pretty_exceptions_enable=False); app.add_typer(ml_app, name='ml'); "
       "app.command('label')(label); app()")


def scout(settings, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCOUT_", "MLFLOW_"))}
    env.update(SCOUT_DATA_DIR=str(settings.data_dir), SCOUT_SANDBOX__SEED=str(settings.sandbox.seed),
               SCOUT_SANDBOX__SIZE=str(settings.sandbox.size))
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
    last = json.loads(trained.stdout.strip().splitlines()[-1])
    assert set(last) >= {"auc", "baseline_auc", "pr_auc", "precision_at_50", "registered_model", "version", "alias"}
    assert last["registered_model"] == "scout-traction" and last["alias"] == "champion" and last["version"] == "1"
    assert last["auc"] > last["baseline_auc"]
    assert "held-out people: auc" in trained.stdout and "SYNTHETIC" in trained.stdout

    predicted = scout(ml_settings, "ml", "predict", "--json")
    assert predicted.returncode == 0, predicted.stderr
    assert json.loads(predicted.stdout.strip().splitlines()[-1])["scored"] > 300
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
