"""Export of stored builders."""

from __future__ import annotations

from pathlib import Path

from prefect import task

from scout_core.export import export_builders
from scout_core.runtime import RunContext, open_repository
from tasks.options import OPTIONS


@task(name="export-builders", **OPTIONS["export"])
def export_task(ctx: RunContext, fmt: str) -> Path:
    repo = open_repository(ctx.settings, migrate=False)
    return export_builders(repo, fmt, None, ctx.settings.exports_dir)
