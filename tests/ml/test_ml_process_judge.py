"""The pipeline's processing step uses the LLM judge when one is configured, and the five components otherwise."""

from __future__ import annotations

from datetime import timedelta

from scout_core.process import process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome, InternalProfile, Post, utcnow
from scout_core.settings import Settings


def _outcome(handle: str) -> EnrichmentOutcome:
    profile = InternalProfile(source_platform="x", handle=handle, source_id=str(abs(hash(handle)) % 10**9),
                              bio="Building open-source LLM agents.", followers_count=500,
                              recent_posts=[Post(post_id="1", text="Just shipped v0.3 of our agent framework",
                                                 created_at=utcnow() - timedelta(days=1), like_count=9)])
    return EnrichmentOutcome(candidate=Candidate(platform="x", handle=handle), profiles=[profile], source="x_api")


def _repo(tmp_path):
    from scout_core.store.migrate import upgrade
    from scout_core.store.repository import Repository

    url = f"sqlite:///{tmp_path / 'scout.db'}"
    upgrade(url)
    return Repository(url)


def test_configured_judge_scores_stored_builders(tmp_path, fake_chat):
    fake, url = fake_chat
    settings = Settings(data_dir=tmp_path, _env_file=None, llm={"base_url": url, "model": "fake-judge"})
    repo = _repo(tmp_path)
    report = process_outcomes(settings, repo, [_outcome("ada_builds")], "run-1")
    assert report.scored == 1 and len(fake.requests) == 1
    [row] = repo.builders()
    assert row["llm_score"] == 28 and row["score_rescaled"] is False
    assert "llm" in repo.cost_by_source()  # every judge call lands in the cost ledger


def test_without_a_judge_the_five_components_are_rescaled(tmp_path):
    repo = _repo(tmp_path)
    process_outcomes(Settings(data_dir=tmp_path, _env_file=None), repo, [_outcome("grace_ml")], "run-1")
    [row] = repo.builders()
    assert row["llm_score"] is None and row["score_rescaled"] is True
