"""``scout serve``: run the app with uvicorn, after refusing an unsafe bind."""

from __future__ import annotations

import uvicorn

from scout_core.api.app import create_app, open_context
from scout_core.api.security import check_bind
from scout_core.settings import Settings

# A request line carries the query string; uvicorn's default limit would answer a long one with a bare
# 400 before the app sees it. Let the app see up to this much, so QueryLimit answers 414 in JSON.
MAX_REQUEST_LINE_BYTES = 2 * 2**20


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted; a bad key map or a public bind without keys fails first, in one line.

    With ``workers`` > 1, uvicorn runs that many processes, each building the app from the environment.
    """
    context = open_context(settings)
    check_bind(host, context.keys)
    context.insights.check()
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False, "server_header": False,
               "h11_max_incomplete_event_size": MAX_REQUEST_LINE_BYTES}
    if workers > 1:
        context.close()
        uvicorn.run("scout_core.api.app:app_from_environment", factory=True, workers=workers, **options)
        return
    uvicorn.run(create_app(settings, context), **options)
