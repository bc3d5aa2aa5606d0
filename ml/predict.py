"""Score every stored builder with the champion: traction_probability and model_version on each profile.

The model is loaded with MLflow's native XGBoost flavor (``models:/NAME@champion``) as a Booster (see
ml.registry): it works for versions registered before the pyfunc flavor returned probabilities too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ml.features import build_features
from ml.registry import CHAMPION, load_alias, probabilities, version_by_alias
from scout_core.settings import Settings


@dataclass
class PredictReport:
    registered_model: str
    version: str
    scored: int
    mean_probability: float
    high: int  # builders at or above 0.5

    def summary(self) -> dict[str, Any]:
        return {"registered_model": self.registered_model, "version": self.version, "scored": self.scored,
                "mean_probability": round(self.mean_probability, 4), "high": self.high}


def predict_traction(settings: Settings, repo: Any, alias: str = CHAMPION,
                     now: datetime | None = None) -> PredictReport:
    """Predict for every scored profile with the alias's model and store the probabilities."""
    booster, version = load_alias(settings, alias)
    features = build_features(repo, now=now)
    if features.empty:
        return PredictReport(settings.ml.model_name, version, 0, 0.0, 0)
    probs = probabilities(booster, features)
    tag = f"{settings.ml.model_name}/{version}"
    scored = repo.set_traction_predictions(zip(features.index.tolist(), probs.tolist(), strict=True), tag)
    return PredictReport(settings.ml.model_name, version, scored, float(probs.mean()), int((probs >= 0.5).sum()))


def champion_exists(settings: Settings) -> bool:
    """Whether a champion is registered; cheap when no MLflow database exists yet (a new user's run)."""
    uri = settings.resolved_mlflow_uri
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).exists():
        return False
    return version_by_alias(settings, CHAMPION) is not None


def predict_if_champion(settings: Settings, repo: Any, now: datetime | None = None) -> PredictReport | None:
    """Score every stored builder with the champion when there is one (``scout run`` does this)."""
    if not champion_exists(settings):
        return None
    return predict_traction(settings, repo, now=now)
