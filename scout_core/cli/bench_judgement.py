"""`scout bench judgement`: the classifier graded on real labelled accounts and on sandbox worlds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from scout_core.cli.common import console, friendly_errors, load


@friendly_errors
def bench_judgement(
    realdata: Path = typer.Option(None, "--realdata", help="Folder with x_dev_profiles.json and x_dev_labels.json "
                                                           "(default: ../shared/realdata beside the checkout)."),
    seeds: str = typer.Option("3,11,29", "--seeds", help="Sandbox world seeds, comma-separated."),
    size: int = typer.Option(600, "--size", min=20, max=20_000, help="People per sandbox world."),
    decoys: float = typer.Option(0.0, "--decoys", min=0.0, max=1.0,
                                 help="Share of X accounts given a post linking someone else's work."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object of every figure (and nothing else)."),
) -> None:
    """Confusion matrix, builder-vs-noise agreement, builder precision, organizations or bots as builders and
    the confidence's reliability, on the real dev accounts and on sandbox worlds."""
    from scout_core.bench.judgement import default_realdata, run_judgement_bench
    from scout_core.errors import InputError
    from scout_core.process import judgement_rules

    try:
        seed_list = tuple(int(s) for s in seeds.split(",") if s.strip())
    except ValueError:
        raise InputError(f"--seeds {seeds!r}: give integers separated by commas, e.g. 3,11,29") from None
    folder = realdata or default_realdata()
    if realdata is not None and not folder.is_dir():
        raise InputError(f"--realdata {folder}: no such folder")
    report = run_judgement_bench(folder if folder.is_dir() else None, seed_list, size, decoys,
                                 judgement_rules(load()))
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")
        return
    _print(report, folder)


def _print(report: dict, folder: Path) -> None:
    sets = ([("real dev accounts", report["dev"])] if "dev" in report else []) + list(report["sandbox"].items())
    if "dev" not in report:
        console.print(f"no labelled real accounts at {folder}: sandbox only", highlight=False)
    table = Table(title="judgement")
    for column in ("data set", "profiles", "agreement", "builder precision", "builder recall", "exact",
                   "org/bot builders", "calibration error"):
        table.add_column(column)
    for name, figures in sets:
        table.add_row(name, str(figures["profiles"]), _pct(figures["builder_vs_noise_agreement"]),
                      _pct(figures["builder_precision"]), _pct(figures["builder_recall"]),
                      _pct(figures["exact_agreement"]), str(figures["organizations_or_bots_as_builders"]),
                      str(figures["reliability"]["expected_calibration_error"]))
    console.print(table)
    for name, figures in sets:
        console.print(f"{name}: confusion (rows truth, columns predicted)", highlight=False)
        classes = list(figures["confusion"])
        console.print("  " + " ".join(c[:9].rjust(10) for c in classes), highlight=False)
        for truth in classes:
            row = figures["confusion"][truth]
            console.print("  " + " ".join(str(row[p]).rjust(10) for p in classes) + f"  {truth}", highlight=False)
    fit = report["calibration_fit"]
    console.print(f"{report['profiles_per_second']} profiles/s judged; calibration refit: slope {fit['slope']}, "
                  f"intercept {fit['intercept']} (scoring/calibration.py)", highlight=False)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
