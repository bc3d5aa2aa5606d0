"""Task-run and flow-run names that say what ran: which batch, which platforms, how many topics.

Prefect calls a ``task_run_name`` callable with no arguments; the run's parameters come from
``prefect.runtime``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from prefect.runtime import flow_run, task_run

from scout_core.schema import Candidate


def platform_mix(candidates: Iterable[Candidate]) -> str:
    """``x7-github3``: the batch's platforms by count, largest first (``empty`` for none)."""
    counts = Counter(c.platform for c in candidates)
    return "-".join(f"{p}{n}" for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) or "empty"


def batch_run_name(stage: str) -> Callable[[], str]:
    """``enrich-batch-3-x7-github3`` for a task taking ``batch_no`` and ``candidates`` (or ``outcomes``)."""

    def name() -> str:
        params: dict[str, Any] = task_run.get_parameters()
        items = params.get("candidates")
        if items is None:
            items = [o.candidate for o in params.get("outcomes") or []]
        return f"{stage}-batch-{params.get('batch_no', 0)}-{platform_mix(items)}"

    return name


def pipeline_run_name() -> str:
    """The name a pipeline run starts with, before its Scout run id is known (``pipeline-10``)."""
    limit = flow_run.get_parameters().get("limit")
    return f"pipeline-{limit if limit is not None else 'default'}"
