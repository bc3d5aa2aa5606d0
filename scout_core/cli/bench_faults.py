"""`scout bench faults`: the resilience benchmark.

Register with ``bench_app.command("faults")(bench_faults)`` on the ``scout bench`` Typer group.
"""

from __future__ import annotations

import json

import typer
from rich import box
from rich.table import Table

from scout_core.cli.common import console, friendly_errors, load, quiet_prefect

_COLUMNS = ("scenario", "cand", "stored", "dlq", "lost", "dup", "breaker_s", "recover_s", "run_s")


@friendly_errors
def bench_faults(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per line; the last is the summary."),
    scenario: list[str] = typer.Option(None, "--scenario", help="Run only these scenarios (repeatable)."),
    limit: int = typer.Option(40, "--limit", min=3, max=1000, help="Candidates per scenario."),
    size: int = typer.Option(300, "--size", min=50, max=100_000, help="People in the sandbox world."),
    seed: int = typer.Option(7, "--seed", help="World and fault seed."),
) -> None:
    """Run discovery → enrichment → storage through injected faults; report lost and duplicated profiles."""
    from scout_core.bench.faults import BenchConfig, run_fault_bench, select_scenarios

    select_scenarios(scenario)  # refuse an unknown name before starting anything
    settings = load()
    quiet_prefect()  # Ray's environment defaults, as `scout run` has them
    config = BenchConfig(seed=seed, size=size, limit=limit)

    def show(result: object) -> None:
        if as_json:
            print(json.dumps(result.as_dict()), flush=True)  # type: ignore[attr-defined]

    results = run_fault_bench(settings, scenario or None, config, on_result=show)
    if as_json:
        print(json.dumps({"scenarios": [r.as_dict() for r in results]}))
        return
    console.print(_table(results))
    for r in results:
        for note in r.notes:
            console.print(f"  {r.name}: {note}", highlight=False, markup=False)


def _table(results: list) -> Table:
    table = Table(title="scout bench faults (targets: lost 0, dup 0, routed around < 60 s)", box=box.SIMPLE_HEAD,
                  pad_edge=False, collapse_padding=True)
    for col in _COLUMNS:
        table.add_column(col, justify="left" if col == "scenario" else "right", no_wrap=True, min_width=len(col))
    for r in results:
        table.add_row(r.name, str(r.candidates), str(r.stored), str(r.dlq), str(r.lost), str(r.duplicates),
                      _s(r.breaker_opened_s), _s(r.recovered_s), f"{r.seconds:.1f}")
    return table


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
