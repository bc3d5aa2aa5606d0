"""Prefect artifacts: what an operator reads in the UI after each run.

A pipeline run publishes three, each under a fixed key so the UI keeps their history across runs:
``scout-pipeline-summary`` (markdown: counts by stage and origin, dead letters, cost, timings),
``scout-top-builders`` (table: scores and classes) and ``scout-export`` (a link to the export file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from scout_core.runtime import RunContext, open_repository
from tasks.options import OPTIONS
from tasks.reports import pipeline_summary, top_builders_rows

SUMMARY_KEY = "scout-pipeline-summary"
TOP_KEY = "scout-top-builders"
EXPORT_KEY = "scout-export"


@task(name="publish-run-report", **OPTIONS["publish_report"])
def publish_pipeline_report_task(ctx: RunContext, result: dict[str, Any]) -> dict[str, str]:
    """The run's summary, top builders and export link as artifacts; returns their ids by key."""
    errors = open_repository(ctx.settings, migrate=False).error_counts(ctx.run_id, "enrich")
    run = f"Scout run {ctx.run_id}"
    ids = {
        SUMMARY_KEY: create_markdown_artifact(pipeline_summary(result, errors), key=SUMMARY_KEY,
                                              description=f"{run}: counts, dead letters, cost, timings"),
        TOP_KEY: create_table_artifact(top_builders_rows(result.get("top") or []), key=TOP_KEY,
                                       description=f"{run}: the best-scored builders enriched in this run"),
    }
    if result.get("export"):
        export = Path(str(result["export"])).resolve()
        ids[EXPORT_KEY] = create_link_artifact(export.as_uri(), link_text=export.name, key=EXPORT_KEY,
                                               description=f"{run}: every stored builder")
    return {key: str(value) for key, value in ids.items()}


@task(name="publish-markdown", **OPTIONS["publish_report"])
def publish_markdown_task(key: str, markdown: str, description: str) -> str:
    """One markdown artifact under ``key`` (retrain, replay, topics and health reports)."""
    return str(create_markdown_artifact(markdown, key=key, description=description))
