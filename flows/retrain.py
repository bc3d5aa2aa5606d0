"""The weekly retrain: train the traction model on the store's labels, then score every builder.

Predictions always use the champion, so a retrain whose model does not beat it (it becomes the
challenger) still refreshes every builder's probability with the champion.
"""

from __future__ import annotations

from typing import Any, Literal

from prefect import flow

from tasks.ml import predict_task, train_task


@flow(name="scout-retrain", log_prints=False, validate_parameters=True)
def retrain(labels: Literal["stored", "sandbox"] = "stored") -> dict[str, Any]:
    """Train (registering a new version, champion only if it wins), then predict with the champion.

    Args:
        labels: Where the training labels come from: "stored" (labels an analyst gave with
            `scout label`) or "sandbox" (the sandbox world's later traction, for demos and tests).
    """
    trained = train_task(labels)
    predicted = predict_task()
    return {"train": trained, "predict": predicted}
