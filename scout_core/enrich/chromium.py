"""Where Chromium lives and how it is launched.

Order: the ``x_web.browser_path`` setting, then Debian's real binary (``/usr/bin/chromium`` is a
slower shell wrapper), then Playwright's own download, which is what users with internet have.
"""

from __future__ import annotations

import os
from pathlib import Path

from scout_core.errors import ConfigurationError
from scout_core.settings import Settings

LAUNCH_ARGS: tuple[str, ...] = (
    "--no-sandbox",  # containers and CI run as root without user namespaces
    "--disable-gpu",
    "--disable-background-networking",  # no update pings: there is no internet, and no need
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",  # small /dev/shm in containers crashes tabs
)
# Playwright's download layout: <browsers>/chromium-<rev>/chrome-linux*/chrome (or headless_shell).
_PLAYWRIGHT_GLOBS = (
    "chromium-*/chrome-linux*/chrome",
    "chromium_headless_shell-*/chrome-linux*/headless_shell",
)


def playwright_browsers_dir() -> Path:
    """Playwright's browser cache; PLAYWRIGHT_BROWSERS_PATH is Playwright's own knob, read as it does."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured)
    return Path.home() / ".cache" / "ms-playwright"


def playwright_chromium() -> str | None:
    """The newest Chromium that ``python -m playwright install chromium`` left behind, if any."""
    base = playwright_browsers_dir()
    for pattern in _PLAYWRIGHT_GLOBS:
        found = sorted(base.glob(pattern), reverse=True)
        if found:
            return str(found[0])
    return None


def find_chromium(settings: Settings) -> str:
    """The Chromium executable to launch, or ConfigurationError saying what was tried."""
    tried: list[str] = []
    for path in settings.browser_candidates():
        if Path(path).is_file() and os.access(path, os.X_OK):
            return path
        tried.append(path)
    bundled = playwright_chromium()
    if bundled:
        return bundled
    tried.append(f"Playwright's chromium under {playwright_browsers_dir()}")
    raise ConfigurationError(
        "no Chromium found (tried " + ", ".join(tried) + "); install one with "
        "`apt-get install chromium` or `python -m playwright install chromium`, "
        "or set SCOUT_X_WEB__BROWSER_PATH"
    )
