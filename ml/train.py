"""Train the traction model: XGBoost on the store's features, held out by person, tracked in MLflow.

    result = train_traction_model(settings, repo, labels="sandbox")
    result.summary()   # auc, baseline_auc, pr_auc, precision_at_50, registered_model, version, alias

The split holds out whole people (GroupShuffleSplit on the label set's groups, fixed seed), so no
builder is in both train and test. The baseline is a logistic regression on log follower count alone,
on the same split. The new version becomes ``champion`` only when its held-out ROC-AUC beats the
baseline's and the current champion's on the SAME held-out rows; otherwise it is tagged ``challenger``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ml.evaluate import classification_metrics
from ml.features import FEATURE_COLUMNS, build_features
from ml.labels import LabelSet, load_labels
from ml.registry import CHALLENGER, CHAMPION, load_alias, log_xgboost, set_alias, use_tracking, version_by_alias
from scout_core.errors import InputError
from scout_core.settings import Settings

DEFAULT_PARAMS: dict[str, Any] = {
    "n_estimators": 300, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8, "colsample_bytree": 0.8,
    "min_child_weight": 2, "reg_lambda": 1.0, "tree_method": "hist", "eval_metric": "logloss",
    "n_jobs": 1,  # one thread: on a few thousand rows, threads cost more than they save (10x on 2 busy cores)
}
SPLIT_TRIES = 20
BASELINE_FEATURE = "log_followers"


@dataclass
class TrainResult:
    run_id: str
    registered_model: str
    version: str
    alias: str
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

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON line."""
        return {"auc": round(self.metrics["auc"], 4), "baseline_auc": round(self.baseline["baseline_auc"], 4),
                "pr_auc": round(self.metrics["pr_auc"], 4),
                "precision_at_50": round(self.metrics["precision_at_50"], 4),
                "registered_model": self.registered_model, "version": self.version, "alias": self.alias,
                "labels": self.labels, "n_train": self.n_train, "n_test": self.n_test, "run_id": self.run_id}


@dataclass
class Dataset:
    x_train: pd.DataFrame
    x_test: pd.DataFrame
    y_train: np.ndarray
    y_test: np.ndarray


def person_split(data: pd.DataFrame, columns: list[str], test_share: float, seed: int) -> Dataset:
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
    raise InputError(f"cannot hold out people with both outcomes among {len(data)} labelled profiles "
                     f"({int(y.sum())} with traction): label more profiles of each kind")


def check_labels(data: pd.DataFrame, labels: LabelSet, minimum: int) -> None:
    positives = int(data["label"].sum())
    if len(data) < minimum or positives < 2 or positives > len(data) - 2:
        raise InputError(f"{labels.source} labels: {len(data)} labelled profiles with features "
                         f"({positives} with traction); training needs at least {minimum} with both outcomes "
                         "(label more with `scout label`, or store more profiles)")


def fit_model(ds: Dataset, columns: list[str], params: dict[str, Any], seed: int) -> Any:
    from xgboost import XGBClassifier

    model = XGBClassifier(**{**DEFAULT_PARAMS, **params, "random_state": seed})
    return model.fit(ds.x_train[columns], ds.y_train)


def baseline_metrics(ds: Dataset) -> dict[str, float]:
    """Logistic regression on log follower count alone (missing counts take the training median)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(SimpleImputer(strategy="median"), LogisticRegression())
    model.fit(ds.x_train[[BASELINE_FEATURE]], ds.y_train)
    probs = model.predict_proba(ds.x_test[[BASELINE_FEATURE]])[:, 1]
    return classification_metrics(ds.y_test, probs, prefix="baseline_")


def importances(model: Any, columns: list[str]) -> dict[str, float]:
    """Share of total gain per feature (0 for features no tree used), largest first."""
    gain = model.get_booster().get_score(importance_type="total_gain")
    total = sum(gain.values()) or 1.0
    shares = {name: round(gain.get(name, 0.0) / total, 4) for name in columns}
    return dict(sorted(shares.items(), key=lambda kv: -kv[1]))


def champion_on_holdout(settings: Settings, ds: Dataset) -> dict[str, Any] | None:
    """The current champion's metrics on this run's held-out rows (None: no champion yet)."""
    if version_by_alias(settings, CHAMPION) is None:
        return None
    model, version = load_alias(settings, CHAMPION)
    wanted = list(model.get_booster().feature_names or [])
    missing = [c for c in wanted if c not in ds.x_test.columns]
    if missing:
        return {"version": version, "comparable": False, "missing_features": missing}
    probs = model.predict_proba(ds.x_test[wanted])[:, 1]
    return {"version": version, "comparable": True, **classification_metrics(ds.y_test, probs)}


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
                         now: datetime | None = None) -> TrainResult:
    """Train, evaluate against the baseline and the champion, log to MLflow, register, set the alias."""
    features = build_features(repo, now=now)
    label_set = load_labels(labels, repo, settings, features)
    data = features.join(label_set.frame, how="inner")
    check_labels(data, label_set, settings.ml.min_labels)
    columns = list(columns or FEATURE_COLUMNS)
    ds = person_split(data, list(FEATURE_COLUMNS), settings.ml.test_share, settings.ml.seed)
    model = fit_model(ds, columns, params or {}, settings.ml.seed)
    metrics = classification_metrics(ds.y_test, model.predict_proba(ds.x_test[columns])[:, 1])
    baseline = baseline_metrics(ds)
    champion = champion_on_holdout(settings, ds)
    alias, reason = decide_alias(metrics["auc"], champion, baseline["baseline_auc"])
    result = TrainResult(run_id="", registered_model=settings.ml.model_name, version="", alias=alias,
                         labels=label_set.tags.get("labels", labels), metrics=metrics, baseline=baseline,
                         importances=importances(model, columns), n_train=len(ds.y_train), n_test=len(ds.y_test),
                         positive_rate=float(data["label"].mean()), champion_before=champion, reason=reason,
                         notes=label_set.notes)
    _track(settings, model, ds, columns, {**DEFAULT_PARAMS, **(params or {})}, label_set, result)
    set_alias(settings, alias, result.version)
    return result


def _track(settings: Settings, model: Any, ds: Dataset, columns: list[str], params: dict[str, Any],
           labels: LabelSet, result: TrainResult) -> None:
    """One MLflow run: params, metrics, importances, tags; the model logged and registered."""
    import mlflow

    use_tracking(settings)
    with mlflow.start_run(run_name=f"xgb-{labels.source}") as run:
        mlflow.log_params({**params, "seed": settings.ml.seed, "test_share": settings.ml.test_share,
                           "n_features": len(columns), "n_train": result.n_train, "n_test": result.n_test,
                           "split": "GroupShuffleSplit by person"})
        mlflow.log_metrics({**result.metrics, **result.baseline, "positive_rate": result.positive_rate})
        if result.champion_before and result.champion_before.get("comparable"):
            mlflow.log_metric("champion_auc_on_this_holdout", result.champion_before["auc"])
        mlflow.log_dict(result.importances, "feature_importances.json")
        mlflow.log_dict({"notes": labels.notes, "champion_before": result.champion_before}, "training_notes.json")
        mlflow.set_tags({**labels.tags, "synthetic_labels": str(labels.synthetic).lower(), "alias": result.alias,
                         "alias_reason": result.reason})
        result.run_id = run.info.run_id
        result.version = log_xgboost(settings, model, ds.x_test[columns])


def result_json(result: TrainResult) -> str:
    return json.dumps(asdict(result), default=str)
