"""The source registry: names, lazy imports, unknown names."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scout_core.errors import ConfigurationError
from scout_core.sources import SOURCE_NAMES, get_source, source_class


def test_known_sources_resolve_to_their_adapters(settings):
    assert set(SOURCE_NAMES) >= {"x_api", "x_web", "github", "search"}
    for name in ("x_api", "github", "search"):
        source = get_source(name, settings)
        assert source.name == name and source.settings is settings
    assert source_class("x_web").__name__ == "XWebSource"


def test_unknown_source_lists_the_known_ones(settings):
    with pytest.raises(ConfigurationError) as info:
        get_source("myspace", settings)
    assert "myspace" in str(info.value) and "x_api" in str(info.value) and "github" in str(info.value)


def test_heavy_sdks_load_only_when_used():
    code = ("import sys; from scout_core.sources import get_source; from scout_core.settings import Settings;"
            "get_source('x_api', Settings(_env_file=None)); get_source('github', Settings(_env_file=None));"
            "print('github' in sys.modules, 'playwright' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
