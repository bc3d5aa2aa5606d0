"""`scout bench enrich`: X API enrichment over several rate-limit windows, next to its bound and fair peers."""

from __future__ import annotations

import json

import typer

from scout_core.cli.common import console, friendly_errors, load, quiet_prefect


@friendly_errors
def bench_enrich(
    as_json: bool = typer.Option(False, "--json", help="End with one JSON line of the figures."),
    windows: int = typer.Option(5, "--windows", min=1, max=100,
                                help="Rate-limit windows the run spans (profiles = windows × the per-window bound)."),
    window_s: float = typer.Option(4.0, "--window-s", min=1.0, max=900.0,
                                   help="X's 15-minute rate-limit window on the bench's clock, in seconds."),
    quota_scale: int = typer.Option(15, "--quota-scale", min=1, max=100,
                                    help="Each window holds 1/N of X's documented requests."),
    error_rate: float = typer.Option(0.02, "--error-rate", min=0.0, max=0.5, help="Share of requests failed (503)."),
    shared_share: float = typer.Option(0.5, "--shared-share", min=0.0, max=0.9,
                                       help="Share of the app's quotas a neighbour token spends in the shared run "
                                            "(0 skips that run)."),
    api_workers: int = typer.Option(2, "--api-workers", min=1, max=64, help="API worker actors."),
) -> None:
    """Enrich sandbox X profiles through the Ray pool for several windows; compare with the quota bound and peers."""
    from scout_core.bench.enrich import BenchConfig, run_bench

    quiet_prefect()
    cfg = BenchConfig(windows=windows, window_s=window_s, quota_scale=quota_scale, error_rate=error_rate,
                      shared_share=shared_share, api_workers=api_workers)
    figures = run_bench(cfg, load())
    _print_table(figures)
    if as_json:
        print(json.dumps(figures, default=str), flush=True)


def _row(name: str, leg: dict, ratio: str = "") -> tuple[str, str]:
    return name, (f"{leg['profiles_per_min']}/min  success {leg['success_rate']:.2%}  429s {leg['answered_429']}  "
                  f"windows {leg['windows_spanned']}  ${leg['spent_usd']}{ratio}")


def _print_table(f: dict) -> None:
    peers, budget = f["peers"], f["budget"]
    binds = budget["binds_at_profile"] if budget["binds_at_profile"] is not None else \
        f"not in this run (projected at profile {budget['projected_binds_at_profile']})"
    rows = [
        ("bound", f"{f['bound_profiles_per_min']}/min from the server's quotas "
                  f"({f['world']['profiles_per_window']} profiles per {f['world']['window_s']} s window)"),
        _row("scout", f, f"  ratio to bound {f['ratio_to_bound']}, to asyncio {f['ratio_to_asyncio']}"),
        *(_row(name, p, f"  ratio to bound {p['ratio_to_bound']}") for name, p in peers.items()),
        ("x_api cap", f"${budget['cap_usd']}/day binds: {binds}"),
    ]
    if "shared" in f:
        s = f["shared"]
        rows += [("shared", f"a neighbour token spends {s['neighbour_share']:.0%} of the app's quotas; "
                            f"{s['bound_left_profiles_per_min']}/min left"),
                 _row("  scout", s["scout"], f"  ratio to what is left {s['scout']['ratio_to_bound_left']}"),
                 _row("  asyncio", s["asyncio"], f"  ratio to what is left {s['asyncio']['ratio_to_bound_left']}")]
    for name, value in rows:
        console.print(f"{name:>12}  {value}", highlight=False)
