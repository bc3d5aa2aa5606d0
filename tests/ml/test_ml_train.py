"""Training on the sandbox world's synthetic outcomes: beats the baseline on held-out people, registers,
moves `champion` only for a strictly better model, predicts through the registry, uses stored labels."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from ml.features import build_features
from ml.labels import sandbox_labels
from ml.predict import predict_traction
from ml.registry import CHALLENGER, CHAMPION, all_versions, client, version_by_alias
from ml.train import NotEnoughLabels, train_traction_model
from scout_core.errors import ConfigurationError, InputError
from scout_core.store.repository import Repository

# Weaker than the default model but still better than follower count alone (so it can hold champion).
WEAK = {"params": {"n_estimators": 3, "max_depth": 1}, "columns": ["log_followers", "completeness_score",
                                                                    "shipping_count"]}
WEAKER = {"params": {"n_estimators": 2, "max_depth": 1}, "columns": WEAK["columns"]}


@pytest.fixture(scope="module")
def env(tmp_path_factory, ml_copy):
    settings = ml_copy(tmp_path_factory.mktemp("train") / "data")
    repo = Repository(settings.resolved_database_url)
    yield settings, repo
    repo.close()


@pytest.fixture(scope="module")
def first(env):
    settings, repo = env
    return train_traction_model(settings, repo, labels="sandbox")


def test_model_beats_the_baseline_on_held_out_people_and_becomes_champion(first, env):
    settings, _ = env
    assert first.metrics["auc"] >= 0.75 and first.metrics["auc"] > first.baseline["baseline_auc"] + 0.1
    assert first.metrics["pr_auc"] > first.baseline["baseline_pr_auc"]
    assert 0 <= first.metrics["ece"] <= 1 and 0 <= first.metrics["brier"] <= 0.25
    assert first.alias == CHAMPION and first.version == "1"
    assert first.reason == "first registered model that beats the baseline"
    assert str(version_by_alias(settings, CHAMPION).version) == "1"
    assert set(first.summary()) >= {"auc", "baseline_auc", "pr_auc", "precision_at_50", "registered_model",
                                    "version", "alias"}


def test_run_is_tracked_with_synthetic_tag_importances_and_absolute_artifacts(first, env):
    settings, _ = env
    run = client(settings).get_run(first.run_id)
    assert run.data.tags["labels"] == "sandbox-synthetic" and run.data.tags["synthetic_labels"] == "true"
    assert run.data.tags["world_seed"] == "11" and run.data.params["split"] == "GroupShuffleSplit by person"
    assert run.data.metrics["auc"] == pytest.approx(first.metrics["auc"])
    artifacts = Path(run.info.artifact_uri.removeprefix("file://"))
    assert artifacts.is_absolute() and artifacts.is_relative_to(settings.data_dir.resolve())
    shares = json.loads((artifacts / "feature_importances.json").read_text())
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-3) and shares == first.importances
    # The world's traction rule weighs follower growth, shipping and stars: the model finds them.
    top = list(first.importances)[:8]
    assert {"follower_growth_weekly", "follower_growth_recent", "gh_log_stars"} & set(top), top


def test_held_out_people_are_not_in_training(env):
    settings, repo = env
    labels = sandbox_labels(repo, settings, build_features(repo))
    groups = labels.frame["group"]
    assert groups.nunique() < len(groups)  # some people have two accounts (X and GitHub): grouped together
    from ml.train import person_split

    data = build_features(repo).join(labels.frame, how="inner")
    ds = person_split(data, ["log_followers"], 0.25, 7)
    assert not set(groups[ds.x_train.index]) & set(groups[ds.x_test.index])


def test_retraining_on_the_same_data_registers_nothing_and_leaves_the_champion(first, env):
    settings, repo = env
    again = train_traction_model(settings, repo, labels="sandbox")
    assert not again.new_version and again.version == "1" and again.alias == CHAMPION
    assert again.content_hash == first.content_hash and again.reason == "identical to registered v1: no new version"
    assert again.champion_before["version"] == "1"
    assert again.champion_before["auc"] == pytest.approx(again.metrics["auc"])  # same data, same seed, same model
    assert [str(v.version) for v in all_versions(settings)] == ["1"]
    assert str(version_by_alias(settings, CHAMPION).version) == "1" and version_by_alias(settings, CHALLENGER) is None
    run = client(settings).get_run(again.run_id)  # the training is still recorded, pointing at the version
    assert run.data.tags["identical_to_version"] == "1"
    assert run.data.metrics["auc"] == pytest.approx(first.metrics["auc"])


def test_prediction_through_the_registry_sets_probability_and_version(first, env):
    settings, repo = env
    report = predict_traction(settings, repo)
    builders = [b for b in repo.builders() if b["overall_score"] is not None]
    assert report.scored == len(builders) > 300 and report.version == "1"
    assert {b["model_version"] for b in builders} == {"scout-traction/1"}
    assert all(0 <= b["traction_probability"] <= 1 for b in builders)
    unscored = [b for b in repo.builders() if b["overall_score"] is None]
    assert unscored and all(b["traction_probability"] is None for b in unscored)


def test_a_strictly_better_model_takes_the_champion_alias(ml_settings, ml_repo):
    weak = train_traction_model(ml_settings, ml_repo, labels="sandbox", **WEAK)
    strong = train_traction_model(ml_settings, ml_repo, labels="sandbox")
    assert weak.alias == CHAMPION and strong.alias == CHAMPION
    assert strong.metrics["auc"] > strong.champion_before["auc"] == pytest.approx(weak.metrics["auc"])
    assert str(version_by_alias(ml_settings, CHAMPION).version) == strong.version == "2"
    worse = train_traction_model(ml_settings, ml_repo, labels="sandbox", **WEAKER)
    assert worse.alias == CHALLENGER and worse.version == "3" and worse.new_version
    assert str(version_by_alias(ml_settings, CHAMPION).version) == "2"
    assert str(version_by_alias(ml_settings, CHALLENGER).version) == "3"


def test_no_champion_is_a_clear_error(ml_settings, ml_repo):
    with pytest.raises(ConfigurationError, match="no champion model registered as 'scout-traction'.*scout ml train"):
        predict_traction(ml_settings, ml_repo)


def test_stored_labels_are_used_and_not_builders_left_out(ml_settings, ml_repo, world):
    truth = {p.x.handle: p.achieved_traction for p in world.people[:300] if p.x}
    features = build_features(ml_repo)
    x_rows = features[features["source_platform"] == "x"]
    handles = [h for h in x_rows["handle"] if h in truth][:150]
    for handle in handles[:140]:
        ml_repo.add_label(ml_repo.profile_id("x", handle), traction=truth[handle], by="test")
    for handle in handles[140:]:
        ml_repo.add_label(ml_repo.profile_id("x", handle), not_builder=True)
    result = train_traction_model(ml_settings, ml_repo, labels="stored")
    assert result.n_train + result.n_test == 140
    assert result.labels == "stored-reviewer" and "10 not builders (left out)" in result.notes[0]
    run = client(ml_settings).get_run(result.run_id)
    assert run.data.tags["labels"] == "stored-reviewer" and run.data.tags["synthetic_labels"] == "false"


def test_too_few_labels_is_a_clear_error_with_the_counts(ml_settings, ml_repo):
    ml_repo.add_label(ml_repo.profile_id("x", ml_repo.builders()[0]["handle"]), traction=True)
    with pytest.raises(NotEnoughLabels, match="1 labelled profiles with features .* at least 40") as raised:
        train_traction_model(ml_settings, ml_repo, labels="stored")
    assert isinstance(raised.value, InputError)  # the CLI's one-line error
    skipped = pickle.loads(pickle.dumps(raised.value)).summary()  # crosses Prefect's result serialization
    assert skipped == {"skipped": True, "labels": "stored", "labelled": 1, "with_traction": 1, "needed": 40,
                       "reason": str(raised.value)}
    assert all_versions(ml_settings) == []


def test_sandbox_labels_refuse_a_store_from_another_world(ml_settings, ml_repo):
    ml_repo.start_run("other", {"sandbox": True, "world_seed": 12, "world_size": 600})
    with pytest.raises(ConfigurationError, match="several sandbox worlds"):
        train_traction_model(ml_settings, ml_repo, labels="sandbox")


def test_sandbox_labels_check_the_assumed_world(tmp_path, store_template):
    import shutil

    from sqlalchemy import delete

    from scout_core.settings import Settings
    from scout_core.store.models import RunRow

    shutil.copy(store_template, tmp_path / "scout.db")
    repo = Repository(f"sqlite:///{tmp_path / 'scout.db'}")
    with repo.engine.begin() as conn:  # a store from `scout run` before runs recorded their world
        conn.execute(delete(RunRow))
    repo.start_run("plain", {"limit": 300, "sandbox": True, "world_seed": None, "world_size": None})
    wrong = Settings(data_dir=tmp_path, _env_file=None, sandbox={"seed": 5, "size": 600})
    with pytest.raises(ConfigurationError, match="of .* stored profiles belong to the sandbox world seed 5"):
        sandbox_labels(repo, wrong, build_features(repo))
    right = Settings(data_dir=tmp_path, _env_file=None, sandbox={"seed": 11, "size": 600})
    labels = sandbox_labels(repo, right, build_features(repo))
    assert labels.tags["world_from"].startswith("settings") and len(labels.frame) > 300
    repo.close()


def test_a_model_that_does_not_beat_the_baseline_never_becomes_champion():
    from ml.train import decide_alias

    assert decide_alias(0.55, None, baseline_auc=0.60)[0] == "challenger"
    assert decide_alias(0.65, None, baseline_auc=0.60)[0] == "champion"
    champion = {"version": "3", "auc": 0.70, "comparable": True}
    assert decide_alias(0.68, champion, baseline_auc=0.60)[0] == "challenger"
    assert decide_alias(0.72, champion, baseline_auc=0.75)[0] == "challenger"
