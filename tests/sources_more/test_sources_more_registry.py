"""The three new sources in the registry, routing and the sandbox app."""

from __future__ import annotations

import subprocess
import sys

from scout_core.enrich.routing import ROUTES, worker_kind
from scout_core.sandbox.server import create_app
from scout_core.sources import SOURCE_NAMES, get_source, source_class


def test_registry_resolves_the_new_adapters(settings):
    assert {"apify", "huggingface", "producthunt"} <= set(SOURCE_NAMES)
    for name, cls, platform in [("apify", "ApifySource", "x"), ("huggingface", "HuggingfaceSource", "huggingface"),
                                ("producthunt", "ProducthuntSource", "producthunt")]:
        source = get_source(name, settings)
        assert type(source).__name__ == cls and source.name == name and source.platform == platform
        assert source_class(name) is type(source) and worker_kind(name) == "api"
        assert name in ROUTES[platform]
    assert ROUTES["x"] == ("x_api", "apify", "x_web")


def test_vendor_sdks_load_only_when_a_call_needs_them():
    code = ("import sys; from scout_core.sources import get_source; from scout_core.settings import Settings;"
            "s = Settings(_env_file=None); [get_source(n, s) for n in ('apify', 'huggingface', 'producthunt')];"
            "print('apify_client' in sys.modules, 'huggingface_hub' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_sandbox_app_mounts_the_new_routers(world):
    mounted = create_app(world).state.mounted
    assert (mounted["apify"], mounted["huggingface"], mounted["producthunt"]) == ("/apify", "/hf", "/producthunt")
