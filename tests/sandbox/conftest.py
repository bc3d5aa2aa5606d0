"""Shared sandbox fixtures: one live world (day-0 world plus its history) per session.

Tests that move a clock build their own ``LiveWorld`` over the shared history, so they never see
each other's time.
"""

from __future__ import annotations

import pytest

from scout_core.sandbox.history import History, generate_history
from scout_core.sandbox.live import LiveWorld
from scout_core.sandbox.world import generate_world

LIVE_SEED, LIVE_SIZE = 7, 1500


@pytest.fixture(scope="session")
def history() -> History:
    return generate_history(generate_world(LIVE_SEED, LIVE_SIZE))


@pytest.fixture
def live(history: History) -> LiveWorld:
    """A live world at day 0 with a clock of its own."""
    return LiveWorld(history)
