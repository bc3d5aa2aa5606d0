"""MLflow tracking and the model registry: where runs go, how a model is registered, who is champion.

Tracking URI: ``settings.resolved_mlflow_uri`` (SQLite under ``data_dir`` by default; it holds the
registry too). A new experiment's artifacts go to an absolute ``data_dir/mlflow-artifacts`` when the
backend is local, so they never land relative to whatever directory a command ran in.
Aliases, not stages: ``champion`` is what predictions use; ``challenger`` marks a newer version that
did not beat it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scout_core.errors import ConfigurationError, StoreError
from scout_core.settings import Settings

CHAMPION, CHALLENGER = "champion", "challenger"


@contextmanager
def mlflow_errors(what: str) -> Iterator[None]:
    """MLflow's exceptions as Scout's StoreError, naming what was being done."""
    from mlflow.exceptions import MlflowException

    try:
        yield
    except MlflowException as exc:
        raise StoreError(f"MLflow: {what} failed: {str(exc).splitlines()[0][:300]}") from exc


def artifact_root(settings: Settings) -> str | None:
    uri = settings.resolved_mlflow_uri
    if uri.startswith(("sqlite:", "file:")) or "://" not in uri:
        return (settings.data_dir / "mlflow-artifacts").resolve().as_uri()
    return None  # a tracking server decides where its artifacts live


def use_tracking(settings: Settings) -> str:
    """Point MLflow at these settings' tracking URI and experiment; returns the experiment id."""
    import mlflow

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    mlflow.set_tracking_uri(settings.resolved_mlflow_uri)
    with mlflow_errors(f"opening experiment {settings.ml.experiment!r}"):
        found = mlflow.get_experiment_by_name(settings.ml.experiment)
        if found is None:
            experiment_id = mlflow.create_experiment(settings.ml.experiment, artifact_location=artifact_root(settings))
        else:
            experiment_id = found.experiment_id
        mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id


def client(settings: Settings) -> Any:
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=settings.resolved_mlflow_uri, registry_uri=settings.resolved_mlflow_uri)


def version_by_alias(settings: Settings, alias: str) -> Any | None:
    """The registered model version holding ``alias``, or None (no such model or alias)."""
    from mlflow.exceptions import MlflowException

    try:
        return client(settings).get_model_version_by_alias(settings.ml.model_name, alias)
    except MlflowException as exc:
        if exc.error_code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"):
            return None
        raise StoreError(f"MLflow: reading alias {alias!r} of {settings.ml.model_name!r} failed: {exc}") from exc


def set_alias(settings: Settings, alias: str, version: str) -> None:
    with mlflow_errors(f"setting alias {alias!r} on version {version}"):
        client(settings).set_registered_model_alias(settings.ml.model_name, alias, version)


def load_alias(settings: Settings, alias: str = CHAMPION) -> tuple[Any, str]:
    """(native XGBoost model, version) of the alias; ConfigurationError when nobody holds it."""
    import mlflow.xgboost

    version = version_by_alias(settings, alias)
    if version is None:
        raise ConfigurationError(f"no {alias} model registered as {settings.ml.model_name!r} at "
                                 f"{settings.resolved_mlflow_uri}: run `scout ml train` first")
    mlflow.set_tracking_uri(settings.resolved_mlflow_uri)
    with mlflow_errors(f"loading models:/{settings.ml.model_name}@{alias}"):
        model = mlflow.xgboost.load_model(f"models:/{settings.ml.model_name}@{alias}")
    return model, str(version.version)


def pip_requirements() -> list[str]:
    """Pinned explicitly: MLflow's inference of requirements costs seconds per model."""
    import numpy
    import pandas
    import sklearn
    import xgboost

    return [f"xgboost=={xgboost.__version__}", f"scikit-learn=={sklearn.__version__}",
            f"pandas=={pandas.__version__}", f"numpy=={numpy.__version__}"]


def log_xgboost(settings: Settings, model: Any, sample: Any) -> str:
    """Log the model in the active run with signature and input example, register it; returns the version."""
    import mlflow.xgboost
    from mlflow.models import infer_signature

    signature = infer_signature(sample, model.predict_proba(sample)[:, 1])
    with mlflow_errors(f"logging and registering {settings.ml.model_name!r}"):
        info = mlflow.xgboost.log_model(model, name="model", signature=signature, input_example=sample.head(3),
                                        registered_model_name=settings.ml.model_name,
                                        pip_requirements=pip_requirements())
    return str(info.registered_model_version)
