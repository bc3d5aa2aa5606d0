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
