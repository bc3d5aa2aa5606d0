"""A worker call's warnings and errors travel back with its result (actors log where no operator looks)."""

from __future__ import annotations

import asyncio
import logging

import pytest
import ray

from scout_core.enrich.enricher import BatchResult, Enricher
from scout_core.enrich.pool import RayExecutor, _Kind
from scout_core.enrich.worker_logs import MAX_RECORDS, collecting_logs
from scout_core.schema import Candidate, EnrichmentOutcome, InternalProfile, RawPayload
from scout_core.sources.base import Source

log = logging.getLogger("scout_core.sources.noisy")


class NoisySource(Source):
    name = "github"
    platform = "github"

    async def fetch_profile(self, handle: str) -> RawPayload:
        log.warning("secondary rate limit close for %s", handle)
        log.info("not collected: below WARNING")
        raise RuntimeError(f"boom {handle}")

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        return []


def test_records_logged_by_concurrent_candidates_come_back_with_the_batch(settings, monkeypatch):
    enricher = Enricher(settings)
    monkeypatch.setattr(enricher, "source", lambda name: NoisySource(settings))
    cands = [Candidate(platform="github", handle=h) for h in ("ada", "grace")]
    result = asyncio.run(enricher.enrich_batch(cands, "github"))
    messages = sorted(r["message"] for r in result.logs)
    assert messages == ["secondary rate limit close for ada", "secondary rate limit close for grace"]
    assert {r["level"] for r in result.logs} == {logging.WARNING}
    assert BatchResult.from_wire(result.to_wire()).logs == result.logs  # survives the trip to the driver


def test_collection_is_bounded_and_nothing_is_collected_outside_a_call():
    log.warning("outside any call")  # no sink: dropped, not kept for a later call
    with collecting_logs() as records:
        for i in range(MAX_RECORDS + 10):
            log.error("failure %d", i)
    assert len(records) == MAX_RECORDS and records[0]["message"] == "failure 0"


@ray.remote
class _LoggingActor:
    async def enrich_batch(self, candidates, tier, session=None):
        with collecting_logs() as logs:
            logging.getLogger("scout_core.sources.remote").warning("quota almost spent on %s", tier)
        outcomes = [EnrichmentOutcome(candidate=Candidate.model_validate(c), source=tier) for c in candidates]
        return BatchResult(outcomes, logs=logs).to_wire()


@pytest.mark.integration
def test_an_actors_warning_reaches_the_driver_and_a_dead_actor_is_reported(local_ray):
    actor = _LoggingActor.remote()
    executor = RayExecutor({"api": _Kind(actors=[actor], capacity=1)}, browser_pages=0)
    cands = [Candidate(platform="github", handle="ada")]
    executor.result(executor.submit("github", cands, None), "github", cands)
    ray.kill(actor, no_restart=True)
    executor.result(executor.submit("github", cands, None), "github", cands)
    first, second = executor.worker_logs
    assert first == {"level": logging.WARNING, "logger": "scout_core.sources.remote", "where": "api-0 github",
                     "message": "quota almost spent on github"}
    assert second["level"] == logging.ERROR and "worker died" in second["message"]
