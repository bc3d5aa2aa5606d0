"""`scout ml compare`: the champion and another version scored on the same held-out rows, today.

The rows are the ones training would hold out today (the same person split, same seed), minus every
row whose profile or person either model trained on, read from the training tables their runs logged
(ml.provenance). So neither model has seen a row it is judged on, and both are judged on the same rows.
A version registered before training tables were logged cannot be checked that way: the comparison says
so (``unchecked``) and keeps today's held-out rows as they are. The follower-count baseline, fitted on
today's training rows, is scored on the same rows for scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from ml.evaluate import classification_metrics
from ml.features import FEATURE_COLUMNS, feature_table
from ml.labels import LABEL_SOURCES, load_labels
from ml.provenance import trained_on
from ml.registry import (
    CHALLENGER,
    CHAMPION,
    feature_names,
    load_booster,
    model_version,
    probabilities,
    version_by_alias,
)
from ml.train import baseline_probabilities, check_labels, person_split
from scout_core.errors import ConfigurationError, InputError
from scout_core.settings import Settings

METRICS = ("auc", "pr_auc", "precision_at_50", "brier", "ece")


@dataclass
class Comparison:
    registered_model: str
    champion: str
    challenger: str
    labels: str
    features_as_of: str
    rows: int
    with_traction: int
    left_out: int  # today's held-out rows that one of the models trained on
    metrics: dict[str, dict[str, float]]  # "champion" | "challenger" | "baseline" -> metric -> value
    unchecked: list[str] = field(default_factory=list)  # versions without a logged training table
    profile_ids: list[int] = field(default_factory=list)  # the rows compared

    @property
    def auc_gain(self) -> float:
        return self.metrics["challenger"]["auc"] - self.metrics["champion"]["auc"]

    def summary(self) -> dict[str, Any]:
        return {"registered_model": self.registered_model, "champion": self.champion,
                "challenger": self.challenger, "labels": self.labels, "features_as_of": self.features_as_of,
                "rows": self.rows, "with_traction": self.with_traction, "left_out": self.left_out,
                "unchecked": self.unchecked, "auc_gain": round(self.auc_gain, 4),
                "metrics": {who: {k: round(v, 4) for k, v in m.items()} for who, m in self.metrics.items()}}


def pick_versions(settings: Settings, challenger: str | None) -> tuple[Any, Any]:
    """(champion, challenger) model versions; one-line errors when either is missing or they are the same."""
    champion = version_by_alias(settings, CHAMPION)
    if champion is None:
        raise ConfigurationError(f"no champion model registered as {settings.ml.model_name!r} at "
                                 f"{settings.resolved_mlflow_uri}: run `scout ml train` first")
    if challenger is None:
        other = version_by_alias(settings, CHALLENGER)
        if other is None:
            raise ConfigurationError(f"no {CHALLENGER} version of {settings.ml.model_name!r}: name one with "
                                     "--challenger VERSION (`scout ml versions` lists them)")
    else:
        other = model_version(settings, challenger)
    if str(other.version) == str(champion.version):
        raise InputError(f"v{champion.version} is the champion: compare it with another version")
    return champion, other


def compare_models(settings: Settings, repo: Any, challenger: str | None = None, labels: str | None = None,
                   now: datetime | None = None) -> Comparison:
    champion, other = pick_versions(settings, challenger)
    kind = labels or other.tags.get("label_source") or "stored"
    if kind not in LABEL_SOURCES:
        raise InputError(f"unknown --labels {kind!r}; use one of: {', '.join(LABEL_SOURCES)}")
    table = feature_table(repo, now=now)
    label_set = load_labels(kind, repo, settings, table.frame)
    data = table.frame.join(label_set.frame, how="inner")
    check_labels(data, label_set, settings.ml.min_labels)
    ds = person_split(data, list(FEATURE_COLUMNS), settings.ml.test_share, settings.ml.seed, label_set.source)

    keep = np.ones(len(ds.x_test), dtype=bool)
    unchecked = []
    for version in (champion, other):
        seen = trained_on(settings, version.run_id)
        if seen is None:
            unchecked.append(str(version.version))
            continue
        groups = data.loc[ds.x_test.index, "group"].astype(str)
        keep &= np.array([not seen.saw(int(pid), group) for pid, group in zip(ds.x_test.index, groups, strict=True)])
    rows, y = ds.x_test[keep], ds.y_test[keep]
    if len(set(y.tolist())) < 2:
        raise InputError(f"{len(rows)} held-out rows neither model trained on ({int(y.sum())} with traction): "
                         "too few to compare; label or store more profiles")

    metrics: dict[str, dict[str, float]] = {}
    for role, version in (("champion", champion), ("challenger", other)):
        booster = load_booster(settings, f"/{version.version}")
        missing = [c for c in feature_names(booster) if c not in rows.columns]
        if missing:
            raise ConfigurationError(f"v{version.version} uses features today's store does not have: "
                                     f"{', '.join(missing)}")
        metrics[role] = classification_metrics(y, probabilities(booster, rows))
    metrics["baseline"] = classification_metrics(y, baseline_probabilities(ds, rows))
    return Comparison(settings.ml.model_name, str(champion.version), str(other.version),
                      label_set.tags.get("labels", kind), table.as_of.isoformat(), len(rows), int(y.sum()),
                      int((~keep).sum()), metrics, unchecked, [int(i) for i in rows.index])
