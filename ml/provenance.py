"""Where a model came from: the code's git commit and the training table, logged as an MLflow dataset.

The training table is every labelled profile the run used (train and held-out rows, with a ``split``
column), its features as of the moment they were measured, and the label. It is logged as a CSV artifact
of the run (``dataset/training.csv``) so a run can be reproduced and compared exactly, and as an MLflow
dataset input pointing at that artifact, tagged with the as-of date, label source and sandbox world seed.
"""

from __future__ import annotations

import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

import scout_core
from scout_core.settings import Settings

if TYPE_CHECKING:
    from mlflow.data.dataset_source import DatasetSource

CHECKOUT = Path(__file__).resolve().parent.parent
TABLE_DIR, TABLE_FILE = "dataset", "training.csv"
ID_COLUMNS = ["profile_id", "source_platform", "handle", "source_id", "group", "label", "split"]


def git_commit() -> str:
    """The commit the code runs from (``-dirty`` with uncommitted edits), or ``unknown`` outside a checkout.

    Only when ``ml/`` sits at the top of a git work tree: an installed copy inside some other repository's
    virtualenv must not report that repository's commit.
    """
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(CHECKOUT), *args], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != CHECKOUT:
        return f"unknown (scout {scout_core.__version__}, not a git checkout)"
    return git("describe", "--always", "--dirty", "--abbrev=40") or "unknown"


def training_table(data: pd.DataFrame, train_index: pd.Index, test_index: pd.Index,
                   feature_columns: list[str]) -> pd.DataFrame:
    """One row per labelled profile the run used: who, label, which side of the split, features."""
    used = data.loc[train_index.append(test_index)].copy()
    used["split"] = ["train"] * len(train_index) + ["test"] * len(test_index)
    used = used.rename_axis("profile_id").reset_index()
    return used[[*ID_COLUMNS, *feature_columns]]


def log_training_set(table: pd.DataFrame, name: str, tags: dict[str, str]) -> None:
    """In the active run: the table as an artifact, and an MLflow dataset input whose source is that artifact."""
    import mlflow
    import mlflow.data

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / TABLE_FILE
        table.to_csv(path, index=False)
        mlflow.log_artifact(str(path), TABLE_DIR)
    uri = f"{mlflow.get_artifact_uri(TABLE_DIR)}/{TABLE_FILE}"
    dataset = mlflow.data.from_pandas(table, source=_source(uri), name=name, targets="label")
    mlflow.log_input(dataset, context="training", tags={**tags, "table_uri": uri})


def _source(uri: str) -> DatasetSource | None:
    """The table's artifact URI as an MLflow dataset source, when MLflow knows the scheme.

    It knows local files and object stores (file:, s3:, gs:, ...), not a tracking server's proxied
    ``mlflow-artifacts:`` nor ``runs:``; then the dataset keeps MLflow's default source (the code that
    logged it), and the ``table_uri`` tag still says where the table is.
    """
    from mlflow.data.dataset_source_registry import resolve_dataset_source
    from mlflow.exceptions import MlflowException

    with warnings.catch_warnings():
        # MLflow registers its local artifact source twice and warns that a file URI is ambiguous between them.
        warnings.filterwarnings("ignore", message="The specified dataset source can be interpreted in multiple ways")
        try:
            return resolve_dataset_source(uri)
        except MlflowException:
            return None


@dataclass
class TrainingRows:
    """Who a model saw in training: profile ids and the people (split groups) they belong to."""

    profiles: set[int]
    groups: set[str]

    def saw(self, profile_id: int, group: str) -> bool:
        return profile_id in self.profiles or group in self.groups


def trained_on(settings: Settings, run_id: str) -> TrainingRows | None:
    """The ``train`` rows of a run's training table; None when the run logged no table."""
    from ml.registry import client, mlflow_errors

    mlflow_client = client(settings)
    with mlflow_errors(f"reading the training table of run {run_id}"):
        listed = [a.path for a in mlflow_client.list_artifacts(run_id, TABLE_DIR)]
        if f"{TABLE_DIR}/{TABLE_FILE}" not in listed:
            return None
        with tempfile.TemporaryDirectory() as tmp:
            local = mlflow_client.download_artifacts(run_id, f"{TABLE_DIR}/{TABLE_FILE}", tmp)
            table = pd.read_csv(local, usecols=["profile_id", "group", "split"], dtype={"group": str})
    train = table[table["split"] == "train"]
    return TrainingRows(set(train["profile_id"].astype(int)), set(train["group"]))
