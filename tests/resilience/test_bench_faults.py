"""A small `scout bench faults` run: no profile lost or duplicated through an outage and a Redis crash."""

from __future__ import annotations

import pytest

from scout_core.bench.faults import BenchConfig, run_fault_bench, select_scenarios
from scout_core.errors import InputError

pytestmark = [pytest.mark.integration, pytest.mark.redis, pytest.mark.slow]


def test_outage_and_redis_restart_lose_and_duplicate_nothing(local_ray, settings):
    # x_api as the only X tier (no Apify, no browser): what the outage stops must end in the DLQ, not vanish.
    base = settings.model_copy(update={"apify": settings.apify.model_copy(update={"enabled": False})})
    config = BenchConfig(seed=5, size=150, limit=12, batch_size=4, browser_workers=0)
    results = {r.name: r for r in run_fault_bench(base, ["source_outage", "redis_restart"], config)}
    assert set(results) == {"source_outage", "redis_restart"}
    for result in results.values():
        assert result.candidates == 12
        assert (result.lost, result.duplicates) == (0, 0), result.as_dict()
        assert result.stored + result.dlq == result.candidates
    outage = results["source_outage"]
    assert outage.faults_injected["x_api"]["outage_connection"] >= 1
    assert outage.dlq >= 1 and outage.errors_by_kind.get("SourceUnavailableError", 0) == outage.dlq
    assert results["redis_restart"].dlq == 0


def test_an_unknown_scenario_is_refused_by_name():
    with pytest.raises(InputError, match="flood"):
        select_scenarios(["flood"])
