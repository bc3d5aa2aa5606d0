"""Markdown an operator reads in the Prefect UI, from the plain figures the core returns.

No Prefect here, so it is tested as plain functions; ``tasks/artifacts.py`` publishes what it renders.
Values that come from the outside world (handles, topics, error messages) are escaped: the UI renders
markdown, and a handle like ``a|b`` or ``<img …>`` must show as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
STAGES = ("candidates", "enriched", "stored", "scored", "filtered_out", "duplicates_merged", "dead_letters")


def escape(value: object) -> str:
    """Text shown as itself in markdown (one line: newlines become spaces)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def counts(mapping: Mapping[str, object], empty: str = "none", keep_order: bool = False) -> str:
    """``search 8 · recursive 2``, largest first (or in the mapping's own order)."""
    items = list(mapping.items()) if keep_order else sorted(mapping.items(), key=lambda kv: (-_number(kv[1]), kv[0]))
    return " · ".join(f"{escape(k)} {escape(v)}" for k, v in items) or empty


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def pipeline_summary(result: Mapping[str, Any], errors_by_kind: Mapping[str, int]) -> str:
    """The run's figures: counts by stage and by origin, dead letters, cost, timings, model, export."""
    stored = int(result.get("stored") or 0)
    cost = float(result.get("cost_usd") or 0.0)
    per_builder = f" (${cost / stored:.5f} per stored builder)" if stored else ""
    traction = result.get("traction_model")
    model = (f"{escape(traction.get('registered_model'))} v{escape(traction.get('version'))} scored "
             f"{escape(traction.get('scored'))} builders" if isinstance(traction, Mapping)
             else "no champion model yet (`scout ml train`)")
    lines = [
        f"# Scout pipeline run `{escape(result.get('run_id'))}`",
        "",
        "## Counts by stage",
        "",
        table(("stage", "count"), ((stage.replace("_", " "), result.get(stage, 0)) for stage in STAGES)),
        "",
        f"**By origin:** {counts(result.get('by_origin') or {})} "
        f"({escape(result.get('recursive_found', 0))} queued by recursion, "
        f"{escape(result.get('resumed', 0))} resumed from a killed run)",
        "",
        f"**Filtered out, by reason:** {counts(result.get('filter_reasons') or {})}",
        "",
        f"**Dead letters this run:** {escape(result.get('dead_letters', 0))} — by error kind: "
        f"{counts(errors_by_kind)} (`scout dlq list` shows each with its suggested action)",
        "",
        f"**Cost:** ${cost:.4f}{per_builder}",
        "",
        f"**Timings (s):** {counts(result.get('timings') or {}, 'not measured', keep_order=True)}",
        "",
        f"**Traction model:** {model}",
        "",
        f"**Export:** `{escape(result.get('export'))}`",
    ]
    return "\n".join(lines) + "\n"


TOP_COLUMNS = (("handle", "handle"), ("platform", "source_platform"), ("score", "overall_score"),
               ("class", "classification"), ("followers", "followers_count"), ("quality", "enrichment_quality"),
               ("canonical id", "canonical_id"))


def top_builders_rows(top: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The table artifact's rows: one per builder, best first, with score and class."""
    rows = []
    for builder in top:
        row = {label: builder.get(key) for label, key in TOP_COLUMNS}
        if isinstance(row["score"], float):
            row["score"] = round(row["score"], 1)
        rows.append(row)
    return rows
