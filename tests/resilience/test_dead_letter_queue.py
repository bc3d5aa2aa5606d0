"""The dead-letter queue: the database alone, and Redis with the database mirror (real Redis)."""

from __future__ import annotations

import uuid

import pytest

from scout_core.deadletters import open_dead_letters
from scout_core.process import process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome


@pytest.fixture
def repo(settings):
    from scout_core.runtime import open_repository

    return open_repository(settings)


@pytest.fixture
def redis_settings(settings, redis_url):
    """Settings with Redis on and a private key prefix, removed afterwards."""
    s = settings.model_copy(update={"redis_url": redis_url, "dlq": settings.dlq.model_copy(
        update={"redis_prefix": f"scout-test:dlq:{uuid.uuid4().hex[:10]}"})})
    yield s
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete(*[k for k in client.scan_iter(match=s.dlq.redis_prefix + ":*")] or ["none"])
    client.close()


def _failed(handle: str, kind: str = "SourceUnavailableError") -> EnrichmentOutcome:
    return EnrichmentOutcome(candidate=Candidate(platform="x", handle=handle, topic="RAG"), source="x_api",
                             error=f"x_api [{handle}]: HTTP 503", error_kind=kind)


def test_database_only_queue_counts_attempts_and_suggests_an_action(settings, repo):
    dlq = open_dead_letters(settings, repo)
    assert dlq.redis is None
    assert dlq.add(Candidate(platform="x", handle="ada"), "boom", "LoginWallError") == 1
    assert dlq.add(Candidate(platform="x", handle="ada"), "boom again", "LoginWallError") == 2
    [letter] = dlq.list()
    assert (letter.candidate_key, letter.attempts, letter.error) == ("x:ada", 2, "boom again")
    assert "cookies" in letter.suggested_action
    assert dlq.mark_replayed("x:ada")
    assert dlq.list() == [] and len(dlq.list(include_replayed=True)) == 1


@pytest.mark.redis
def test_redis_side_holds_what_the_database_holds(redis_settings, repo):
    dlq = open_dead_letters(redis_settings, repo)
    dlq.add(Candidate(platform="x", handle="ada"), "503", "SourceUnavailableError")
    dlq.add(Candidate(platform="github", handle="bob"), "parse", "ParseError")
    dlq.add(Candidate(platform="x", handle="ada"), "503 again", "SourceUnavailableError")
    from_redis = dlq.list()
    assert dlq.last_read_from == "redis"
    assert [(d.candidate_key, d.attempts) for d in from_redis] == [("github:bob", 1), ("x:ada", 2)]
    assert [d.candidate_key for d in repo.list_dead_letters()] == ["github:bob", "x:ada"]
    assert dlq.redis.pending_keys(["x:ada", "x:zed"]) == {"x:ada"}
    dlq.mark_replayed("x:ada")
    assert [d.candidate_key for d in dlq.list()] == ["github:bob"]
    assert dlq.redis.get("x:ada").replayed_at is not None
    assert repo.pending_dead_letter_keys(["x:ada", "github:bob"]) == {"github:bob"}


@pytest.mark.redis
def test_a_redis_that_lost_its_data_is_mirrored_again_from_the_database(redis_settings, repo):
    dlq = open_dead_letters(redis_settings, repo)
    for handle in ("a1", "a2", "a3"):
        dlq.add(Candidate(platform="x", handle=handle), "503", "SourceUnavailableError")
    dlq.redis.destroy()  # as a restart without persistence would leave it
    assert [d.handle for d in dlq.list()] == ["a1", "a2", "a3"]
    assert dlq.last_read_from == "redis" and dlq.redis.mirrored()


def test_an_unreachable_redis_loses_no_letter(settings, repo):
    down = settings.model_copy(update={"redis_url": "redis://127.0.0.1:9/0"})
    dlq = open_dead_letters(down, repo)
    assert dlq.add(Candidate(platform="x", handle="ada"), "503", "SourceUnavailableError") == 1
    assert [d.candidate_key for d in dlq.list()] == ["x:ada"]
    assert dlq.last_read_from == "database"


@pytest.mark.redis
def test_processing_files_failed_outcomes_in_redis_and_the_database(redis_settings, repo):
    report = process_outcomes(redis_settings, repo, [_failed("ada"), _failed("bob", "BannedError")], "run-1")
    assert report.dead_letters == 2
    dlq = open_dead_letters(redis_settings, repo)
    assert sorted(d.candidate_key for d in dlq.redis.pending()) == ["x:ada", "x:bob"]
    assert {d.candidate_key: d.error_kind for d in repo.list_dead_letters()} == {
        "x:ada": "SourceUnavailableError", "x:bob": "BannedError"}
    assert dlq.redis.get("x:ada").payload["topic"] == "RAG"  # the candidate as found, for replay


def test_a_dead_lettered_candidate_stored_later_leaves_the_queue(settings, repo):
    from scout_core.schema import InternalProfile

    process_outcomes(settings, repo, [_failed("ada_ok")], "run-1")
    assert [d.candidate_key for d in repo.list_dead_letters()] == ["x:ada_ok"]
    profile = InternalProfile(source_platform="x", handle="ada_ok", source_id="42", display_name="Ada")
    stored = EnrichmentOutcome(candidate=Candidate(platform="x", handle="ada_ok"), source="x_api", profiles=[profile])
    assert process_outcomes(settings, repo, [stored], "run-2").stored == 1
    assert repo.list_dead_letters() == []
    assert repo.list_dead_letters(include_replayed=True)[0].replayed_at is not None
