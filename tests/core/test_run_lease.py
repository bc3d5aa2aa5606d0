"""One run at a time per database: a second run waits or refuses; a dead run's lease expires and its batch resumes."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from scout_core.errors import RunInProgressError
from scout_core.lease import LEASE_NAME, held_lease, release_run_lease, take_run_lease, wait_for_free_lease
from scout_core.schema import utcnow
from scout_core.settings import LeaseSettings
from scout_core.store import Repository

QUICK = LeaseSettings(ttl_s=5, wait_s=60)


@pytest.fixture
def repos(store_url):
    """Two repositories on the same store with their own connections: two runs' processes."""
    made = [Repository(store_url), Repository(store_url)]
    yield made
    for run in ("run-a", "run-b", "run-dead"):
        release_run_lease(run)
    for repo in made:
        repo.close()


def test_a_second_run_with_no_wait_is_refused_naming_the_holder(repos):
    first, second = repos
    take_run_lease(first, "run-a", QUICK)
    with pytest.raises(RunInProgressError) as info:
        take_run_lease(second, "run-b", QUICK, wait=False)
    assert "run-a" in str(info.value) and "--no-wait" in str(info.value)
    assert first.current_lease(LEASE_NAME).holder == "run-a"


def test_a_second_run_waits_with_a_message_then_takes_the_lease(repos):
    first, second = repos
    take_run_lease(first, "run-a", QUICK)
    messages = []

    def told(message: str) -> None:
        messages.append(message)
        release_run_lease("run-a")  # the first run finishes while the second waits

    take_run_lease(second, "run-b", QUICK, wait=True, on_wait=told)
    assert len(messages) == 1 and "waiting for run-a" in messages[0]
    assert second.current_lease(LEASE_NAME).holder == "run-b"


def test_the_wait_is_bounded_by_the_setting(repos):
    first, second = repos
    take_run_lease(first, "run-a", QUICK)
    with pytest.raises(RunInProgressError, match="SCOUT_LEASE__WAIT_S"):
        take_run_lease(second, "run-b", LeaseSettings(ttl_s=5, wait_s=0))


def test_racing_runs_never_both_hold_the_lease(store_url):
    repos = [Repository(store_url) for _ in range(6)]
    winners, start = [], threading.Barrier(len(repos))

    def race(i: int) -> None:
        start.wait()
        state = repos[i].take_lease(LEASE_NAME, f"run-{i}", ttl_s=60)
        if state.holder == f"run-{i}":
            winners.append(i)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(repos))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    assert repos[0].current_lease(LEASE_NAME).holder == f"run-{winners[0]}"
    for repo in repos:
        repo.close()


def test_a_dead_runs_lease_expires_and_it_is_marked_crashed(repos):
    first, second = repos
    long_ago = utcnow() - timedelta(minutes=10)
    first.start_run("run-dead", {})
    assert first.take_lease(LEASE_NAME, "run-dead", ttl_s=60, now=long_ago).holder == "run-dead"  # then it died

    take_run_lease(second, "run-b", QUICK, wait=False)  # no wait needed: the dead run's lease expired

    assert second.current_lease(LEASE_NAME).holder == "run-b"
    dead = second.get_run("run-dead")
    assert dead is not None and dead.status == "crashed" and dead.finished_at is not None


def test_a_live_holder_keeps_its_lease_by_heartbeat(repos):
    first, second = repos
    lease = take_run_lease(first, "run-a", LeaseSettings(ttl_s=5, wait_s=0))
    before = first.current_lease(LEASE_NAME).expires_at
    assert lease.beat()  # what the heartbeat thread does every ttl/4
    assert first.current_lease(LEASE_NAME).expires_at >= before
    assert held_lease("run-a") is lease and not lease.lost
    assert not second.renew_lease(LEASE_NAME, "run-b", 5)  # only the holder renews


def test_a_run_that_lost_its_lease_stops_taking_work(repos):
    first, second = repos
    lease = take_run_lease(first, "run-a", QUICK)
    lease.check()  # held: go on
    first.release_lease(LEASE_NAME, "run-a")  # as if it had expired while the process was frozen
    second.take_lease(LEASE_NAME, "run-b", ttl_s=60)
    assert not lease.beat() and lease.lost
    with pytest.raises(RunInProgressError, match="lost the run lease"):
        lease.check()


def test_the_cli_pre_check_refuses_or_waits_in_one_line(repos):
    first, second = repos
    take_run_lease(first, "run-a", QUICK)
    with pytest.raises(RunInProgressError, match="run-a"):
        wait_for_free_lease(second, QUICK, wait=False, on_wait=print)
    told = []
    wait_for_free_lease(second, QUICK, wait=True, on_wait=lambda m: (told.append(m), release_run_lease("run-a")))
    assert told and second.current_lease(LEASE_NAME) is None


def test_a_dead_runs_batch_resumes_in_the_run_that_takes_its_lease(tmp_path):
    from scout_core.queue.journal import open_journal
    from scout_core.runtime import open_repository, prepare_run
    from scout_core.schema import Candidate
    from scout_core.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", _env_file=None).model_copy(
        update={"lease": QUICK, "sandbox": Settings(_env_file=None).sandbox.model_copy(update={"mode": "off"})})
    repo = open_repository(settings)
    repo.start_run("run-dead", {})
    repo.take_lease(LEASE_NAME, "run-dead", ttl_s=60, now=utcnow() - timedelta(minutes=5))
    left = [Candidate(platform="github", handle=f"left-{i}") for i in range(3)]
    open_journal(repo.engine).begin(left)  # in flight when run-dead died

    ctx = prepare_run(settings, {}, wait=False)
    try:
        resumed = open_journal(repo.engine).resume()
        assert sorted(c.handle for c in resumed.candidates) == ["left-0", "left-1", "left-2"]
        assert repo.get_run("run-dead").status == "crashed"
        assert repo.current_lease(LEASE_NAME).holder == ctx.run_id
    finally:
        release_run_lease(ctx.run_id)
    assert repo.current_lease(LEASE_NAME) is None
