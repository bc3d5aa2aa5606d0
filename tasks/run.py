"""Tasks that open and close a run."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task

from scout_core.runtime import RunContext, prepare_run, with_world
from tasks.options import OPTIONS
from tasks.run_settings import run_settings


@task(name="prepare-run", **OPTIONS["prepare_run"])
def prepare_run_task(params: dict[str, Any], world_seed: int | None, world_size: int | None,
                     wait: bool = True) -> RunContext:
    """Open the run; while another run holds the run lease, wait (saying for whom) or refuse (``wait`` False)."""
    # Blocks first: an unknown lake block is refused before the run is recorded or anything is spent.
    return prepare_run(with_world(run_settings(), world_seed, world_size), params, wait,
                       on_wait=get_run_logger().warning)


def abandon_runs(flow: Any, flow_run: Any, state: Any) -> None:
    """Flow hook on failure or crash: mark the runs this process holds failed and give back their lease."""
    from scout_core.lease import abandon_held_runs

    abandon_held_runs(f"flow run {flow_run.name} ended {state.type.value.lower()}: {state.message or ''}".strip())


@task(name="finish-run", **OPTIONS["finish_run"])
def finish_run_task(ctx: RunContext, status: str, stats: dict[str, Any],
                    found_per_topic: dict[str, int]) -> dict[str, Any]:
    """Close the run: release the worker pool, record its figures and topic yields; return what the end
    of the run shows (this run's top builders, builder counts, why it stopped)."""
    from scout_core.enrich.pool import release_shared_pool
    from scout_core.lease import release_run_lease
    from scout_core.runtime import open_repository
    from scout_core.summary import run_view, stop_reason

    health = release_shared_pool()
    if stats.get("search_health"):  # discovery searched outside the controller: its own figures
        health["search"] = {**health.get("search", {}), **stats["search_health"]}
    repo = open_repository(ctx.settings, migrate=False)
    per_topic = stats.get("per_topic", {})
    for topic, found in found_per_topic.items():
        stored, high = per_topic.get(topic, (0, 0))
        repo.record_mining_result(ctx.run_id, topic, found, stored, high)
    run = repo.get_run(ctx.run_id)
    view = {**run_view(repo, run.started_at if run else None), "stop_reason": stop_reason(stats),
            "sandbox": ctx.sandbox_url is not None}
    kept = {k: v for k, v in stats.items() if k != "search_health"}
    repo.finish_run(ctx.run_id, status, {**kept, "health": health, **{k: v for k, v in view.items() if k != "top"}})
    release_run_lease(ctx.run_id)
    return view
