"""The `scout` command line."""

from __future__ import annotations

import sys

import typer

from scout_core.cli.bench_api import bench_api, bench_insights
from scout_core.cli.bench_enrich import bench_enrich
from scout_core.cli.bench_faults import bench_faults
from scout_core.cli.bench_judgement import bench_judgement
from scout_core.cli.blocks import blocks_app
from scout_core.cli.common import run_app
from scout_core.cli.data import db_app, export
from scout_core.cli.dlq import dlq_app
from scout_core.cli.health import health
from scout_core.cli.identity import bench_app, resolve
from scout_core.cli.judge import explain, score
from scout_core.cli.ml import label, ml_app
from scout_core.cli.run import run
from scout_core.cli.sandbox import sandbox_app
from scout_core.cli.serve import analytics_app, serve
from scout_core.cli.sources import fetch, normalize, sources

app = typer.Typer(name="scout", help="Scout: find AI builders before anyone else does.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
                  rich_markup_mode=None)  # plain help: no "<bool>" type labels on flags
app.command("run")(run)
app.command("export")(export)
app.command("sources")(sources)
app.command("normalize")(normalize)
app.command("fetch")(fetch)
app.command("resolve")(resolve)
app.command("score")(score)
app.command("explain")(explain)
app.add_typer(bench_app, name="bench")
bench_app.command("enrich")(bench_enrich)
bench_app.command("faults")(bench_faults)
bench_app.command("judgement")(bench_judgement)
bench_app.command("api")(bench_api)
bench_app.command("insights")(bench_insights)
app.add_typer(dlq_app, name="dlq")
app.add_typer(blocks_app, name="blocks")
app.add_typer(ml_app, name="ml")
app.command("label")(label)
app.command("health")(health)
app.add_typer(db_app, name="db")
app.add_typer(sandbox_app, name="sandbox")
app.command("serve")(serve)
app.add_typer(analytics_app, name="analytics")


def main() -> None:
    sys.exit(run_app(app))
