"""Scout's HTTP API (FastAPI): the only web code in scout_core. Analytics, scoring and the store know
nothing of it.

    from scout_core.api import create_app, serve
    app = create_app(settings)          # for tests and ASGI servers
    serve(settings, "127.0.0.1", 8000)  # `scout serve`
"""

from scout_core.api.app import API_PREFIX, create_app
from scout_core.api.server import serve

__all__ = ["API_PREFIX", "create_app", "serve"]
