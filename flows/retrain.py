"""The weekly retrain: train the traction model on the store's labels, then score every builder.

Predictions always use the champion, so a retrain whose model does not beat it (it becomes the
challenger) still refreshes every builder's probability with the champion.
"""

from __future__ import annotations

from typing import Any, Literal

from prefect import flow
from prefect.states import Completed, State

from tasks.artifacts import publish_markdown_task
from tasks.ml import predict_task, train_task
from tasks.reports import retrain_report
from tasks.results import flow_result_storage

REPORT_KEY = "scout-retrain"


@flow(name="scout-retrain", flow_run_name="retrain-{labels}", log_prints=False, validate_parameters=True,
      persist_result=True, result_storage=flow_result_storage())
def retrain(labels: Literal["stored", "sandbox"] = "stored") -> dict[str, Any] | State:
    """Train (registering a new version, champion only if it wins), then predict with the champion.

    Args:
        labels: Where the training labels come from: "stored" (labels an analyst gave with
            `scout label`) or "sandbox" (the sandbox world's later traction, for demos and tests).
    """
    trained = train_task(labels)
    if trained.get("skipped"):
        # A young store has too few labels: a normal, completed week, said plainly (not a failure to page on).
        publish_markdown_task(REPORT_KEY, retrain_report(trained, None), "Retrain skipped: too few labels")
        return Completed(message=f"skipped: {trained['labelled']} labels, need {trained['needed']}",
                         data={"train": trained, "predict": None})
    predicted = predict_task()
    publish_markdown_task(REPORT_KEY, retrain_report(trained, predicted), "Retrain: the new model and the champion")
    return {"train": trained, "predict": predicted}
