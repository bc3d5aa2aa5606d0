"""`scout dlq list` and `scout dlq replay`: the dead-letter queue's commands.

Register with ``app.add_typer(dlq_app, name="dlq")`` in ``scout_core/cli/__init__.py``.
"""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from scout_core.cli.common import console, friendly_errors, load

dlq_app = typer.Typer(help="Dead letters: candidates that exhausted their attempts.", no_args_is_help=True)


@dlq_app.command("list")
@friendly_errors
def list_letters(
    as_json: bool = typer.Option(False, "--json", help="One JSON array instead of a table."),
    include_replayed: bool = typer.Option(False, "--all", help="Include letters already replayed."),
    only_open: bool = typer.Option(False, "--open", help="Only open letters (leave out the closed ones)."),
    limit: int = typer.Option(None, "--limit", min=1, help="At most this many, oldest failure first."),
) -> None:
    """Show dead letters: status, error, attempts, last failure and the suggested action.

    A letter is open (a replay may help), closed (no replay can: not found, suspended, invalid handle;
    the replay closes them and says why) or replayed (stored since, with --all).
    """
    from scout_core.deadletters import open_dead_letters
    from scout_core.runtime import open_repository

    settings = load()
    dlq = open_dead_letters(settings, open_repository(settings))
    letters = dlq.list(include_replayed=include_replayed, limit=limit, include_closed=not only_open)
    rows = [_row(d) for d in letters]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    console.print(_table(rows, dlq.last_read_from))


def _row(letter: Any) -> dict[str, Any]:
    return {"candidate": letter.candidate_key, "platform": letter.platform, "handle": letter.handle,
            "error_kind": letter.error_kind, "error": letter.error, "attempts": letter.attempts,
            "first_failed_at": letter.first_failed_at.isoformat(),
            "last_failure_at": letter.last_failure_at.isoformat(),
            "suggested_action": letter.suggested_action, "status": letter.status,
            "replayed_at": letter.replayed_at.isoformat() if letter.replayed_at else None,
            "closed_at": letter.closed_at.isoformat() if letter.closed_at else None,
            "closed_reason": letter.closed_reason}


def _table(rows: list[dict[str, Any]], read_from: str) -> Table:
    """Every cell as plain text (errors quote sources, e.g. ``[stealth]``, which Rich would read as markup),
    whole: long errors wrap instead of being cut."""
    table = Table(title=Text(f"Dead letters ({len(rows)}, from {read_from})"))
    for col in ("candidate", "status", "error", "attempts", "last failure", "suggested action"):
        table.add_column(col, justify="right" if col == "attempts" else "left", overflow="fold")
    for r in rows:
        status = f"closed: {r['closed_reason'].split(' (', 1)[0]}" if r["status"] == "closed" else r["status"]
        action = "none: closed, no replay can help" if r["status"] == "closed" else r["suggested_action"] or ""
        cells = (r["candidate"], status, f"{r['error_kind'] or '?'}: {r['error']}", str(r["attempts"]),
                 r["last_failure_at"][:19], action)
        table.add_row(*(Text(str(cell)) for cell in cells))
    return table


@dlq_app.command("replay")
@friendly_errors
def replay(
    to: str = typer.Option(None, "--to", help="Force this tier (e.g. x_web, x_api, github) for every replay."),
    limit: int = typer.Option(None, "--limit", min=1, help="Replay at most this many, oldest failure first."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Enrich pending dead letters again; the ones stored now are marked replayed."""
    from scout_core.cli.common import quiet_prefect
    from scout_core.deadletters import run_replay

    settings = load()
    quiet_prefect()  # Ray's environment defaults, as `scout run` has them
    report, run_id = run_replay(settings, to=to, limit=limit)
    if as_json:
        print(json.dumps({"run_id": run_id, **report.as_dict()}))
        return
    tier = f" through {to}" if to else ""
    console.print(f"replayed {report.replayed} of {report.selected}{tier}; still failing {report.still_failing}"
                  + (f"; skipped {report.skipped} (platform not served by {to})" if report.skipped else "")
                  + (f"; closed {report.closed} that no replay can help ("
                     + ", ".join(f"{reason} {n}" for reason, n in report.closed_by_reason.items())
                     + "; `scout dlq list` shows them)" if report.closed else "")
                  + f"  {run_id}", highlight=False, markup=False)
    for key, error in list(report.errors.items())[:10]:
        console.print(f"  {key}: {error}", highlight=False, markup=False, soft_wrap=True)
    if len(report.errors) > 10:
        console.print(f"  … and {len(report.errors) - 10} more: `scout dlq list` shows each", highlight=False,
                      markup=False)
