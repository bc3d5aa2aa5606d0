"""`scout resolve FILE` and `scout bench identity`: identity resolution from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.markup import escape

from scout_core.cli.common import console, err_console, friendly_errors, load
from scout_core.errors import InputError
from scout_core.sandbox.world_trails import SILENT_ACCOUNT_SHARE

bench_app = typer.Typer(help="Benchmarks on the sandbox world.", no_args_is_help=True)


@friendly_errors
def resolve(
    file: Path = typer.Argument(..., help="JSON lines of profiles (InternalProfile shape; '-' for stdin)."),
) -> None:
    """Resolve profiles to canonical builders: one JSON line out per line in, with the reasons of each merge.

    A malformed line gets an error object in its place ({"line": n, "error": ...}), the rest still
    resolves, and the command exits with status 1.
    """
    from scout_core.bounded import bounded_lines
    from scout_core.identity.jsonl import resolve_lines
    from scout_core.identity.resolver import IdentityResolver

    settings = load()
    resolver = IdentityResolver(settings=settings.identity)
    errors = 0
    with _open(file) as stream:
        lines = bounded_lines(stream, str(file), settings.input.max_bytes)
        for out in resolve_lines(lines, resolver, settings.input.max_depth):
            errors += "error" in out
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            if "error" in out:
                err_console.print(f"[bold red]error:[/] {escape(out['error'])}", highlight=False, soft_wrap=True)
    if errors:
        raise typer.Exit(1)


def _open(file: Path):  # noqa: ANN202 - a context manager over text lines
    if str(file) == "-":
        from contextlib import nullcontext

        return nullcontext(sys.stdin)
    try:  # anything readable: a file, /dev/null, a pipe (a directory or a missing path is the user's mistake)
        return file.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from exc


@bench_app.command("identity")
@friendly_errors
def bench_identity(
    size: int = typer.Option(60_000, "--size", min=10, max=1_000_000,
                             help="People in the world (about 1.75 profiles each)."),
    seed: int = typer.Option(7, "--seed"),
    decoys: float = typer.Option(0.0, "--decoys", min=0.0, max=1.0,
                                 help="Share of X accounts given a post linking someone else's repo, model or "
                                      "launch (tests precision; the world's own posts link only their author's)."),
    silent: float = typer.Option(SILENT_ACCOUNT_SHARE, "--silent-share", min=0.0, max=1.0,
                                 help="Chance that a person's further account leaves no trail to their main one "
                                      "(no evidence links it: the resolver's floor); 1.0 adds no trails."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object of every figure."),
) -> None:
    """Resolve every account of a sandbox world and grade it against the world's ground truth."""
    from scout_core.bench.identity import run_identity_bench

    settings = load().identity.model_copy(update={"suggest": False})
    report = run_identity_bench(size=size, seed=seed, settings=settings, decoys=decoys, silent_share=silent)
    _print_summary(report)
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")


def _print_summary(report: dict) -> None:
    from rich.table import Table

    table = Table(title=f"identity resolution: {report['profiles']:,} profiles, {report['people']:,} people")
    table.add_column("metric")
    table.add_column("resolver", justify="right")
    table.add_column("exact-handle baseline", justify="right")
    base = report["baseline"]
    for key in ("precision", "recall", "residual_duplicate_rate", "false_merge_rate", "clusters"):
        table.add_row(key, str(report[key]), str(base[key]))
    console.print(table)
    ceiling, fields = report["evidence_ceiling"], report["evidence_ceiling"]["profile_fields_only"]
    if report["decoy_posts"]:
        console.print(f"{report['decoy_posts']:,} decoy posts link other people's work", highlight=False)
    console.print(f"resolution {report['seconds']} s ({report['profiles_per_second']:,} profiles/s); world "
                  f"{report['world_seconds']} s; profiles built in {report['profile_build_seconds']} s",
                  highlight=False)
    console.print(f"{ceiling['not_fully_linked_by_any_evidence']:,} of {ceiling['people_with_several_accounts']:,} "
                  f"people with several accounts have no evidence joining all of them: best possible residual "
                  f"duplicate rate {ceiling['best_residual_duplicate_rate']} (profile fields alone: "
                  f"{fields['best_residual_duplicate_rate']})", highlight=False)
