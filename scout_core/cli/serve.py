"""`scout serve` (the API) and `scout analytics refresh` (the tables it reads)."""

from __future__ import annotations

import json

import typer

from scout_core.cli.common import console, friendly_errors, load

analytics_app = typer.Typer(help="The analytics tables behind the API's insights.", no_args_is_help=True)


@friendly_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but loopback needs "
                                                          "SCOUT_API__KEYS."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port (0: any free port)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (one per core is usual)."),
) -> None:
    """Serve the API (/api/v1, docs at /docs) over the store until interrupted."""
    from scout_core.api import serve as run_server

    settings = load()
    console.print(f"Scout API on http://{host}:{port}/api/v1 (docs: /docs); Ctrl-C stops it", highlight=False)
    run_server(settings, host, port, workers)


@analytics_app.command("refresh")
@friendly_errors
def refresh(
    full: bool = typer.Option(False, "--full", help="Recompute everything, not only what changed."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object of what was done."),
) -> None:
    """Bring the analytics tables up to date with the store (what the hourly scout-analytics flow runs)."""
    from scout_core.analytics import refresh_analytics
    from scout_core.runtime import open_repository
    from scout_core.store.analytics import AnalyticsRepository

    settings = load()
    repo = AnalyticsRepository(open_repository(settings).engine)
    report = refresh_analytics(repo, full=full, seed_topics=settings.pipeline.topics)
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    graph = (f"graph recomputed ({report.graph_nodes} builders, {report.communities} communities)"
             if report.graph_recomputed else "graph unchanged")
    console.print(f"analytics refreshed: {report.builders_updated} builders updated, {report.builders_removed} "
                  f"removed; {graph}; {report.posts_counted} posts counted into {report.topics} topics; "
                  f"{sum(report.seconds.values()):.2f} s", highlight=False)
