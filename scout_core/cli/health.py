"""`scout health`: per source and worker kind, the controller's live view (shared through Redis)."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from scout_core.cli.common import console, friendly_errors, load

COLUMNS = ("calls", "success_rate", "p50_s", "p95_s", "requests_per_min", "breaker", "spent_usd", "errors")


@friendly_errors
def health(as_json: bool = typer.Option(False, "--json", help="One JSON object instead of a table.")) -> None:
    """Success rate, latency, request rate, errors, breaker state and today's spend per node."""
    from scout_core.enrich.controller import Controller
    from scout_core.sources import SOURCE_NAMES

    settings = load()
    nodes = [*SOURCE_NAMES, "worker:api", "worker:browser"]
    report = Controller(settings).report(nodes)
    if as_json:
        typer.echo(json.dumps(report, default=str))
        return
    table = Table(title="health (shared through Redis)" if settings.redis_url else "health (this process only)")
    table.add_column("node")
    for col in COLUMNS:
        table.add_column(col)
    for node, row in report.items():
        table.add_row(node, *(str(row.get(col, "")) for col in COLUMNS))
    console.print(table)
    if not settings.redis_url:
        console.print("Without SCOUT_REDIS_URL each process keeps its own health; set it to see the workers'.")
