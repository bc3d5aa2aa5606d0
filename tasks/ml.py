"""Tasks of the weekly retrain: train and register the traction model, then score every builder."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task

from scout_core.runtime import RunContext
from tasks.options import OPTIONS


@task(name="train-traction-model", **OPTIONS["train"])
def train_task(labels: str) -> dict[str, Any]:
    """Train and register; too few labels is a normal state of a young store: ``{"skipped": True, ...}``."""
    from prefect.runtime import flow_run

    from ml.train import NotEnoughLabels, train_traction_model
    from scout_core.runtime import open_repository
    from tasks.run_settings import run_settings

    settings = run_settings()
    try:
        # The flow run's id tags the MLflow run and version (ml/ itself never imports Prefect).
        result = train_traction_model(settings, open_repository(settings), labels=labels, flow_run_id=flow_run.id)
    except NotEnoughLabels as exc:
        get_run_logger().info("training skipped: %s", exc)
        return exc.summary()
    get_run_logger().info("trained %s v%s (%s): auc %.3f vs baseline %.3f; %s", result.registered_model,
                          result.version, result.alias, result.metrics["auc"], result.baseline["baseline_auc"],
                          result.reason)
    return result.summary()


@task(name="predict-traction", **OPTIONS["predict"])
def predict_task() -> dict[str, Any] | None:
    """Score every stored builder with the champion; None when no model has become champion yet."""
    from ml.predict import predict_if_champion
    from scout_core.runtime import open_repository
    from tasks.run_settings import run_settings

    settings = run_settings()
    report = predict_if_champion(settings, open_repository(settings))
    if report is None:
        get_run_logger().info("no champion model yet: nothing to predict with")
        return None
    get_run_logger().info("scored %d builders with %s v%s", report.scored, report.registered_model, report.version)
    return report.summary()


@task(name="predict-with-champion", **OPTIONS["predict"])
def predict_if_champion_task(ctx: RunContext) -> dict[str, Any] | None:
    """After a pipeline run: traction probabilities from the champion, when one is registered."""
    from ml.predict import predict_if_champion
    from scout_core.runtime import open_repository

    report = predict_if_champion(ctx.settings, open_repository(ctx.settings, migrate=False))
    if report is None:
        get_run_logger().info("no champion model yet: traction probabilities left empty (`scout ml train`)")
        return None
    return report.summary()
