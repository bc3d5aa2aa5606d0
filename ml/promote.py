"""`scout ml promote` and `scout ml versions`: the registry as an operator handles it.

A manual promotion moves the ``champion`` alias and records, on the version's tags, that it was manual,
who did it, when and why (``promotion``, ``promoted_by``, ``promoted_at``, ``promotion_reason``,
``replaced_champion``); the replaced champion gets ``replaced_by``/``replaced_at``. Training records its
own promotions the same way with ``promotion=automatic``. Everything is checked before anything is
written: a version that does not exist changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ml.registry import (
    CHALLENGER,
    CHAMPION,
    aliases_by_version,
    all_versions,
    client,
    delete_alias,
    model_version,
    set_alias,
    set_version_tags,
    version_by_alias,
)
from scout_core.errors import InputError
from scout_core.schema import utcnow
from scout_core.settings import Settings

MAX_REASON = 500


@dataclass
class Promotion:
    registered_model: str
    version: str
    previous: str | None
    changed: bool
    reason: str
    by: str
    at: str

    def summary(self) -> dict[str, Any]:
        return asdict(self)


def promote(settings: Settings, version: str, reason: str, by: str) -> Promotion:
    """Make ``version`` the champion by hand."""
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("--reason is required: say why this version should serve predictions")
    if len(reason) > MAX_REASON:
        raise InputError(f"--reason is {len(reason)} characters; keep it under {MAX_REASON}")
    target = model_version(settings, version)
    number = str(target.version)
    current = version_by_alias(settings, CHAMPION)
    previous = str(current.version) if current is not None else None
    at = utcnow().isoformat()
    if previous == number:
        return Promotion(settings.ml.model_name, number, previous, False, reason, by, at)
    set_version_tags(settings, number, {"promotion": "manual", "promotion_reason": reason, "promoted_by": by,
                                        "promoted_at": at, "replaced_champion": previous or ""})
    if previous is not None:
        set_version_tags(settings, previous, {"replaced_by": number, "replaced_at": at})
    set_alias(settings, CHAMPION, number)
    if CHALLENGER in target.aliases:
        delete_alias(settings, CHALLENGER)
    return Promotion(settings.ml.model_name, number, previous, True, reason, by, at)


@dataclass
class VersionRow:
    version: str
    aliases: list[str]
    created: str
    labels: str
    auc: float | None
    baseline_auc: float | None
    decision: str  # training's decision, or the manual promotion
    git_commit: str
    flow_run_id: str
    description: str


def version_rows(settings: Settings) -> list[VersionRow]:
    """Every registered version, newest first, with its held-out AUC from its training run."""
    from datetime import UTC, datetime

    mlflow_client = client(settings)
    held = aliases_by_version(settings)
    rows = []
    for v in all_versions(settings):
        metrics = mlflow_client.get_run(v.run_id).data.metrics if v.run_id else {}
        tags = v.tags
        decision = tags.get("training_decision", "")
        if tags.get("promotion") == "manual":
            decision = f"promoted by {tags.get('promoted_by', '?')}: {tags.get('promotion_reason', '')}"
        rows.append(VersionRow(
            version=str(v.version), aliases=held.get(str(v.version), []),
            created=datetime.fromtimestamp(v.creation_timestamp / 1000, UTC).isoformat(timespec="seconds"),
            labels=tags.get("labels", ""), auc=metrics.get("auc"), baseline_auc=metrics.get("baseline_auc"),
            decision=decision, git_commit=tags.get("git_commit", ""),
            flow_run_id=tags.get("prefect_flow_run_id", ""), description=v.description or ""))
    return rows
