"""`scout bench enrich`: enrichment throughput against the sandbox, its rate-limit bound and two baselines."""

from __future__ import annotations

import json

import typer

from scout_core.cli.common import console, friendly_errors, load, quiet_prefect


@friendly_errors
def bench_enrich(
    as_json: bool = typer.Option(False, "--json", help="End with one JSON line of the figures."),
    profiles: int = typer.Option(1000, "--profiles", min=10, max=100_000, help="X profiles to enrich."),
    window_s: float = typer.Option(60.0, "--window-s", min=1.0, max=900.0,
                                   help="X's 15-minute rate-limit window compressed to this many seconds."),
    error_rate: float = typer.Option(0.02, "--error-rate", min=0.0, max=0.5, help="Share of requests failed (503)."),
    baseline_s: float = typer.Option(12.0, "--baseline-s", min=2.0, max=600.0, help="Seconds each baseline runs."),
    api_workers: int = typer.Option(2, "--api-workers", min=1, max=64, help="API worker actors."),
) -> None:
    """Enrich N sandbox profiles through the Ray pool; compare with the rate-limit bound and two baselines."""
    from scout_core.bench.enrich import BenchConfig, run_bench

    quiet_prefect()
    cfg = BenchConfig(profiles=profiles, window_s=window_s, error_rate=error_rate, baseline_s=baseline_s,
                      api_workers=api_workers)
    figures = run_bench(cfg, load())
    _print_table(figures)
    if as_json:
        print(json.dumps(figures, default=str), flush=True)


def _print_table(f: dict) -> None:
    base = f["baselines"]
    rows = [
        ("profiles", f"{f['profiles']} in {f['seconds']} s ({f['state']} controller state)"),
        ("profiles/min", f"{f['profiles_per_min']} (bound {f['bound_profiles_per_min']}, "
                         f"ratio {f['ratio_to_bound']})"),
        ("answered 429", f"{f['rate_limited_share']:.2%} of {f['requests']} requests"),
        ("success", f"{f['success_rate']:.2%}  quality {f['quality']}"),
        ("cost/profile", f"${f['cost_per_profile']}"),
        ("sequential", f"{base['sequential']['profiles_per_min']}/min  (x{f['speedup_vs_sequential']})"),
        ("asyncio", f"{base['asyncio']['profiles_per_min']}/min  (x{f['ratio_to_asyncio']})"),
    ]
    for name, value in rows:
        console.print(f"{name:>14}  {value}", highlight=False)
