"""Train the traction model: XGBoost on the store's features, held out by person, tracked in MLflow.

    result = train_traction_model(settings, repo, labels="sandbox")
    result.summary()   # auc, baseline_auc, pr_auc, precision_at_50, registered_model, version, alias, ...

The split holds out whole people (GroupShuffleSplit on the label set's groups, fixed seed), so no
builder is in both train and test. The baseline is a logistic regression on log follower count alone,
on the same split. The new version becomes ``champion`` only when its held-out ROC-AUC beats the
baseline's and the current champion's on the SAME held-out rows; otherwise it is tagged ``challenger``.

Every run is tracked (params, metrics, the training table as an MLflow dataset, plots). A version is
registered only when the model differs from every registered one (content hash of the Booster, which
holds the trees and the feature names); an identical retrain says which version it equals and moves
no alias. Too few labels raise NotEnoughLabels, which carries the counts (the retrain flow reports it
as skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ml.evaluate import classification_metrics
from ml.features import FEATURE_COLUMNS, feature_table
from ml.labels import LabelSet, load_labels
from ml.provenance import git_commit, log_training_set, training_table
from ml.registry import (
    CHALLENGER,
    CHAMPION,
    content_hash,
    feature_names,
    identical_version,
    load_alias,
    log_and_register,
    probabilities,
    set_alias,
    use_tracking,
    version_by_alias,
)
from scout_core.errors import InputError
from scout_core.schema import utcnow
from scout_core.settings import Settings

DEFAULT_PARAMS: dict[str, Any] = {
    "n_estimators": 300, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8, "colsample_bytree": 0.8,
    "min_child_weight": 2, "reg_lambda": 1.0, "tree_method": "hist", "eval_metric": "logloss",
    "n_jobs": 1,  # one thread: on a few thousand rows, threads cost more than they save (10x on 2 busy cores)
}
SPLIT_TRIES = 20
BASELINE_FEATURE = "log_followers"


class NotEnoughLabels(InputError):
    """Too few labelled profiles, or too few of one outcome, to train and evaluate a model.

    Carries the counts so a scheduled retrain can finish as "skipped: N labels, need M" (``summary()``)
    instead of failing; the CLI shows the message as its one-line error.
    """

    def __init__(self, message: str, label_source: str, labelled: int, positives: int, needed: int) -> None:
        super().__init__(message)
        self.label_source, self.labelled, self.positives, self.needed = label_source, labelled, positives, needed

    def summary(self) -> dict[str, Any]:
        return {"skipped": True, "labels": self.label_source, "labelled": self.labelled,
                "with_traction": self.positives, "needed": self.needed, "reason": self.message}


@dataclass
class TrainResult:
    run_id: str
    registered_model: str
    version: str  # the new version, or the registered one this model is identical to
    alias: str  # the alias the version holds after training ("" when an identical version holds none)
    labels: str
    metrics: dict[str, float]
    baseline: dict[str, float]
    importances: dict[str, float]
    n_train: int
    n_test: int
    positive_rate: float
    champion_before: dict[str, Any] | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    new_version: bool = True
    content_hash: str = ""
    features_as_of: str = ""
    label_source: str = ""  # stored | sandbox (what `--labels` takes)
    git_commit: str = ""
    flow_run_id: str | None = None

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON."""
        return {"auc": round(self.metrics["auc"], 4), "baseline_auc": round(self.baseline["baseline_auc"], 4),
                "pr_auc": round(self.metrics["pr_auc"], 4),
                "precision_at_50": round(self.metrics["precision_at_50"], 4),
                "registered_model": self.registered_model, "version": self.version, "alias": self.alias,
                "new_version": self.new_version, "reason": self.reason,
                "labels": self.labels, "n_train": self.n_train, "n_test": self.n_test, "run_id": self.run_id,
                "features_as_of": self.features_as_of, "git_commit": self.git_commit}


@dataclass
class Dataset:
    x_train: pd.DataFrame
    x_test: pd.DataFrame
    y_train: np.ndarray
    y_test: np.ndarray


def person_split(data: pd.DataFrame, columns: list[str], test_share: float, seed: int,
                 label_source: str = "stored") -> Dataset:
    """Hold out whole groups (people); the first of a few seeded splits with both classes on each side.

    ``columns`` are every feature the data has (not only the new model's), so the champion can be scored
    on the same rows whatever features it was trained on.
    """
    from sklearn.model_selection import GroupShuffleSplit

    y = data["label"].to_numpy(dtype=int)
    splitter = GroupShuffleSplit(n_splits=SPLIT_TRIES, test_size=test_share, random_state=seed)
    for train_idx, test_idx in splitter.split(data, y, groups=data["group"].to_numpy()):
        if len(set(y[train_idx])) == 2 and len(set(y[test_idx])) == 2:
            x = data[columns]
            return Dataset(x.iloc[train_idx], x.iloc[test_idx], y[train_idx], y[test_idx])
    raise NotEnoughLabels(f"cannot hold out people with both outcomes among {len(data)} labelled profiles "
                          f"({int(y.sum())} with traction): label more profiles of each kind",
                          label_source, len(data), int(y.sum()), len(data))


