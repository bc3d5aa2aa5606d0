"""MLflow tracking and the model registry: where runs go, how a model is registered, who is champion.

Tracking URI: ``settings.resolved_mlflow_uri`` (SQLite under ``data_dir`` by default; it holds the
registry too). A new experiment's artifacts go to an absolute ``data_dir/mlflow-artifacts`` when the
backend is local, so they never land relative to whatever directory a command ran in.
Aliases, not stages: ``champion`` is what predictions use; ``challenger`` marks a newer version that
did not beat it.

What is registered is the XGBoost *Booster*, not the scikit-learn wrapper: the pyfunc flavor of an
XGBClassifier returns 0/1 labels, a binary:logistic Booster's returns the traction probability, which is
what the signature (output ``traction_probability``) promises to ``mlflow models serve`` and Spark UDFs.
Versions registered before that were XGBClassifiers; loading turns them into their Booster.

Each version carries a ``content_hash`` tag (the Booster's JSON, which holds the trees and the feature
names): a retrain that yields the same model registers nothing new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from scout_core.errors import ConfigurationError, InputError, StoreError
from scout_core.settings import Settings

CHAMPION, CHALLENGER = "champion", "challenger"
OUTPUT_NAME = "traction_probability"
MISSING_CODES = ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND")


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
        if exc.error_code in MISSING_CODES:
            return None
        raise StoreError(f"MLflow: reading alias {alias!r} of {settings.ml.model_name!r} failed: {exc}") from exc


def model_version(settings: Settings, version: str) -> Any:
    """The registered version ``version``; InputError (one line) when it is not a number or does not exist."""
    from mlflow.exceptions import MlflowException

    if not version.isdigit() or int(version) < 1:
        raise InputError(f"a model version is a positive number like 3, got {version!r}")
    try:
        return client(settings).get_model_version(settings.ml.model_name, str(int(version)))
    except MlflowException as exc:
        if exc.error_code in MISSING_CODES:
            raise InputError(f"no version {int(version)} of model {settings.ml.model_name!r} at "
                             f"{settings.resolved_mlflow_uri} (`scout ml versions` lists them)") from exc
        raise StoreError(f"MLflow: reading version {version} of {settings.ml.model_name!r} failed: {exc}") from exc


def all_versions(settings: Settings) -> list[Any]:
    """Every registered version of the model, newest first (none when the model does not exist yet).

    A search leaves the versions' ``aliases`` empty: ``aliases_by_version`` has them."""
    with mlflow_errors(f"listing versions of {settings.ml.model_name!r}"):
        found = client(settings).search_model_versions(f"name = '{settings.ml.model_name}'")
    return sorted(found, key=lambda v: -int(v.version))


def aliases_by_version(settings: Settings) -> dict[str, list[str]]:
    """Version -> the aliases it holds (empty when the model does not exist yet)."""
    from mlflow.exceptions import MlflowException

    try:
        aliases = client(settings).get_registered_model(settings.ml.model_name).aliases
    except MlflowException as exc:
        if exc.error_code in MISSING_CODES:
            return {}
        raise StoreError(f"MLflow: reading {settings.ml.model_name!r} failed: {exc}") from exc
    held: dict[str, list[str]] = {}
    for alias, version in sorted(aliases.items()):
        held.setdefault(str(version), []).append(alias)
    return held


def set_alias(settings: Settings, alias: str, version: str) -> None:
    with mlflow_errors(f"setting alias {alias!r} on version {version}"):
        client(settings).set_registered_model_alias(settings.ml.model_name, alias, version)


def delete_alias(settings: Settings, alias: str) -> None:
    with mlflow_errors(f"removing alias {alias!r}"):
        client(settings).delete_registered_model_alias(settings.ml.model_name, alias)


def set_version_tags(settings: Settings, version: str, tags: dict[str, str]) -> None:
    mlflow_client = client(settings)
    with mlflow_errors(f"tagging version {version}"):
        for key, value in tags.items():
            mlflow_client.set_model_version_tag(settings.ml.model_name, version, key, value)


def load_booster(settings: Settings, reference: str) -> Any:
    """The Booster behind ``models:/NAME<reference>`` (``@alias`` or ``/version``)."""
    import mlflow.xgboost
    import xgboost

    mlflow.set_tracking_uri(settings.resolved_mlflow_uri)
    with mlflow_errors(f"loading models:/{settings.ml.model_name}{reference}"):
        model = mlflow.xgboost.load_model(f"models:/{settings.ml.model_name}{reference}")
    return model.get_booster() if isinstance(model, xgboost.XGBModel) else model


def load_alias(settings: Settings, alias: str = CHAMPION) -> tuple[Any, str]:
    """(Booster, version) of the alias; ConfigurationError when nobody holds it."""
    version = version_by_alias(settings, alias)
    if version is None:
        raise ConfigurationError(f"no {alias} model registered as {settings.ml.model_name!r} at "
                                 f"{settings.resolved_mlflow_uri}: run `scout ml train` first")
    return load_booster(settings, f"@{alias}"), str(version.version)


def feature_names(booster: Any) -> list[str]:
    return list(booster.feature_names or [])


def probabilities(booster: Any, features: pd.DataFrame) -> Any:
    """Traction probabilities of ``features`` (columns the Booster lacks become NaN: unknown)."""
    import xgboost

    return booster.predict(xgboost.DMatrix(features.reindex(columns=feature_names(booster))))


def content_hash(booster: Any) -> str:
    """sha256 of the Booster's JSON (trees, parameters, feature names and types): equal models, equal hash."""
    return hashlib.sha256(bytes(booster.save_raw("json"))).hexdigest()


def identical_version(settings: Settings, digest: str) -> str | None:
    """The registered version whose content hash is ``digest``, if any."""
    for version in all_versions(settings):
        if version.tags.get("content_hash") == digest:
            return str(version.version)
    return None


def pip_requirements() -> list[str]:
    """Pinned explicitly: MLflow's inference of requirements costs seconds per model."""
    import numpy
    import pandas
    import xgboost

    return [f"xgboost=={xgboost.__version__}", f"pandas=={pandas.__version__}", f"numpy=={numpy.__version__}"]


def log_and_register(settings: Settings, booster: Any, sample: pd.DataFrame, tags: dict[str, str],
                     description: str) -> str:
    """Log the Booster in the active run (signature: features in, ``traction_probability`` out), register
    it with ``tags`` and ``description``; returns the new version."""
    import mlflow
    import mlflow.xgboost
    from mlflow.models import infer_signature

    output = pd.Series(probabilities(booster, sample), name=OUTPUT_NAME, dtype=float)
    signature = infer_signature(sample, output)
    with mlflow_errors(f"logging and registering {settings.ml.model_name!r}"):
        info = mlflow.xgboost.log_model(booster, name="model", signature=signature, input_example=sample.head(3),
                                        pip_requirements=pip_requirements())
        registered = mlflow.register_model(info.model_uri, settings.ml.model_name, tags=tags)
        version = str(registered.version)
        client(settings).update_model_version(settings.ml.model_name, version, description=description)
    return version
