"""What the registry holds after training, as MLflow's own clients see it: a pyfunc that returns the
traction probability, the training set as a dataset, plots, provenance tags and a description; then
comparing champion and challenger on the same held-out rows, and promoting by hand.

The tests of this module share one registry and run in file order: comparisons first, promotions last.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ml.compare import compare_models
from ml.features import FEATURE_COLUMNS, build_features
from ml.predict import predict_traction
from ml.promote import promote, version_rows
from ml.provenance import trained_on
from ml.registry import CHALLENGER, CHAMPION, client, load_alias, probabilities, version_by_alias
from ml.train import train_traction_model
from scout_core.errors import InputError
from scout_core.store.repository import Repository

WEAK = {"params": {"n_estimators": 3, "max_depth": 1}, "columns": ["log_followers", "completeness_score",
                                                                    "shipping_count"]}
PLOTS = ("importances", "roc", "pr", "calibration")


@pytest.fixture(scope="module")
def env(tmp_path_factory, ml_copy):
    settings = ml_copy(tmp_path_factory.mktemp("registry") / "data")
    repo = Repository(settings.resolved_database_url)
    yield settings, repo
    repo.close()


@pytest.fixture(scope="module")
def trained(env):
    """v1: the default model (champion); v2: a weak one on the same split (challenger)."""
    settings, repo = env
    champion = train_traction_model(settings, repo, labels="sandbox")
    challenger = train_traction_model(settings, repo, labels="sandbox", **WEAK)
    assert (champion.version, champion.alias, challenger.version, challenger.alias) == ("1", CHAMPION, "2", CHALLENGER)
    return champion, challenger


def _artifacts(settings, run_id: str) -> Path:
    return Path(client(settings).get_run(run_id).info.artifact_uri.removeprefix("file://"))


def test_pyfunc_predict_returns_the_traction_probability(trained, env):
    import mlflow.pyfunc
    from mlflow.exceptions import MlflowException

    settings, repo = env
    mlflow.set_tracking_uri(settings.resolved_mlflow_uri)
    served = mlflow.pyfunc.load_model(f"models:/{settings.ml.model_name}@champion")
    example = build_features(repo)[list(FEATURE_COLUMNS)].head(50)
    probs = np.asarray(served.predict(example), dtype=float)
    assert probs.shape == (50,)
    assert ((probs > 0) & (probs < 1)).all() and len(np.unique(probs)) > 10  # probabilities, not 0/1 labels
    booster, version = load_alias(settings)
    np.testing.assert_allclose(probs, probabilities(booster, example), rtol=1e-6)
    assert served.metadata.get_output_schema().input_names() == ["traction_probability"]
    assert served.metadata.get_input_schema().input_names() == list(FEATURE_COLUMNS)
    with pytest.raises(MlflowException, match="enforce schema|missing inputs"):
        served.predict(example.drop(columns=["log_followers"]))
    requirements = (Path(mlflow.artifacts.download_artifacts(f"models:/{settings.ml.model_name}/{version}"))
                    / "requirements.txt").read_text()
    assert "xgboost==" in requirements and "scikit-learn" not in requirements


def test_the_training_set_is_logged_as_a_dataset_with_as_of_labels_and_world(trained, env):
    settings, _ = env
    first, _ = trained
    run = client(settings).get_run(first.run_id)
    (logged,) = run.inputs.dataset_inputs
    tags = {t.key: t.value for t in logged.tags}
    assert tags["mlflow.data.context"] == "training" and tags["label_source"] == "sandbox-synthetic"
    assert tags["world_seed"] == "11" and tags["world_size"] == "600"
    assert tags["features_as_of"] == first.features_as_of and first.features_as_of.startswith("20")
    assert logged.dataset.name == f"scout-traction-sandbox-{first.features_as_of[:10]}"
    table_path = _artifacts(settings, first.run_id) / "dataset" / "training.csv"
    assert table_path.as_uri() in logged.dataset.source and tags["table_uri"] == table_path.as_uri()
    table = pd.read_csv(table_path)
    assert len(table) == first.n_train + first.n_test and table["profile_id"].is_unique
    assert table["split"].value_counts().to_dict() == {"train": first.n_train, "test": first.n_test}
    assert table["label"].mean() == pytest.approx(first.positive_rate)
    assert set(FEATURE_COLUMNS) <= set(table.columns)
    # The table reproduces the run: the registered model scores its held-out rows to the logged AUC.
    from ml.evaluate import classification_metrics

    held_out = table[table["split"] == "test"]
    booster, _ = load_alias(settings)
    auc = classification_metrics(held_out["label"].to_numpy(), probabilities(booster, held_out))["auc"]
    assert auc == pytest.approx(first.metrics["auc"])


def test_importance_roc_pr_and_calibration_plots_are_logged(trained, env):
    settings, _ = env
    plots = _artifacts(settings, trained[0].run_id) / "plots"
    for name in PLOTS:
        data = (plots / f"{name}.png").read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, name


def test_each_version_carries_commit_labels_hash_and_a_description(trained, env):
    settings, _ = env
    first, second = trained
    v1 = client(settings).get_model_version(settings.ml.model_name, "1")
    assert re.fullmatch(r"[0-9a-f]{40}(-dirty)?", v1.tags["git_commit"]), v1.tags["git_commit"]
    assert v1.tags["label_source"] == "sandbox" and v1.tags["labels"] == "sandbox-synthetic"
    assert v1.tags["world_seed"] == "11" and v1.tags["synthetic_labels"] == "true"
    assert v1.tags["content_hash"] == first.content_hash and re.fullmatch(r"[0-9a-f]{64}", first.content_hash)
    assert v1.tags["promotion"] == "automatic" and v1.tags["training_decision"] == CHAMPION
    assert "prefect_flow_run_id" not in v1.tags  # trained outside a flow run (the retrain flow test sets it)
    assert f"ROC-AUC {first.metrics['auc']:.3f}" in v1.description and "SYNTHETIC" in v1.description
    v2 = client(settings).get_model_version(settings.ml.model_name, "2")
    assert v2.tags["training_decision"] == CHALLENGER and "promotion" not in v2.tags
    assert v2.tags["content_hash"] != v1.tags["content_hash"]


def test_versions_list_aliases_auc_and_decisions(trained, env):
    settings, _ = env
    rows = version_rows(settings)
    assert [(r.version, r.aliases) for r in rows] == [("2", [CHALLENGER]), ("1", [CHAMPION])]
    assert rows[1].auc == pytest.approx(trained[0].metrics["auc"]) and rows[1].labels == "sandbox-synthetic"


def test_compare_scores_both_on_the_same_held_out_rows(trained, env):
    settings, repo = env
    first, weak = trained
    result = compare_models(settings, repo)
    assert (result.champion, result.challenger, result.labels) == ("1", "2", "sandbox-synthetic")
    # Both were trained today on the same split: its held-out rows are what they are judged on.
    assert result.left_out == 0 and result.unchecked == [] and result.rows == first.n_test
    assert result.metrics["champion"]["auc"] == pytest.approx(first.metrics["auc"])
    assert result.metrics["challenger"]["auc"] == pytest.approx(weak.metrics["auc"])
    assert result.metrics["baseline"]["auc"] == pytest.approx(first.baseline["baseline_auc"])
    assert result.auc_gain < 0 and result.summary()["metrics"]["champion"]["auc"] > 0.75


def test_compare_leaves_out_rows_a_model_trained_on(trained, env):
    settings, repo = env
    other_split = settings.model_copy(update={"ml": settings.ml.model_copy(update={"test_share": 0.5, "seed": 3})})
    v3 = train_traction_model(other_split, repo, labels="sandbox", **WEAK)
    assert v3.version == "3" and v3.alias == CHALLENGER
    result = compare_models(settings, repo)
    assert result.challenger == "3" and result.left_out > 0
    assert result.rows + result.left_out == trained[0].n_test
    seen = trained_on(settings, client(settings).get_model_version(settings.ml.model_name, "3").run_id)
    assert seen is not None and not seen.profiles & set(result.profile_ids)


def test_compare_mistakes_are_clear(trained, env):
    settings, repo = env
    with pytest.raises(InputError, match="v1 is the champion"):
        compare_models(settings, repo, challenger="1")
    with pytest.raises(InputError, match="no version 42 of model 'scout-traction'"):
        compare_models(settings, repo, challenger="42")


def test_promote_a_missing_version_changes_nothing(trained, env):
    settings, _ = env
    before = {v: dict(client(settings).get_model_version(settings.ml.model_name, v).tags) for v in ("1", "2")}
    for version, message in (("9", "no version 9 of model 'scout-traction'"), ("v2", "positive number"),
                             ("0", "positive number")):
        with pytest.raises(InputError, match=message):
            promote(settings, version, "looks better", "ana")
    with pytest.raises(InputError, match="--reason is required"):
        promote(settings, "2", "  ", "ana")
    assert str(version_by_alias(settings, CHAMPION).version) == "1"
    assert before == {v: dict(client(settings).get_model_version(settings.ml.model_name, v).tags) for v in ("1", "2")}


def test_promote_moves_champion_by_hand_and_records_why(trained, env):
    settings, repo = env
    done = promote(settings, "2", "recent cohort\nlooks better", "ana")
    assert (done.version, done.previous, done.changed, done.reason) == ("2", "1", True, "recent cohort looks better")
    assert str(version_by_alias(settings, CHAMPION).version) == "2"
    v2 = client(settings).get_model_version(settings.ml.model_name, "2")
    assert v2.tags["promotion"] == "manual" and v2.tags["promoted_by"] == "ana"
    assert v2.tags["promotion_reason"] == "recent cohort looks better" and v2.tags["replaced_champion"] == "1"
    assert client(settings).get_model_version(settings.ml.model_name, "1").tags["replaced_by"] == "2"
    assert predict_traction(settings, repo).version == "2"  # predictions follow the alias
    again = promote(settings, "2", "again", "ana")
    assert not again.changed and again.previous == "2"
    assert "promoted by ana: recent cohort looks better" in {r.decision for r in version_rows(settings)}


def test_a_version_registered_as_an_xgbclassifier_still_predicts_probabilities(ml_settings, ml_repo):
    """Versions from before the Booster was registered: loading turns them into their Booster."""
    import mlflow
    import mlflow.xgboost
    from xgboost import XGBClassifier

    from ml.labels import sandbox_labels
    from ml.registry import pip_requirements, set_alias, use_tracking

    features = build_features(ml_repo)
    data = features.join(sandbox_labels(ml_repo, ml_settings, features).frame, how="inner")
    model = XGBClassifier(n_estimators=20, max_depth=2, n_jobs=1).fit(data[list(FEATURE_COLUMNS)], data["label"])
    use_tracking(ml_settings)
    with mlflow.start_run():
        info = mlflow.xgboost.log_model(model, name="model", registered_model_name=ml_settings.ml.model_name,
                                        pip_requirements=pip_requirements())
    set_alias(ml_settings, CHAMPION, str(info.registered_model_version))
    report = predict_traction(ml_settings, ml_repo)
    stored = np.array([b["traction_probability"] for b in ml_repo.builders() if b["overall_score"] is not None])
    assert report.scored == len(stored) and ((stored > 0) & (stored < 1)).all() and len(np.unique(stored)) > 10
