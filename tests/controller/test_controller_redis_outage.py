"""Controller state on Redis: a short restart is ridden out; a dead Redis is a StoreError, not a raw redis error."""

from __future__ import annotations

import threading
import time

import pytest

from scout_core.bench.private_redis import PrivateRedis
from scout_core.enrich.state import Event
from scout_core.enrich.state_redis import RedisState
from scout_core.errors import StoreError

pytestmark = pytest.mark.redis


def test_events_survive_a_redis_restart():
    with PrivateRedis() as server:
        state = RedisState(server.url, prefix="t-outage")
        state.add_event("x_api", Event(time.time(), True, 0.1), keep_s=60)
        server.kill()
        back = threading.Timer(1.0, server.start)  # Redis returns while the write below is retrying
        back.start()
        state.add_event("x_api", Event(time.time(), False, 0.2, "SourceUnavailableError"), keep_s=60)
        back.join()
        kinds = [e.kind for e in state.events("x_api", 0)]
        assert "SourceUnavailableError" in kinds


def test_a_dead_redis_is_a_store_error():
    with PrivateRedis() as server:
        state = RedisState(server.url, prefix="t-dead")
        server.kill()
        with pytest.raises(StoreError) as info:
            state.add_event("x_api", Event(time.time(), True, 0.1), keep_s=60)
        assert "add_event" in str(info.value)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_dead_redis_degrades_to_this_process_with_a_warning_and_redis_is_asked_again(caplog):
    from scout_core.enrich.state_fallback import FallbackState

    clock = Clock()
    with PrivateRedis() as server:
        state = FallbackState(server.url, prefix="t-fallback", retry_s=30, clock=clock)
        state.add_event("x_api", Event(time.time(), True, 0.1), keep_s=60)
        server.kill()
        state.add_event("x_api", Event(time.time(), False, 0.2, "SourceUnavailableError"), keep_s=60)  # no raise
        assert state.degraded
        assert [e.kind for e in state.events("x_api", 0)] == ["SourceUnavailableError"]  # this process's
        assert state.breaker_record("x_api", False, time.time(), threshold=1) == "open"
        server.restart(empty=True)
        clock.now += 10
        assert state.degraded and state.breaker_state("x_api")[0] == "open"  # not asked again yet
        clock.now += 30
        assert state.breaker_state("x_api")[0] == "closed"  # Redis's again (it came back empty)
        assert not state.degraded
        state.close()
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert sum("going on with this process's state" in m for m in said) == 1
    assert sum("answers again" in m for m in said) == 1


def test_a_redis_down_when_the_run_starts_does_not_stop_it():
    from scout_core.enrich.state_fallback import FallbackState

    with PrivateRedis() as server:
        url = server.url
        server.kill()
        state = FallbackState(url, prefix="t-down", retry_s=3600)
        assert state.degraded
        assert state.add_amount_capped("spend", 0.4, cap=1.0, ttl_s=60, floor=0.5)
        assert not state.add_amount_capped("spend", 0.2, cap=1.0, ttl_s=60)
