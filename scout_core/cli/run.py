"""`scout run`: one discovery cycle on the current settings, with live progress and a summary."""

from __future__ import annotations

import time
from typing import Any, Literal

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from scout_core.cli.common import console, err_console, friendly_errors, load, quiet_prefect, setting_default
from scout_core.cli.live import LiveReporter
from scout_core.progress import set_reporter
from scout_core.settings import PipelineSettings, SandboxSettings
from scout_core.summary import cost_text

_LIMIT = setting_default("SCOUT_PIPELINE__LIMIT", PipelineSettings.model_fields["limit"].default)
_SEED = setting_default("SCOUT_SANDBOX__SEED", SandboxSettings.model_fields["seed"].default)
_SIZE = setting_default("SCOUT_SANDBOX__SIZE", SandboxSettings.model_fields["size"].default)


@friendly_errors
def run(
    limit: int = typer.Option(None, "--limit", min=1, max=100_000, show_default=_LIMIT,
                              help="Candidates to enrich this cycle."),
    world_seed: int = typer.Option(None, "--world-seed", show_default=_SEED, help="Sandbox world seed (sandbox only)."),
    world_size: int = typer.Option(None, "--world-size", min=10, max=1_000_000, show_default=_SIZE,
                                   help="People in the sandbox (sandbox only)."),
    fmt: Literal["json", "csv"] = typer.Option("json", "--format", help="Export format."),
    no_wait: bool = typer.Option(False, "--no-wait",
                                 help="Refuse at once while another run holds the run lease, instead of waiting."),
) -> None:
    """Run one discovery cycle: discover, enrich (Ray), score, classify, store and export builders."""
    from scout_core.export import check_format
    from scout_core.lease import wait_for_free_lease
    from scout_core.runtime import open_repository

    check_format(fmt)
    settings = load()
    repo = open_repository(settings)  # fail fast, in one line, on an unreachable or unmigratable database
    wait_for_free_lease(repo, settings.lease, wait=not no_wait, on_wait=lambda m: err_console.print(
        escape(m), highlight=False, soft_wrap=True))
    quiet_prefect()
    started = time.perf_counter()
    from flows.pipeline import pipeline  # Prefect imports take seconds; only pay them when running

    with LiveReporter() as reporter:
        set_reporter(reporter)
        try:
            result = pipeline(limit=limit or settings.pipeline.limit, world_seed=world_seed,
                              world_size=world_size, export_format=fmt, wait=not no_wait)
        finally:
            set_reporter(None)
    result["timings"]["total"] = round(time.perf_counter() - started, 2)
    show_summary(result)


def show_summary(result: dict[str, Any]) -> None:
    table = Table(title=f"Top builders of this run — {result['run_id']}")
    for col in ("handle", "platform", "score", "class", "followers", "quality"):
        table.add_column(col, justify="right" if col in ("score", "followers") else "left")
    for b in result["top"]:
        table.add_row(*(Text(str(v)) for v in (
            b["handle"], b["source_platform"], f"{b['overall_score']:.1f}", b["classification"],
            b["followers_count"] or "", b["enrichment_quality"])))
    if not result["top"]:
        table.caption = "no builder scored in this run"
    console.print(table)
    sandbox = bool(result.get("sandbox", result.get("sandbox_url")))
    _line(f"candidates {result['candidates']} of {result['limit']} ({_origins(result['by_origin'])}; "
          f"{result['recursive_found']} more queued by recursion; {result['resumed']} resumed from a killed run) · "
          f"enriched {result['enriched']} · stored {result['stored']} profiles, {result['builders_this_run']} "
          f"builders (scored {result['scored']}, filtered out {result['filtered_out']}) · dead letters "
          f"{result['dead_letters']} · cost {cost_text(result['cost_usd'], sandbox)}")
    _line(result["stop_reason"])
    if result.get("drifted"):
        _line(f"markup drift: {result['drifted']} profiles kept partial, their pages partly unreadable (recorded "
              f"as MarkupDrift in the run's pipeline errors, stage parse-drift)")
    _line(f"export: {result['store_builders']} builders ({result['store_profiles']} profiles in the store, "
          f"all runs) → {result['export']}")
    _line("timings (s): " + ", ".join(f"{k} {v}" for k, v in result["timings"].items()))


def _line(text: str) -> None:
    console.print(text, highlight=False, markup=False)


def _origins(origins: dict[str, int]) -> str:
    return ", ".join(f"{n} by {how}" for how, n in sorted(origins.items(), key=lambda kv: -kv[1])) or "none"
