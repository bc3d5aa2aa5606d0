"""`scout sandbox ...`: the synthetic world, standalone."""

from __future__ import annotations

from pathlib import Path

import typer

from scout_core.cli.common import console, friendly_errors, load

sandbox_app = typer.Typer(help="The sandbox world that stands in for every source.", no_args_is_help=True)


@sandbox_app.command("serve")
@friendly_errors
def serve(
    port: int = typer.Option(8765, "--port", min=0, max=65535),
    host: str = typer.Option("127.0.0.1", "--host"),
    seed: int = typer.Option(None, "--seed"),
    size: int = typer.Option(None, "--size", min=10, max=1_000_000),
    seconds_per_day: float = typer.Option(None, "--seconds-per-day", min=0.001,
                                          help="Run the world clock: real seconds per simulated day."),
    day: float = typer.Option(None, "--day", min=0, help="Simulated day the clock starts at."),
    fault_schedule: Path = typer.Option(None, "--fault-schedule", help="YAML/JSON fault schedule on the clock."),
) -> None:
    """Serve the sandbox world until interrupted (move its clock with POST /sandbox/clock)."""
    from scout_core.sandbox.server import serve_forever

    cfg = load().sandbox
    changes = {"seed": seed, "size": size, "seconds_per_day": seconds_per_day, "start_day": day,
               "fault_schedule": fault_schedule}
    serve_forever(cfg.model_copy(update={k: v for k, v in changes.items() if v is not None}), host, port)


@sandbox_app.command("truth")
@friendly_errors
def truth(
    output: Path = typer.Option(..., "--output", help="JSON file for the ground truth."),
    seed: int = typer.Option(None, "--seed"),
    size: int = typer.Option(None, "--size", min=10, max=1_000_000),
) -> None:
    """Write the world's ground truth (for evaluation only; the pipeline never reads it)."""
    from scout_core.sandbox.truth import write_truth
    from scout_core.sandbox.world import generate_world

    cfg = load().sandbox
    path = write_truth(generate_world(seed if seed is not None else cfg.seed, size or cfg.size), output)
    console.print(str(path), highlight=False)


@sandbox_app.command("history")
@friendly_errors
def history(
    output: Path = typer.Option(..., "--output", help="JSON file for the time-indexed ground truth."),
    days: float = typer.Option(None, "--days", min=0, help="Up to this simulated day (default: the horizon)."),
    seed: int = typer.Option(None, "--seed"),
    size: int = typer.Option(None, "--size", min=10, max=1_000_000),
) -> None:
    """Write the world's truth over time: events, handle tenures, followers, launches, topics, communities.

    For evaluation only; the pipeline never reads it."""
    from scout_core.sandbox.history import generate_history
    from scout_core.sandbox.truth_time import TimeTruth
    from scout_core.sandbox.world import generate_world

    cfg = load().sandbox
    world = generate_world(seed if seed is not None else cfg.seed, size or cfg.size)
    truth = TimeTruth(generate_history(world, max(cfg.horizon_days, days or 0)))
    console.print(str(truth.write(output, days)), highlight=False)


@sandbox_app.command("grade")
@friendly_errors
def grade(
    export: Path = typer.Argument(..., help="A JSON export of a run on the sandbox."),
    seed: int = typer.Option(None, "--seed", help="The world's seed (default: the sandbox setting)."),
    size: int = typer.Option(None, "--size", min=10, max=1_000_000, help="The world's size (default: the setting)."),
) -> None:
    """Grade an export against the world's ground truth: duplicate rows, rows mixing people."""
    import json
    import sys

    from scout_core.sandbox.grade import grade_export
    from scout_core.sandbox.truth import world_truth
    from scout_core.sandbox.world import generate_world

    cfg = load().sandbox
    world = generate_world(seed if seed is not None else cfg.seed, size or cfg.size)
    sys.stdout.write(json.dumps(grade_export(export, world_truth(world))) + "\n")
