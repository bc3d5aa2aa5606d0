"""Letters no replay can help (not found, suspended, invalid handle) are closed with their reason, never
replayed again, stay seen, and show as closed; the rest are replayed. On the database alone and with Redis."""

from __future__ import annotations

import json
import uuid

import pytest
from typer.testing import CliRunner

from scout_core.deadletters import open_dead_letters, replay_dead_letters
from scout_core.deadletters.policy import closing_reason
from scout_core.process import process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome

FAILURES = {  # handle -> (error kind, error)
    "gone": ("NotFoundError", "x_api [gone]: Could not find user with usernames: [gone]."),
    "banned_user": ("PermanentSourceError", "x_api [banned_user]: User has been suspended: [banned_user]."),
    "bad_handle": ("InvalidHandleError", "invalid x handle 'bad handle': spaces"),
    "slow": ("SourceUnavailableError", "x_api [slow]: HTTP 503"),
    "walled": ("LoginWallError", "x_web [walled]: login wall"),
    "drifted": ("ParseError", "x_web [drifted]: no UserName (field 'name')"),
}


class RecordingPool:
    """Stands in for the Ray pool: records what it is asked to enrich and fails it again (no profiles)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def enrich(self, candidates):
        self.asked += [c.handle for c in candidates]
        return [EnrichmentOutcome(candidate=c, source="x_api", error="HTTP 503", error_kind="SourceUnavailableError")
                for c in candidates]


@pytest.fixture(params=["database", "redis"])
def dlq_settings(request, settings):
    if request.param == "database":
        yield settings
        return
    redis_url = request.getfixturevalue("redis_url")
    s = settings.model_copy(update={"redis_url": redis_url, "dlq": settings.dlq.model_copy(
        update={"redis_prefix": f"scout-test:dlq:{uuid.uuid4().hex[:10]}"})})
    yield s
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete(*[k for k in client.scan_iter(match=s.dlq.redis_prefix + ":*")] or ["none"])
    client.close()


@pytest.fixture
def filed(dlq_settings):
    from scout_core.runtime import open_repository

    repo = open_repository(dlq_settings)
    outcomes = [EnrichmentOutcome(candidate=Candidate(platform="x", handle=h), source="x_api", error=e, error_kind=k)
                for h, (k, e) in FAILURES.items()]
    process_outcomes(dlq_settings, repo, outcomes, "run-0")
    return repo


def test_replay_closes_the_hopeless_letters_and_replays_only_the_retryable(dlq_settings, filed):
    pool = RecordingPool()
    report = replay_dead_letters(dlq_settings, filed, "run-1", pool=pool)
    assert sorted(pool.asked) == ["drifted", "slow", "walled"]
    assert (report.closed, report.selected) == (3, 3)
    assert report.closed_by_reason == {"account not found": 1, "account suspended": 1, "invalid handle": 1}
    dlq = open_dead_letters(dlq_settings, filed)
    by_handle = {d.handle: d for d in dlq.list()}
    assert {h: d.status for h, d in by_handle.items()} == {
        "gone": "closed", "banned_user": "closed", "bad_handle": "closed",
        "slow": "open", "walled": "open", "drifted": "open"}
    assert by_handle["gone"].closed_reason.startswith("account not found (NotFoundError): x_api [gone]")
    assert sorted(d.handle for d in dlq.list(include_closed=False)) == ["drifted", "slow", "walled"]

    again = RecordingPool()
    second = replay_dead_letters(dlq_settings, filed, "run-2", pool=again)
    assert sorted(again.asked) == ["drifted", "slow", "walled"] and second.closed == 0  # closed stay closed
    # Closed candidates stay seen: the pipeline does not rediscover and retry them.
    assert filed.pending_dead_letter_keys(["x:gone", "x:slow"]) == {"x:gone", "x:slow"}


def test_a_closed_candidate_that_fails_anew_is_open_again(dlq_settings, filed):
    replay_dead_letters(dlq_settings, filed, "run-1", pool=RecordingPool())
    refiled = EnrichmentOutcome(candidate=Candidate(platform="x", handle="gone"), source="x_api",
                                error="x_api [gone]: HTTP 503", error_kind="SourceUnavailableError")
    process_outcomes(dlq_settings, filed, [refiled], "run-2")
    letter = next(d for d in filed.list_dead_letters() if d.handle == "gone")
    assert (letter.status, letter.closed_reason, letter.attempts) == ("open", None, 2)


def test_a_session_ban_is_not_an_account_suspension():
    from scout_core.schema import utcnow
    from scout_core.store.operations import DeadLetter

    now = utcnow()
    letter = DeadLetter("x:a", "x", "a", "x_web [a]: session suspended by X", "BannedError", 1, now, now,
                        None, None, None)
    assert closing_reason(letter) is None  # rotate the session and replay: the account is fine


def test_dlq_list_shows_closed_letters_as_closed(dlq_settings, filed, monkeypatch):
    from scout_core.cli.common import console
    from scout_core.cli.dlq import dlq_app

    monkeypatch.setattr(console, "width", 250)  # one line per letter, so each cell reads whole

    replay_dead_letters(dlq_settings, filed, "run-1", pool=RecordingPool())
    env = {"SCOUT_DATA_DIR": str(dlq_settings.data_dir)}
    if dlq_settings.redis_url:
        env |= {"SCOUT_REDIS_URL": dlq_settings.redis_url, "SCOUT_DLQ__REDIS_PREFIX": dlq_settings.dlq.redis_prefix}
    rows = json.loads(CliRunner().invoke(dlq_app, ["list", "--json"], env=env, catch_exceptions=False).output)
    status = {r["handle"]: r["status"] for r in rows}
    assert status["gone"] == "closed" and status["slow"] == "open" and len(rows) == 6
    assert next(r for r in rows if r["handle"] == "banned_user")["closed_reason"].startswith("account suspended")
    table = CliRunner().invoke(dlq_app, ["list"], env=env, catch_exceptions=False).output
    assert "closed: account not found" in table and "closed: invalid handle" in table
    assert "closed: account suspended" in table and "none: closed, no replay can help" in table
    opened = CliRunner().invoke(dlq_app, ["list", "--open", "--json"], env=env, catch_exceptions=False).output
    assert sorted(r["handle"] for r in json.loads(opened)) == ["drifted", "slow", "walled"]
