"""`scout ml train`, `scout ml predict` and `scout label`: the traction model's commands.

Register in scout_core/cli/__init__.py with::

    from scout_core.cli.ml import label, ml_app
    app.add_typer(ml_app, name="ml")
    app.command("label")(label)
"""

from __future__ import annotations

import json

import typer

from scout_core.cli.common import console, friendly_errors, load
from scout_core.errors import InputError

ml_app = typer.Typer(help="The traction model: train, register and predict (MLflow).", no_args_is_help=True)
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


def _quiet_mlflow() -> None:
    import logging

    logging.getLogger("mlflow").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


@ml_app.command("train")
@friendly_errors
def train(
    labels: str = typer.Option("stored", "--labels", help="stored (scout label) or sandbox (synthetic outcomes)."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON line of the results."),
) -> None:
    """Train the traction model on stored profiles, register it in MLflow and set its alias."""
    from ml.labels import LABEL_SOURCES
    from scout_core.runtime import open_repository

    if labels not in LABEL_SOURCES:
        raise InputError(f"unknown --labels {labels!r}; use one of: {', '.join(LABEL_SOURCES)}")
    settings = load()
    repo = open_repository(settings)
    _quiet_mlflow()
    from ml.train import train_traction_model

    result = train_traction_model(settings, repo, labels=labels)
    for note in result.notes:
        console.print(note, highlight=False)
    _print_metrics(result.metrics, result.baseline)
    top = ", ".join(f"{name} {share:.2f}" for name, share in list(result.importances.items())[:8])
    console.print(f"top features (gain share): {top}", highlight=False)
    console.print(f"registered {result.registered_model} v{result.version} as {result.alias}: {result.reason}",
                  highlight=False)
    if as_json:
        print(json.dumps(result.summary()))


def _print_metrics(metrics: dict[str, float], baseline: dict[str, float]) -> None:
    names = ("auc", "pr_auc", "precision_at_50", "brier", "ece")
    shown = " · ".join(f"{n} {metrics[n]:.3f} (baseline {baseline['baseline_' + n]:.3f})" for n in names)
    console.print(f"held-out people: {shown}", highlight=False)


@ml_app.command("predict")
@friendly_errors
def predict(as_json: bool = typer.Option(False, "--json", help="End with one JSON line of the results.")) -> None:
    """Score every stored builder with the champion model (traction_probability, model_version)."""
    from scout_core.runtime import open_repository

    settings = load()
    repo = open_repository(settings)
    _quiet_mlflow()
    from ml.predict import predict_traction

    report = predict_traction(settings, repo)
    console.print(f"{report.scored} builders scored with {report.registered_model} v{report.version}; "
                  f"mean traction probability {report.mean_probability:.3f}, {report.high} at or above 0.5",
                  highlight=False)
    if as_json:
        print(json.dumps(report.summary()))


def parse_traction(value: str | None) -> bool | None:
    if value is None:
        return None
    answer = value.strip().lower()
    if answer in _YES | _NO:
        return answer in _YES
    raise InputError(f"--traction must be yes or no, got {value!r}")


@friendly_errors
def label(
    handle: str = typer.Argument(..., help="The profile's handle."),
    platform: str = typer.Option("x", "--platform", help="x, github, huggingface or producthunt."),
    traction: str = typer.Option(None, "--traction", help="yes or no: did this builder gain traction?"),
    not_builder: bool = typer.Option(False, "--not-builder", help="This profile is not an AI builder."),
    by: str = typer.Option(None, "--by", help="Who labels (kept with the label)."),
) -> None:
    """Label a stored profile for training: `--traction yes|no`, or `--not-builder`."""
    from scout_core.handles import validate_platform
    from scout_core.runtime import open_repository

    answer = parse_traction(traction)
    if (answer is None) == (not not_builder):
        raise InputError("give exactly one of --traction yes|no and --not-builder")
    validate_platform(platform)
    repo = open_repository(load())
    profile_id = repo.profile_id(platform, handle)
    if profile_id is None:
        raise InputError(f"no stored {platform} profile @{handle.lstrip('@')}: run `scout run` first")
    repo.add_label(profile_id, traction=answer, not_builder=not_builder, by=by)
    what = "not a builder" if not_builder else f"traction {'yes' if answer else 'no'}"
    console.print(f"labelled {platform} @{handle.lstrip('@')}: {what}", highlight=False)