def check_labels(data: pd.DataFrame, labels: LabelSet, minimum: int) -> None:
    positives = int(data["label"].sum())
    if len(data) < minimum or positives < 2 or positives > len(data) - 2:
        raise NotEnoughLabels(f"{labels.source} labels: {len(data)} labelled profiles with features "
                              f"({positives} with traction); training needs at least {minimum} with both outcomes "
                              "(label more with `scout label`, or store more profiles)",
                              labels.source, len(data), positives, minimum)


def fit_model(ds: Dataset, columns: list[str], params: dict[str, Any], seed: int) -> Any:
    from xgboost import XGBClassifier

    model = XGBClassifier(**{**DEFAULT_PARAMS, **params, "random_state": seed})
    return model.fit(ds.x_train[columns], ds.y_train)


def baseline_probabilities(ds: Dataset, rows: pd.DataFrame | None = None) -> np.ndarray:
    """Logistic regression on log follower count alone (missing counts take the training median),
    fitted on the training rows; probabilities of ``rows`` (default: the held-out rows)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(SimpleImputer(strategy="median"), LogisticRegression())
    model.fit(ds.x_train[[BASELINE_FEATURE]], ds.y_train)
    return model.predict_proba((ds.x_test if rows is None else rows)[[BASELINE_FEATURE]])[:, 1]


def baseline_metrics(ds: Dataset) -> dict[str, float]:
    return classification_metrics(ds.y_test, baseline_probabilities(ds), prefix="baseline_")


def importances(booster: Any, columns: list[str]) -> dict[str, float]:
    """Share of total gain per feature (0 for features no tree used), largest first."""
    gain = booster.get_score(importance_type="total_gain")
    total = sum(gain.values()) or 1.0
    shares = {name: round(gain.get(name, 0.0) / total, 4) for name in columns}
    return dict(sorted(shares.items(), key=lambda kv: -kv[1]))


def champion_on_holdout(settings: Settings, ds: Dataset) -> dict[str, Any] | None:
    """The current champion's metrics on this run's held-out rows (None: no champion yet)."""
    if version_by_alias(settings, CHAMPION) is None:
        return None
    booster, version = load_alias(settings, CHAMPION)
    missing = [c for c in feature_names(booster) if c not in ds.x_test.columns]
    if missing:
        return {"version": version, "comparable": False, "missing_features": missing}
    return {"version": version, "comparable": True,
            **classification_metrics(ds.y_test, probabilities(booster, ds.x_test))}


def decide_alias(new_auc: float, champion: dict[str, Any] | None, baseline_auc: float) -> tuple[str, str]:
    """Champion only for a model that beats the follower-count baseline and the champion, on the same rows."""
    if new_auc <= baseline_auc:
        return CHALLENGER, f"held-out AUC {new_auc:.4f} does not beat the baseline's {baseline_auc:.4f}"
    if champion is None:
        return CHAMPION, "first registered model that beats the baseline"
    if not champion["comparable"]:
        return CHAMPION, f"champion v{champion['version']} cannot score today's features"
    if new_auc > champion["auc"]:
        return CHAMPION, f"held-out AUC {new_auc:.4f} > champion v{champion['version']} {champion['auc']:.4f}"
    return CHALLENGER, f"held-out AUC {new_auc:.4f} <= champion v{champion['version']} {champion['auc']:.4f}"


def train_traction_model(settings: Settings, repo: Any, labels: str = "stored",
                         params: dict[str, Any] | None = None, columns: list[str] | None = None,
                         now: datetime | None = None, flow_run_id: str | None = None) -> TrainResult:
    """Train, evaluate against the baseline and the champion, log to MLflow, register (when new), set the alias.

    ``flow_run_id``: the Prefect flow run this training belongs to (the retrain task passes it), kept as a
    tag of the run and of the version.
    """
    table = feature_table(repo, now=now)
    label_set = load_labels(labels, repo, settings, table.frame)
    data = table.frame.join(label_set.frame, how="inner")
    check_labels(data, label_set, settings.ml.min_labels)
    columns = list(columns or FEATURE_COLUMNS)
    ds = person_split(data, list(FEATURE_COLUMNS), settings.ml.test_share, settings.ml.seed, label_set.source)
    booster = fit_model(ds, columns, params or {}, settings.ml.seed).get_booster()
    probs = probabilities(booster, ds.x_test)
    metrics = classification_metrics(ds.y_test, probs)
    baseline_probs = baseline_probabilities(ds)
    baseline = classification_metrics(ds.y_test, baseline_probs, prefix="baseline_")
    champion = champion_on_holdout(settings, ds)
    digest = content_hash(booster)
    same = identical_version(settings, digest)
    if same is None:
        alias, reason = decide_alias(metrics["auc"], champion, baseline["baseline_auc"])
    else:
        alias, reason = _aliases_of(settings, same), f"identical to registered v{same}: no new version"
    result = TrainResult(run_id="", registered_model=settings.ml.model_name, version=same or "", alias=alias,
                         labels=label_set.tags.get("labels", labels), metrics=metrics, baseline=baseline,
                         importances=importances(booster, columns), n_train=len(ds.y_train), n_test=len(ds.y_test),
                         positive_rate=float(data["label"].mean()), champion_before=champion, reason=reason,
                         notes=label_set.notes, new_version=same is None, content_hash=digest,
                         features_as_of=table.as_of.isoformat(), label_source=label_set.source,
                         git_commit=git_commit(), flow_run_id=flow_run_id)
    from ml.plots import evaluation_figures

    figures = evaluation_figures(ds.y_test, probs, baseline_probs, metrics, baseline, result.importances)
    _track(settings, booster, training_table(data, ds.x_train.index, ds.x_test.index, list(FEATURE_COLUMNS)),
           ds.x_test[columns], {**DEFAULT_PARAMS, **(params or {})}, label_set, figures, result)
    if result.new_version:
        set_alias(settings, alias, result.version)
    return result


def _aliases_of(settings: Settings, version: str) -> str:
    from ml.registry import model_version

    return ",".join(sorted(model_version(settings, version).aliases))


def _track(settings: Settings, booster: Any, table: pd.DataFrame, sample: pd.DataFrame, params: dict[str, Any],
           labels: LabelSet, figures: dict[str, Any], result: TrainResult) -> None:
    """One MLflow run: params, metrics, training set, plots, tags; a new model logged and registered."""
    import mlflow

    use_tracking(settings)
    provenance = {"git_commit": result.git_commit, "content_hash": result.content_hash,
                  "features_as_of": result.features_as_of, "label_source": result.label_source,
                  **({"prefect_flow_run_id": result.flow_run_id} if result.flow_run_id else {})}
    with mlflow.start_run(run_name=f"xgb-{labels.source}") as run:
        result.run_id = run.info.run_id
        mlflow.log_params({**params, "seed": settings.ml.seed, "test_share": settings.ml.test_share,
                           "n_features": sample.shape[1], "n_train": result.n_train, "n_test": result.n_test,
                           "split": "GroupShuffleSplit by person", "features_as_of": result.features_as_of})
        mlflow.log_metrics({**result.metrics, **result.baseline, "positive_rate": result.positive_rate})
        if result.champion_before and result.champion_before.get("comparable"):
            mlflow.log_metric("champion_auc_on_this_holdout", result.champion_before["auc"])
        mlflow.log_dict(result.importances, "feature_importances.json")
        mlflow.log_dict({"notes": labels.notes, "champion_before": result.champion_before}, "training_notes.json")
        mlflow.set_tags({**labels.tags, **provenance, "synthetic_labels": str(labels.synthetic).lower(),
                         "alias": result.alias, "alias_reason": result.reason})
        dataset_tags = {"features_as_of": result.features_as_of, "label_source": result.labels,
                        **{k: v for k, v in labels.tags.items() if k.startswith("world_")}}
        log_training_set(table, f"{settings.ml.model_name}-{labels.source}-{result.features_as_of[:10]}",
                         dataset_tags)
        for path, figure in figures.items():
            mlflow.log_figure(figure, path)
        if not result.new_version:
            mlflow.set_tag("identical_to_version", result.version)
            return
        tags = {**provenance, "labels": result.labels, "synthetic_labels": str(labels.synthetic).lower(),
                **{k: v for k, v in labels.tags.items() if k.startswith("world_")},
                "training_decision": result.alias, "decision_reason": result.reason}
        if result.alias == CHAMPION:
            tags.update(promotion="automatic", promotion_reason=result.reason, promoted_at=utcnow().isoformat())
        result.version = log_and_register(settings, booster, sample, tags, version_description(result))


def version_description(result: TrainResult) -> str:
    """What an operator reads on the version's page."""
    synthetic = " (SYNTHETIC sandbox outcomes)" if result.label_source == "sandbox" else ""
    return (f"XGBoost traction model on {len(result.importances)} features as of {result.features_as_of[:10]}, "
            f"labels {result.labels}{synthetic}: {result.n_train} training and {result.n_test} held-out profiles "
            f"(held out by person). Held-out ROC-AUC {result.metrics['auc']:.3f} vs follower-count baseline "
            f"{result.baseline['baseline_auc']:.3f}; PR-AUC {result.metrics['pr_auc']:.3f}; precision@50 "
            f"{result.metrics['precision_at_50']:.3f}. Registered as {result.alias}: {result.reason}. "
            f"Code {result.git_commit}" + (f"; Prefect flow run {result.flow_run_id}." if result.flow_run_id else "."))

