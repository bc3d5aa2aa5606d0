"""A candidate runs keep dying on is dead-lettered by the resume task, not dropped with a log line."""

from __future__ import annotations


def test_poison_candidates_are_dead_lettered_then_let_go(prefect_harness, tmp_path, monkeypatch):
    from prefect import flow

    from scout_core.deadletters import open_dead_letters
    from scout_core.queue.journal import open_journal
    from scout_core.runtime import RunContext, open_repository
    from scout_core.schema import Candidate
    from scout_core.settings import Settings
    from tasks.queue import resume_task

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_QUEUE__MAX_DELIVERIES", "1")
    monkeypatch.delenv("SCOUT_REDIS_URL", raising=False)
    settings = Settings()
    repo = open_repository(settings)
    poison = Candidate(platform="github", handle="crashes-workers", discovered_via="contributor", priority=0.5)
    open_journal(repo.engine).begin([poison])  # delivery 1: the run that died
    ctx = RunContext(settings=settings, run_id="r-test")
    resume = flow(name="resume-only")(lambda: resume_task(ctx))

    first = resume()  # delivery 2 > max_deliveries 1
    assert first.candidates == [] and [c.key for c, _, _ in first.given_up] == [poison.key]
    letters = open_dead_letters(settings, repo).list()
    assert [(x.candidate_key, x.error_kind) for x in letters] == [(poison.key, "PoisonCandidate")]
    assert "2 runs" in letters[0].error
    queue = open_journal(repo.engine).queue
    assert (queue.pending(), queue.backlog()) == (0, 0)
    assert resume().given_up == []
