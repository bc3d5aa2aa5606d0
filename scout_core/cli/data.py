"""`scout export` and `scout db ...`: the store's commands."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer

from scout_core.cli.common import console, friendly_errors, load

db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)


@friendly_errors
def export(
    fmt: Literal["json", "csv"] = typer.Option("json", "--format", help="Export format."),
    output: Path = typer.Option(None, "--output", show_default="SCOUT_DATA_DIR/exports/builders-<time>.<format>",
                                help="File to write."),
) -> None:
    """Write every stored builder, one object or row each."""
    from scout_core.export import check_format, export_builders
    from scout_core.runtime import open_repository

    check_format(fmt)
    settings = load()
    path = export_builders(open_repository(settings), fmt, output, settings.exports_dir)
    console.print(str(path), highlight=False)


@db_app.command("upgrade")
@friendly_errors
def upgrade() -> None:
    """Migrate the database to the newest schema (Alembic)."""
    from scout_core.runtime import ensure_data_dir
    from scout_core.store.db import check_connection, make_engine
    from scout_core.store.migrate import upgrade as run_upgrade

    settings = load()
    ensure_data_dir(settings)
    check_connection(make_engine(settings.resolved_database_url))
    revision = run_upgrade(settings.resolved_database_url)
    console.print(f"database at revision {revision}", highlight=False)
