"""`scout bench api` and `scout bench insights`: the API at scale, and the insights against the world's truth."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from scout_core.cli.common import console, friendly_errors, load


@friendly_errors
def bench_api(
    builders: int = typer.Option(100_000, "--builders", min=10, max=2_000_000, help="Synthetic builders to store."),
    seconds: float = typer.Option(30.0, "--seconds", min=0.5, max=600, help="Load per endpoint, in seconds."),
    clients: int = typer.Option(16, "--clients", min=1, max=256, help="Concurrent clients."),
    workers: int = typer.Option(1, "--workers", min=1, max=16, help="API server processes (scout serve --workers)."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object of every figure."),
) -> None:
    """Fill a private store (a schema in SCOUT_DATABASE_URL's PostgreSQL, else SQLite), refresh analytics,
    then drive `scout serve` endpoint by endpoint; p50/p95 latency and requests per second."""
    from scout_core.bench.api import run_api_bench

    settings = load()
    report = run_api_bench(settings.database_url, builders, seconds, clients, workers=workers)
    table = Table(title=f"API on {report['backend']}: {builders:,} builders, {clients} clients, {seconds:g} s each")
    for column in ("endpoint", "p50 ms", "p95 ms", "req/s", "errors"):
        table.add_column(column, justify="left" if column == "endpoint" else "right")
    for path, row in report["endpoints"].items():
        table.add_row(path, str(row["p50_ms"]), str(row["p95_ms"]), str(row["rps"]), str(row["errors"]))
    console.print(table)
    console.print(f"fill {report['fill_seconds']} s; analytics refresh {report['refresh_seconds']} s "
                  f"({report['refresh_parts']})", highlight=False)
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")


@friendly_errors
def bench_insights(
    size: int = typer.Option(300, "--size", min=20, max=20_000, help="People in the sandbox world."),
    seed: int = typer.Option(7, "--seed"),
    days: str = typer.Option("0,28,56,77,84", "--days",
                             help="Simulated days the world is read at (X every time; other sources first and last)."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object of every figure."),
) -> None:
    """Read a world with a clock over simulated weeks into a store (the pipeline's own storing), refresh
    analytics, and grade rising stars, serial shippers, communities and trending topics against its truth."""
    from scout_core.bench.insights import run_insights_bench
    from scout_core.errors import InputError

    try:
        when = tuple(sorted({int(d) for d in days.split(",") if d.strip()}))
    except ValueError:
        raise InputError(f"--days {days!r}: expected whole days separated by commas, e.g. 0,28,56,77,84") from None
    if len(when) < 2 or when[0] < 0 or when[-1] - when[-2] != 7:
        raise InputError("--days: at least two days, none negative, the last two a week apart (7-day growth)")
    load()
    report = run_insights_bench(size=size, seed=seed, days=when)
    table = Table(title=f"insights against the world's truth: {size} people, days {', '.join(map(str, when))}")
    table.add_column("insight")
    table.add_column("score", justify="right")
    table.add_column("baseline", justify="right")
    table.add_row("rising stars precision@20", str(report["rising_stars_precision_at_20"]),
                  f"{report['rising_stars_baseline_largest_gain']} (largest gain)")
    table.add_row("serial shippers precision", str(report["serial_shippers_precision"]), "")
    table.add_row("serial shippers recall", str(report["serial_shippers_recall"]), "")
    table.add_row("communities NMI", str(report["communities_nmi"]), "0 (one community)")
    table.add_row("trending topics precision@10", str(report["trending_topics_precision_at_10"]), "0.5 (chance)")
    console.print(table)
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")
