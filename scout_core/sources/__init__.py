"""Source adapters and the registry that finds them by name.

Adding a source means one module and one line in ``_REGISTRY``. Modules are imported only when their
source is asked for, so heavy SDKs (PyGithub, Playwright, apify-client) never load unless used.
"""

from __future__ import annotations

from importlib import import_module

from scout_core.errors import ConfigurationError
from scout_core.settings import Settings
from scout_core.sources.base import Source

# name → "module:Class".
_REGISTRY: dict[str, str] = {
    "x_api": "scout_core.sources.x_api:XApiSource",
    "x_web": "scout_core.sources.x_web:XWebSource",
    "apify": "scout_core.sources.apify:ApifySource",
    "github": "scout_core.sources.github:GithubSource",
    "huggingface": "scout_core.sources.huggingface:HuggingfaceSource",
    "producthunt": "scout_core.sources.producthunt:ProducthuntSource",
    "search": "scout_core.sources.search:SearchSource",
}
SOURCE_NAMES: tuple[str, ...] = tuple(_REGISTRY)


def source_class(name: str) -> type[Source]:
    """The adapter class registered under ``name``."""
    if name not in _REGISTRY:
        raise ConfigurationError(f"unknown source {name!r}; known sources: {', '.join(SOURCE_NAMES)}")
    module_name, _, class_name = _REGISTRY[name].partition(":")
    return getattr(import_module(module_name), class_name)


def get_source(name: str, settings: Settings) -> Source:
    """A new adapter instance for the source ``name``, configured by ``settings``."""
    return source_class(name)(settings)


__all__ = ["SOURCE_NAMES", "Source", "get_source", "source_class"]
