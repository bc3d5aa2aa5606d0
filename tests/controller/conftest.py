"""Controller tests: every mechanism on both backends (in-process, and the real Redis with a private prefix)."""

from __future__ import annotations

import uuid

import pytest

from scout_core.enrich.state import LocalState


class FakeClock:
    """A clock the test moves by hand: no sleeps, no timing."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def prefix() -> str:
    return f"scout:test:ctl:{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["local", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request, prefix):
    """A factory of states on one backend; every state it makes shares the backend (two 'processes')."""
    made = []
    if request.param == "local":
        shared = LocalState(prefix)

        def make():
            return shared
    else:
        url = request.getfixturevalue("redis_url")
        from scout_core.enrich.state_redis import RedisState

        def make():
            state = RedisState(url, prefix)
            made.append(state)
            return state
    yield make
    for state in made[:1]:
        state.clear()
    for state in made:
        state.close()
