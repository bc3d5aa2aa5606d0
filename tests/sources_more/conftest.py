"""A generated sandbox world served over real HTTP for the Apify, Hugging Face and Product Hunt adapters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scout_core.sandbox.model import World
from scout_core.sandbox.server import SandboxServer, create_app
from scout_core.sandbox.wiring import point_settings_at
from scout_core.sandbox.world import generate_world

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"  # ../shared next to the repo
WORLD_SEED = 11


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def sample_dir(source: str) -> Path:
    """A folder of real samples, or a clean skip where ../shared is not checked out."""
    folder = SAMPLES / source
    if not folder.is_dir():
        pytest.skip(f"samples not available at {folder}")
    return folder


def ph_viewer(world: World) -> str:
    """The maker the sandbox token belongs to: the first one with several launches."""
    return next(p.producthunt.username for p in world.people if p.producthunt and len(p.producthunt.launches) > 1)


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(WORLD_SEED, size=200)


@pytest.fixture(scope="session")
def sandbox_base(world) -> Iterator[str]:
    app = create_app(world, router_options={"producthunt": {"viewer": ph_viewer(world)}})
    with SandboxServer(world, app=app) as server:
        yield server.base_url


@pytest.fixture
def sandbox_settings(settings, sandbox_base):
    return point_settings_at(settings, sandbox_base)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
