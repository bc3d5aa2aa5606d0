"""Which sources (tiers) can enrich a platform's profiles, and which worker kind runs each.

Routing is data: a platform maps to its tiers in fallback order; the pool picks among them by load.
"""

from __future__ import annotations

from scout_core.settings import Settings

ROUTES: dict[str, tuple[str, ...]] = {
    "x": ("x_api", "apify", "x_web"),
    "github": ("github",),
    "huggingface": ("huggingface",),
    "producthunt": ("producthunt",),
}
BROWSER_SOURCES = frozenset({"x_web"})


def worker_kind(source: str) -> str:
    """``browser`` for sources that need Chromium, ``api`` for everything else."""
    return "browser" if source in BROWSER_SOURCES else "api"


def tiers_for(platform: str, settings: Settings, available: frozenset[str] | None = None) -> list[str]:
    """Enabled tiers for a platform, the configured first tier for X first."""
    tiers = [t for t in ROUTES.get(platform, ()) if settings.source(t).enabled]
    if available is not None:
        tiers = [t for t in tiers if t in available]
    if platform == "x" and settings.pipeline.x_tier in tiers:
        tiers.remove(settings.pipeline.x_tier)
        tiers.insert(0, settings.pipeline.x_tier)
    return tiers
