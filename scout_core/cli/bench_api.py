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
