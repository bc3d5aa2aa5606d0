"""`scout score FILE` and `scout explain WHO`: how Scout judges people, from the command line.

``scout score`` needs no store: it reads a payload (``--source``: as the source returns it, a list of
them, or Scout's stored shape) or JSON lines of profiles (no ``--source``), and prints one JSON line per
profile: account kind, filter decision, scorecard, class. Every profile is classified, filtered or not.
A bad record is one line on stderr (index, handle, field); the command exits 0 when any profile was
scored, 1 when none was, and with ``--strict`` any bad record is fatal (nothing is printed).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.markup import escape

from scout_core import bounded
from scout_core.cli.common import console, err_console, friendly_errors, load
from scout_core.errors import InputError
from scout_core.schema import InternalProfile, RawPayload
from scout_core.settings import Settings


def parse_now(text: str | None) -> datetime | None:
    """An ISO-8601 moment (``Z`` or an offset; a date alone is midnight UTC), or InputError."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InputError(f"--now {text!r} is not an ISO-8601 time (e.g. 2026-02-19T23:00:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_profiles(file: Path, source: str | None, settings: Settings) -> tuple[list[InternalProfile], list[str]]:
    """The profiles in ``file`` and one error line per bad record (see the module docstring)."""
    text, notes = decoded(bounded.read_bytes(file, settings.input.max_bytes), str(file))
    if source is None:
        profiles, errors = _profile_lines(text, settings.input.max_depth)
        return profiles, notes + errors
    from scout_core.sources import get_source
    from scout_core.sources.records import normalize_records

    adapter = get_source(source, settings)
    body = text if source == "x_web" else bounded.loads(text, str(file), settings.input.max_depth)
    raw = RawPayload(source=source, body=body, content_type="text/html" if source == "x_web" else "application/json")
    profiles, errors = normalize_records(adapter, raw)
    return profiles, notes + [e.line() for e in errors]


def decoded(data: bytes, what: str) -> tuple[str, list[str]]:
    """UTF-8 text; bytes that are not UTF-8 become U+FFFD (one bad byte must not cost the other records),
    with a note saying so."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), [
            f"{what}: bytes that are not UTF-8 (first at byte {exc.start}) were replaced by U+FFFD"]


def _profile_lines(text: str, max_depth: int) -> tuple[list[InternalProfile], list[str]]:
    from scout_core.identity.jsonl import parse_profile_line

    profiles, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            _, profile = parse_profile_line(line, number, max_depth)
        except InputError as exc:
            errors.append(str(exc))
            continue
        if profile is None:
            errors.append(f"line {number}: a redacted profile (no person to judge)")
        else:
            profiles.append(profile)
    return profiles, errors


def report_errors(errors: list[str]) -> None:
    for line in errors:
        err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, soft_wrap=True)


@friendly_errors
def score(
    file: Path = typer.Argument(..., help="A payload file (with --source) or JSON lines of profiles."),
    source: str = typer.Option(None, "--source", help="Source whose payload FILE is (see `scout sources`); "
                                                      "omit for JSON lines of profiles."),
    now: str = typer.Option(None, "--now", help="Reference time for recency, ISO 8601 (default: now)."),
    strict: bool = typer.Option(False, "--strict", help="Any bad record is fatal: print nothing, exit 1."),
) -> None:
    """Judge every profile in FILE: one JSON line each (kind, filter, score, class), no store needed."""
    from scout_core.process import judgement_rules
    from scout_core.scoring.judge import judge_profile

    moment = parse_now(now)
    settings = load()
    profiles, errors = read_profiles(file, source, settings)
    report_errors(errors)
    if strict and errors:
        raise InputError(f"{len(errors)} bad record(s) and --strict: nothing scored")
    if not profiles:
        raise InputError(f"{file}: no profile could be read" + (f" ({len(errors)} bad records)" if errors else ""))
    rules = judgement_rules(settings)
    for profile in profiles:
        line = judge_profile(profile, rules, now=moment or datetime.now(UTC)).line()
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


@friendly_errors
def explain(
    who: str = typer.Argument(..., help="A canonical id, or a handle of one of the builder's profiles "
                                        "(ada, @ada, x:ada)."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as one JSON object."),
) -> None:
    """One stored builder as a person reads it: profiles and merges, components, overall, class, kind, traction."""
    from scout_core.explanation import explain_builder, render
    from scout_core.runtime import open_repository

    repo = open_repository(load())
    members = repo.builder(who)
    if not members:
        raise InputError(f"no stored builder {who!r} (give a canonical id or a handle; see `scout export`)")
    canonical = str(members[0]["canonical_id"])
    explanation = explain_builder(members, repo.identity_merges([canonical]).get(canonical, []))
    if as_json:
        sys.stdout.write(json.dumps(explanation, ensure_ascii=False, default=str) + "\n")
        return
    console.print(escape(render(explanation)), highlight=False, soft_wrap=True)
