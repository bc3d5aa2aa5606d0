"""The discovery pipeline: topics → candidates → enrichment (Ray) → process → store → recursion → export.

The flow only composes tasks; every decision lives in scout_core. Searched and recursively found
candidates share one priority frontier and the run's limit. Each batch is journaled in a durable
work queue while in flight, and what a killed run left there goes first (and counts against the limit).
"""

from __future__ import annotations

import time
from typing import Any, Literal

from prefect import flow

from scout_core.discovery import Frontier
from scout_core.process import BatchReport
from tasks.artifacts import publish_pipeline_report_task
from tasks.discovery import discover_task
from tasks.enrichment import enrich_batch_task
from tasks.export import export_task
from tasks.flow_run import label_flow_run_task
from tasks.ml import predict_if_champion_task
from tasks.naming import pipeline_run_name
from tasks.processing import process_batch_task
from tasks.queue import begin_batch_task, finish_batch_task, resume_task
from tasks.recursion import choose_topics_task, expand_task
from tasks.results import flow_result_storage
from tasks.run import abandon_runs, finish_run_task, prepare_run_task


@flow(name="scout-pipeline", flow_run_name=pipeline_run_name, log_prints=False, validate_parameters=True,
      persist_result=True, result_storage=flow_result_storage(), on_failure=[abandon_runs], on_crashed=[abandon_runs])
def pipeline(limit: int | None = None, world_seed: int | None = None, world_size: int | None = None,
             export_format: Literal["json", "csv"] = "json", wait: bool = True) -> dict[str, Any]:
    """One discovery cycle: topics, candidates, enrichment on Ray, identity, scores, store, export.

    Args:
        limit: Candidates to enrich this cycle, searched, recursive and resumed together
            (default: the SCOUT_PIPELINE__LIMIT setting).
        world_seed: Seed of the sandbox world; only used when the sandbox stands in for the sources.
        world_size: People in the sandbox world; only used when the sandbox stands in for the sources.
        export_format: Format of the export of every stored builder written at the end of the run.
        wait: While another run holds the run lease, wait for it (up to SCOUT_LEASE__WAIT_S);
            False refuses at once.
    """
    clock, timings = time.perf_counter(), {}
    ctx = prepare_run_task({"limit": limit, "world_seed": world_seed, "world_size": world_size}, world_seed, world_size,
                           wait)
    limit = limit or ctx.settings.pipeline.limit
    label_flow_run_task(f"pipeline-{limit}-{ctx.run_id}", [ctx.run_id])
    resumed = resume_task(ctx)
    timings["prepare"] = time.perf_counter() - clock
    found = discover_task(ctx, limit, choose_topics_task(ctx))
    timings["discover"] = time.perf_counter() - clock - sum(timings.values())
    frontier, report = Frontier(limit), BatchReport()
    frontier.push(resumed.candidates)
    frontier.push_later(found.candidates)
    recursive, budget = 0, ctx.settings.discovery.run_budget
    batch_no = 0
    while batch := frontier.next_batch(ctx.settings.pipeline.batch_size):
        batch_no += 1
        ids = begin_batch_task(ctx, batch, resumed.held, batch_no)
        outcomes = enrich_batch_task(ctx, batch, batch_no)
        report.add(process_batch_task(ctx, outcomes, batch_no))
        finish_batch_task(ctx, ids, batch_no)
        if budget - recursive > 0 and frontier.remaining:
            recursive += frontier.push(expand_task(ctx, outcomes, budget - recursive, batch_no).candidates)
    timings["enrich_and_process"] = time.perf_counter() - clock - sum(timings.values())
    traction = predict_if_champion_task(ctx)
    path = export_task(ctx, export_format)
    stats = {"limit": limit, "candidates": frontier.handed_out, "by_origin": dict(frontier.origins),
             "searched": len(found.candidates), "resumed": len(resumed.candidates), "recursive_found": recursive,
             "recursion_budget": budget, "search_enabled": found.search_enabled,
             "search_new": len(found.candidates) - found.refreshes, "refreshes": found.refreshes,
             "already_seen": found.already_seen, "unroutable": found.unroutable, "search_errors": len(found.errors),
             "search_health": found.search_health,
             **vars(report), "traction_model": traction, "export": str(path)}
    view = finish_run_task(ctx, "completed", stats, found.found_per_topic)
    timings["export_and_finish"] = time.perf_counter() - clock - sum(timings.values())
    result = {"run_id": ctx.run_id, "sandbox_url": ctx.sandbox_url, **stats, **view,
              "timings": {k: round(v, 2) for k, v in timings.items()}}
    publish_pipeline_report_task(ctx, result)
    return result

