"""`scout sources`, `scout normalize`, `scout fetch`: the sources, one at a time."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from scout_core import bounded
from scout_core.cli.common import console, fail, friendly_errors, load
from scout_core.schema import RawPayload
from scout_core.settings import InputSettings


@friendly_errors
def sources() -> None:
    """List each source: real service or sandbox, its base URL, whether it has credentials."""
    from scout_core.sandbox.wiring import PREFIXES
    from scout_core.sources import SOURCE_NAMES

    settings = load()
    sandbox = settings.wants_sandbox()
    table = Table()
    for col in ("source", "target", "base URL", "credentials"):
        table.add_column(col)
    for name in SOURCE_NAMES:
        cfg = settings.source(name)
        explicit = "base_url" in cfg.model_fields_set
        target = "sandbox" if sandbox and not explicit else "real"
        url = f"<sandbox>{PREFIXES[name]}" if target == "sandbox" else cfg.base_url
        cells = (name, target if cfg.enabled else "disabled", url, "yes" if cfg.credential() else "no")
        table.add_row(*(Text(cell) for cell in cells))  # base URLs are settings: shown as text, never as markup
    console.print(table)
    if sandbox:
        console.print("No credentials configured: `scout run` and `scout fetch` start the sandbox and use it.")


def read_payload(source: str, path: Path, limits: InputSettings | None = None) -> RawPayload:
    """A raw payload from a file exactly as the source returns it (JSON body or items; HTML for x_web).

    Read within ``limits`` (size and JSON depth), so a huge or endlessly nested file is one line of error.
    """
    limits = limits or InputSettings()
    text = bounded.read_text(path, limits.max_bytes)
    if source == "x_web":
        return RawPayload(source=source, body=text, content_type="text/html")
    return RawPayload(source=source, body=bounded.loads(text, str(path), limits.max_depth))


@friendly_errors
def normalize(
    source: str = typer.Option(..., "--source", help="Source name (see `scout sources`)."),
    file: Path = typer.Argument(..., help="A raw payload file, exactly as the source returns it."),
    strict: bool = typer.Option(False, "--strict", help="Any bad record is fatal: print nothing, exit 1."),
) -> None:
    """Print one JSON line per InternalProfile the payload yields.

    A bad record (no id, a bad count) is one line on stderr naming its index, handle and field; every
    good record is still printed, and the exit status is 0 when at least one profile came out.
    """
    from scout_core.cli.judge import report_errors
    from scout_core.errors import InputError
    from scout_core.sources import get_source
    from scout_core.sources.records import normalize_records

    settings = load()
    adapter = get_source(source, settings)
    profiles, errors = normalize_records(adapter, read_payload(source, file, settings.input))
    report_errors([e.line() for e in errors])
    if errors and (strict or not profiles):
        raise InputError(f"{file}: {len(errors)} bad record(s), {len(profiles)} good" +
                         (" and --strict: nothing printed" if strict and profiles else ""))
    for profile in profiles:
        typer.echo(profile.model_dump_json(exclude_none=True))


@friendly_errors
def fetch(
    source: str = typer.Argument(..., help="Source name, e.g. x_api, x_web, github."),
    handle: str = typer.Argument(..., help="The profile's handle on that source's platform."),
) -> None:
    """Fetch one profile (real service or sandbox, by settings) and print it as one JSON line."""
    from scout_core.enrich.enricher import Enricher
    from scout_core.handles import clean_handle
    from scout_core.runtime import resolve_sources
    from scout_core.schema import Candidate
    from scout_core.sources import source_class

    platform = source_class(source).platform
    # Checked before anything starts: a bad handle is the user's mistake, one line (InvalidHandleError).
    candidate = Candidate(platform=platform, handle=clean_handle(platform, handle))  # type: ignore[arg-type]
    settings, _ = resolve_sources(load())
    outcome = asyncio.run(_enrich_once(Enricher(settings), candidate, source))
    if not outcome.ok:
        fail(outcome.error or f"{source} [{handle}]: no profile", code=1)
    for profile in outcome.profiles:
        typer.echo(profile.model_dump_json(exclude_none=True))


async def _enrich_once(enricher, candidate, source):  # type: ignore[no-untyped-def]
    try:
        return await enricher.enrich(candidate, source)
    finally:
        await enricher.aclose()
