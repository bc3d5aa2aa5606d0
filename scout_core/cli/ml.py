"""`scout ml train|predict|compare|promote|versions` and `scout label`: the traction model's commands.

With ``--json`` a command prints exactly one JSON document on stdout and everything else (notes,
progress, MLflow's own messages) on stderr, so ``scout ml train --json | jq`` works.

Register in scout_core/cli/__init__.py with::

    from scout_core.cli.ml import label, ml_app
    app.add_typer(ml_app, name="ml")
    app.command("label")(label)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from scout_core.cli.common import console, err_console, friendly_errors, load
from scout_core.errors import InputError

ml_app = typer.Typer(help="The traction model: train, register, compare, promote and predict (MLflow).",
                     no_args_is_help=True)
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
JSON_HELP = "Print one JSON document on stdout (messages go to stderr)."


def _quiet_mlflow() -> None:
    import logging

    logging.getLogger("mlflow").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _out(as_json: bool) -> Console:
    """Where a command's messages go: stderr when stdout carries JSON."""
    return err_console if as_json else console


@contextmanager
def _stdout_to_stderr(as_json: bool) -> Iterator[None]:
    """With --json, what libraries print while the command works goes to stderr: MLflow writes its
    "View run ... at" lines to stdout when the tracking URI is a server."""
    if not as_json:
        yield
        return
    with redirect_stdout(sys.stderr):
        yield


def _emit(as_json: bool, document: dict[str, Any]) -> None:
    if as_json:
        print(json.dumps(document, default=str))


def _check_labels(labels: str | None) -> None:
    from ml.labels import LABEL_SOURCES

    if labels is not None and labels not in LABEL_SOURCES:
        raise InputError(f"unknown --labels {labels!r}; use one of: {', '.join(LABEL_SOURCES)}")


