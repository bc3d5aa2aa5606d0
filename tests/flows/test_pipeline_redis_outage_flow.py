"""Redis dies mid-run and comes back empty: the run goes on without it, and no candidate is lost.

A private redis-server (never the shared one) is SIGKILLed right after the first batch is enriched;
the run stores that batch and enriches the next on in-process state, then is killed mid-batch itself.
Redis restarts with nothing in it, and the next run resumes the batch from the database's journal.
Every candidate handed out ends up stored or dead-lettered.
"""

from __future__ import annotations

import logging

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.slow, pytest.mark.redis]


class KilledMidBatch(RuntimeError):
    """The run's process dying while a batch is in flight."""


def test_a_redis_outage_neither_stops_the_run_nor_loses_work_in_flight(prefect_harness, local_ray, tmp_path,
                                                                       monkeypatch, caplog):
    from flows.pipeline import pipeline
    from scout_core.bench.private_redis import PrivateRedis
    from scout_core.enrich.pool import EnrichmentPool
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_RAY__NAMESPACE", "scout-tests")
    monkeypatch.setenv("SCOUT_PIPELINE__BATCH_SIZE", "4")
    enrich, calls, outcomes = EnrichmentPool.enrich, [], {}
    scout_log = logging.getLogger("scout_core")  # Prefect's logging set-up keeps its records from the root
    scout_log.addHandler(caplog.handler)

    with PrivateRedis() as server:
        monkeypatch.setenv("SCOUT_REDIS_URL", server.url)

        def enrich_then_fail(self, candidates, on_done=None):
            done = enrich(self, candidates, on_done)
            calls.append([c.key for c in candidates])
            outcomes.update({o.candidate.key: o for o in done})
            if len(calls) == 1:
                server.kill()  # Redis dies: the rest of this run has none
            elif len(calls) == 2:
                raise KilledMidBatch("the run's process died with its second batch enriched, not stored")
            return done

        monkeypatch.setattr(EnrichmentPool, "enrich", enrich_then_fail)
        with pytest.raises(KilledMidBatch):
            pipeline(limit=12, world_seed=5, world_size=200)
        server.restart(empty=True)  # back, with nothing: whatever was journaled in Redis is gone
        second = pipeline(limit=12, world_seed=5, world_size=200)

    settings = Settings()
    repo = open_repository(settings, migrate=False)
    first_batch, in_flight = calls[0], calls[1]
    assert second["resumed"] == len(in_flight) and calls[2][:len(in_flight)] == in_flight
    handed = {key for call in calls for key in call}
    stored = {key for key in handed if outcomes[key].ok
              and all(repo.get_profile(p.source_platform, p.handle) is not None for p in outcomes[key].profiles)}
    dead = repo.pending_dead_letter_keys(handed)
    assert stored | dead == handed and not stored & dead  # candidates = stored + dead-lettered
    assert set(first_batch) <= stored | dead  # stored while Redis was down
    from scout_core.queue.journal import open_journal

    journal = open_journal(repo.engine).queue
    assert (journal.pending(), journal.backlog()) == (0, 0)
    scout_log.removeHandler(caplog.handler)
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("going on with this process's state" in m for m in said)
