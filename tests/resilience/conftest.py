"""A small generated sandbox world served with live fault knobs, shared by the resilience tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def faulty_sandbox():
    """(world, server, faults); the knobs are cleared after every test that uses ``faults``."""
    from scout_core.sandbox.faults import Faults
    from scout_core.sandbox.server import SandboxServer
    from scout_core.sandbox.world import generate_world

    world = generate_world(seed=21, size=80)
    faults = Faults(seed=3)
    with SandboxServer(world, faults=faults) as server:
        yield world, server, faults


@pytest.fixture
def faults(faulty_sandbox):
    _, _, knobs = faulty_sandbox
    knobs.clear()
    yield knobs
    knobs.clear()


@pytest.fixture
def sandbox_settings(settings, faulty_sandbox):
    """Settings with every source pointed at the faulty sandbox, short timeouts."""
    from scout_core.sandbox.wiring import point_settings_at

    _, server, _ = faulty_sandbox
    s = point_settings_at(settings, server.base_url)
    quick = {name: s.source(name).model_copy(update={"timeout_s": 1.0}) for name in ("x_api", "github", "search")}
    return s.model_copy(update={**quick, "x_web": s.x_web.model_copy(update={"page_timeout_s": 3.0})})