@ml_app.command("train")
@friendly_errors
def train(
    labels: str = typer.Option("stored", "--labels", help="stored (scout label) or sandbox (synthetic outcomes)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Train the traction model on stored profiles, register it in MLflow (when new) and set its alias."""
    from scout_core.runtime import open_repository

    _check_labels(labels)
    settings = load()
    repo = open_repository(settings)
    _quiet_mlflow()
    from ml.train import train_traction_model

    with _stdout_to_stderr(as_json):
        result = train_traction_model(settings, repo, labels=labels)
    out = _out(as_json)
    for note in result.notes:
        out.print(escape(note), highlight=False)
    _print_metrics(out, result.metrics, result.baseline)
    top = ", ".join(f"{name} {share:.2f}" for name, share in list(result.importances.items())[:8])
    out.print(f"top features (gain share): {top}", highlight=False)
    if result.new_version:
        out.print(f"registered {result.registered_model} v{result.version} as {result.alias}: "
                  f"{escape(result.reason)}", highlight=False)
    else:
        held = f" ({result.alias})" if result.alias else ""
        out.print(f"{result.registered_model} v{result.version}{held} unchanged: {escape(result.reason)}",
                  highlight=False)
    _emit(as_json, result.summary())


def _print_metrics(out: Console, metrics: dict[str, float], baseline: dict[str, float]) -> None:
    names = ("auc", "pr_auc", "precision_at_50", "brier", "ece")
    shown = " · ".join(f"{n} {metrics[n]:.3f} (baseline {baseline['baseline_' + n]:.3f})" for n in names)
    out.print(f"held-out people: {shown}", highlight=False)


@ml_app.command("predict")
@friendly_errors
def predict(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Score every stored builder with the champion model (traction_probability, model_version)."""
    from scout_core.runtime import open_repository

    settings = load()
    repo = open_repository(settings)
    _quiet_mlflow()
    from ml.predict import predict_traction

    with _stdout_to_stderr(as_json):
        report = predict_traction(settings, repo)
    _out(as_json).print(f"{report.scored} builders scored with {report.registered_model} v{report.version}; "
                        f"mean traction probability {report.mean_probability:.3f}, {report.high} at or above 0.5",
                        highlight=False)
    _emit(as_json, report.summary())


@ml_app.command("compare")
@friendly_errors
def compare(
    challenger: str = typer.Option(None, "--challenger", help="Version to compare (default: the challenger alias)."),
    labels: str = typer.Option(None, "--labels", help="stored or sandbox (default: what the challenger used)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Champion vs challenger on the same held-out rows, none of which either model trained on."""
    from scout_core.runtime import open_repository

    _check_labels(labels)
    settings = load()
    repo = open_repository(settings)
    _quiet_mlflow()
    from ml.compare import METRICS, compare_models

    with _stdout_to_stderr(as_json):
        result = compare_models(settings, repo, challenger=challenger, labels=labels)
    out = _out(as_json)
    out.print(f"{result.registered_model}: champion v{result.champion} vs challenger v{result.challenger} on "
              f"{result.rows} held-out profiles ({result.with_traction} with traction; labels "
              f"{escape(result.labels)}; features as of {result.features_as_of[:10]})", highlight=False)
    table = Table("metric", f"champion v{result.champion}", f"challenger v{result.challenger}",
                  "follower-count baseline")
    for name in METRICS:
        table.add_row(name, *(f"{result.metrics[who][name]:.4f}" for who in ("champion", "challenger", "baseline")))
    out.print(table)
    if result.left_out:
        out.print(f"{result.left_out} held-out rows left out: one of the models trained on them", highlight=False)
    if result.unchecked:
        out.print(f"v{', v'.join(result.unchecked)} logged no training table: rows it trained on could not be "
                  "excluded", highlight=False)
    verdict = "better" if result.auc_gain > 0 else "not better"
    out.print(f"challenger AUC {result.auc_gain:+.4f}: {verdict}; `scout ml promote {result.challenger} "
              "--reason ...` makes it champion", highlight=False)
    _emit(as_json, result.summary())


@ml_app.command("promote")
@friendly_errors
def promote(
    version: str = typer.Argument(..., help="Registered version to make champion."),
    reason: str = typer.Option(None, "--reason", help="Why (required; recorded on the version)."),
    by: str = typer.Option(None, "--by", help="Who promotes (default: the OS user)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Move the champion alias to VERSION by hand, recorded as manual with your reason."""
    settings = load()
    _quiet_mlflow()
    from ml.promote import promote as promote_version

    with _stdout_to_stderr(as_json):
        done = promote_version(settings, version, reason or "", by or _os_user())
    out = _out(as_json)
    if not done.changed:
        out.print(f"v{done.version} is already champion of {done.registered_model}; nothing changed",
                  highlight=False)
    else:
        was = f" (was v{done.previous})" if done.previous else ""
        out.print(f"{done.registered_model} champion is now v{done.version}{was}; recorded as manual by "
                  f"{escape(done.by)}: {escape(done.reason)}", highlight=False)
    _emit(as_json, done.summary())


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container's arbitrary uid)
        return "unknown"


@ml_app.command("versions")
@friendly_errors
def versions(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Every registered version: aliases, held-out AUC, labels, why it holds its alias, commit."""
    from dataclasses import asdict

    settings = load()
    _quiet_mlflow()
    from ml.promote import version_rows

    with _stdout_to_stderr(as_json):
        rows = version_rows(settings)
    out = _out(as_json)
    if not rows:
        out.print(f"no versions of {settings.ml.model_name} registered yet: `scout ml train`", highlight=False)
    table = Table("version", "aliases", "created", "auc", "baseline", "labels", "decision", "commit")
    for row in rows:
        table.add_row(row.version, ", ".join(row.aliases), row.created,
                      *(f"{x:.3f}" if x is not None else "-" for x in (row.auc, row.baseline_auc)),
                      escape(row.labels), escape(row.decision), escape(row.git_commit[:12]))
    if rows:
        out.print(table)
    _emit(as_json, {"registered_model": settings.ml.model_name, "versions": [asdict(r) for r in rows]})


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
