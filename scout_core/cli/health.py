"""`scout health`: per source and worker kind, success rate, latency, request rate, errors, breaker, spend.

With ``SCOUT_REDIS_URL`` the view is live: the controller state every driver and worker shares, over
its sliding window. Without it, each process keeps its own state, so the figures shown are those the
last run stored when it finished (every call it made). Today's spend always comes from the store's
cost ledger, the source of truth.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from scout_core.cli.common import console, friendly_errors, load

# (header, key): short headers, so the table fits 80 columns without cutting them.
COLUMNS = (("calls", "calls"), ("ok", "success_rate"), ("p50 s", "p50_s"), ("p95 s", "p95_s"),
           ("req/min", "requests_per_min"), ("breaker", "breaker"), ("spent $", "spent_usd"), ("errors", "errors"))


@friendly_errors
def health(as_json: bool = typer.Option(False, "--json", help="One JSON object instead of a table.")) -> None:
    """Success rate, latency, request rate, errors, breaker state and today's spend per node."""
    from scout_core.enrich.controller import Controller, health_nodes

    settings = load()
    controller = Controller(settings)
    nodes = health_nodes()
    if settings.redis_url:
        report = controller.report(nodes)
        where = (f"live, shared through Redis: the last {settings.controller.health_window_s:g} s "
                 f"of every process's calls")
    else:
        report, where = _last_run(settings, nodes)
        for node, row in report.items():  # today's spend: the ledger, whatever the run saw
            row["spent_usd"] = round(controller.ledger.spent(node), 4)
    if as_json:
        typer.echo(json.dumps({node: {**row, "view": where} for node, row in report.items()}, default=str))
        return
    console.print(_table(report, where))


def _last_run(settings: Any, nodes: list[str]) -> tuple[dict[str, dict[str, Any]], str]:
    """The figures the latest run that recorded any stored at its end, and a sentence saying whose they are."""
    from scout_core.runtime import open_repository

    for run in open_repository(settings).recent_runs(20):
        recorded = run.stats.get("health")
        if isinstance(recorded, dict) and recorded:
            when = run.finished_at or run.started_at
            where = (f"run {run.run_id}, finished {_ago(when)} (every call it made; set SCOUT_REDIS_URL for a "
                     f"live view shared by every process)")
            return {n: dict(recorded.get(n) or {"calls": 0}) for n in nodes}, where
    return {n: {"calls": 0} for n in nodes}, "no run has recorded its figures yet: `scout run` first"


def _ago(when: datetime) -> str:
    from scout_core.schema import utcnow

    minutes = int((utcnow() - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago" if minutes < 48 * 60 else f"{minutes // 1440} days ago"


def _table(report: dict[str, dict[str, Any]], where: str) -> Table:
    table = Table(title=Text(f"health — {where}"), box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("node", no_wrap=True, min_width=len("worker:browser"))
    for header, _ in COLUMNS:
        wide = header == "errors"
        table.add_column(header, justify="left" if wide or header == "breaker" else "right",
                         min_width=len(header), no_wrap=not wide, overflow="fold")
    for node, row in report.items():
        idle = not row.get("calls")  # no calls: no rate or latency to speak of, whatever the defaults say
        table.add_row(Text(node), *(Text(_cell(key, row.get(key)) if not idle or key in ("calls", "breaker",
                                                                                         "spent_usd") else "—")
                                    for _, key in COLUMNS))
    return table


def _cell(key: str, value: Any) -> str:
    if value is None or value == {}:
        return "—" if key != "errors" else ""
    if key == "success_rate":
        return f"{float(value):.0%}"
    if key == "errors":
        return ", ".join(f"{kind} {n}" for kind, n in sorted(value.items(), key=lambda kv: -kv[1]))
    return str(value)
