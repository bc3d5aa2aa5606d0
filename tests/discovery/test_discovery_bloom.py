"""The Bloom filter: sizing, no false negatives, measured false-positive rate, persistence, atomic adds."""

from __future__ import annotations

import math
import random
import threading

import pytest

from scout_core.discovery.bloom import (
    MAX_BITS,
    FallbackBloom,
    MemoryBloom,
    RedisBloom,
    bloom_shape,
    measure_false_positive_rate,
    positions,
)
from scout_core.discovery.seen import benchmark_false_positives, bloom_path, open_bloom
from scout_core.errors import ConfigurationError


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def make_bloom(request):
    """A factory of empty filters of a given shape, in process or on the real Redis."""
    if request.param == "memory":
        return lambda shape: MemoryBloom(shape)
    client, prefix = request.getfixturevalue("redis_client"), request.getfixturevalue("redis_prefix")
    names = iter(range(1_000))
    return lambda shape: RedisBloom(shape, client, name=f"b{next(names)}", prefix=prefix)


def test_sizing_follows_the_formulas():
    shape = bloom_shape(100_000, 0.01)
    assert shape.bits == math.ceil(-100_000 * math.log(0.01) / math.log(2) ** 2) == 958_506
    assert shape.hashes == round(958_506 / 100_000 * math.log(2)) == 7
    tighter = bloom_shape(100_000, 0.001)
    assert tighter.bits > shape.bits and tighter.hashes == 10
    assert shape.expected_fp_rate(100_000) == pytest.approx(0.01, rel=0.01)


@pytest.mark.parametrize("n, p, word", [(0, 0.01, "at least 1"), (10, 0.0, "between 0 and 1"),
                                        (10, 1.0, "between 0 and 1"), (10**9, 1e-9, "limit")])
def test_impossible_sizes_are_refused(n, p, word):
    with pytest.raises(ConfigurationError, match=word):
        bloom_shape(n, p)
    assert MAX_BITS == 2**32


def test_positions_are_k_distinct_stable_and_in_range():
    shape = bloom_shape(1_000, 0.01)
    spots = positions("x:ada_builds", shape)
    assert spots == positions("x:ada_builds", shape)  # same key, same bits: every process agrees
    assert len(spots) == shape.hashes and len(set(spots)) == shape.hashes
    assert all(0 <= p < shape.bits for p in spots)
    assert positions("x:ada_builds2", shape) != spots


def test_no_false_negatives(make_bloom):
    bloom = make_bloom(bloom_shape(5_000, 0.01))
    keys = [f"github:user{i}" for i in range(5_000)]
    assert not any(bloom.contains(keys[:10]))  # an empty filter holds nothing
    first = bloom.add(keys)
    assert sum(first) < 5_000 * 0.02  # nearly all were new (a few collide with earlier adds)
    assert all(bloom.contains(keys))
    assert all(bloom.add(keys[:100]))  # adding again: all present
    assert bloom.count() == 5_000 - sum(first)


def test_measured_false_positive_rate_is_within_ten_percent_of_configured(make_bloom):
    bloom = make_bloom(bloom_shape(100_000, 0.01))
    report = measure_false_positive_rate(bloom, probes=100_000)
    assert report.items == 100_000 and report.configured == 0.01
    assert report.relative_error <= 0.10, report
    assert report.predicted == pytest.approx(0.01, rel=0.05)


def test_clear_empties_the_filter(make_bloom):
    bloom = make_bloom(bloom_shape(1_000, 0.01))
    bloom.add(["x:a", "x:b"])
    bloom.clear()
    assert bloom.contains(["x:a", "x:b"]) == [False, False] and bloom.count() == 0


def test_in_process_filter_survives_a_restart(tmp_path):
    shape, path = bloom_shape(10_000, 0.01), tmp_path / "bloom" / "seen.bloom"
    bloom = MemoryBloom(shape, path)
    bloom.add([f"x:person{i}" for i in range(500)])
    assert not path.exists()  # nothing written until persisted
    bloom.persist()
    reopened = MemoryBloom(shape, path)
    assert all(reopened.contains([f"x:person{i}" for i in range(500)]))
    assert reopened.count() == bloom.count() >= 495
    assert not any(p.suffix == ".tmp" for p in path.parent.iterdir())


def test_a_saved_filter_of_another_shape_is_not_read(tmp_path):
    path = tmp_path / "seen.bloom"
    old = MemoryBloom(bloom_shape(10_000, 0.01), path)
    old.add(["x:ada"])
    old.persist()
    resized = MemoryBloom(bloom_shape(20_000, 0.01), path)
    assert resized.contains(["x:ada"]) == [False] and resized.count() == 0
    path.write_bytes(b"garbage")
    assert MemoryBloom(bloom_shape(10_000, 0.01), path).count() == 0


def test_open_bloom_chooses_by_redis_url(settings):
    memory = open_bloom(settings)
    assert isinstance(memory, MemoryBloom) and memory.path == bloom_path(settings).resolve()
    assert open_bloom(settings) is memory  # one filter (and one lock) per file in a process
    assert memory.shape == bloom_shape(settings.discovery.bloom_expected_items, settings.discovery.bloom_fp_rate)


@pytest.mark.redis
def test_open_bloom_on_redis_uses_the_named_key(settings, redis_url, redis_client):
    name = f"test-open-{random.randrange(10**9)}"
    cfg = settings.discovery.model_copy(update={"bloom_name": name, "bloom_expected_items": 10_000})
    remote = open_bloom(settings.model_copy(update={"redis_url": redis_url, "discovery": cfg}))
    try:
        assert isinstance(remote, FallbackBloom) and name in remote.inner.bits_key  # a Redis outage stops nothing
        remote.add(["x:ada"])
        assert redis_client.exists(remote.inner.bits_key) and remote.count() == 1
    finally:
        remote.clear()


def test_add_and_check_is_atomic_under_concurrent_adds(make_bloom):
    """Eight workers add the same keys in different orders: each key is new to exactly one of them."""
    bloom = make_bloom(bloom_shape(100_000, 1e-6))  # roomy: no false positive muddles the count
    keys = [f"x:handle{i}" for i in range(3_000)]
    firsts: list[list[str]] = []
    start = threading.Barrier(8)

    def worker(seed: int) -> None:
        mine = keys[:]
        random.Random(seed).shuffle(mine)
        start.wait()
        new: list[str] = []
        for i in range(0, len(mine), 50):
            chunk = mine[i:i + 50]
            new += [k for k, present in zip(chunk, bloom.add(chunk), strict=True) if not present]
        firsts.append(new)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [k for new in firsts for k in new]
    assert sorted(claimed) == sorted(keys)  # every key claimed once, none twice
    assert bloom.count() == len(keys)


@pytest.mark.parametrize("backend", ["memory", pytest.param("redis", marks=pytest.mark.redis)])
def test_benchmark_reports_the_rate_on_the_configured_backend(settings, backend, request):
    if backend == "redis":
        settings = settings.model_copy(update={"redis_url": request.getfixturevalue("redis_url")})
    report = benchmark_false_positives(settings, items=20_000, fp_rate=0.02, probes=50_000)
    assert report.configured == 0.02 and report.items == 20_000 and report.relative_error <= 0.10
