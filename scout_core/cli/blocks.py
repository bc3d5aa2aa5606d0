"""`scout blocks register`: Prefect Secret blocks (and the S3 lake's blocks) from the current settings."""

from __future__ import annotations

import typer

from scout_core.cli.common import console, friendly_errors, load

blocks_app = typer.Typer(help="Prefect blocks: credentials and the S3 lake, kept on the Prefect server.",
                         no_args_is_help=True)


@blocks_app.command("register")
@friendly_errors
def register() -> None:
    """Write a Secret block per credential that is set, and the S3 lake's blocks, to PREFECT_API_URL."""
    from deployments.blocks import describe, register_blocks  # Prefect only when asked for

    settings = load()
    console.print(describe(register_blocks(settings), settings), highlight=False, markup=False)
