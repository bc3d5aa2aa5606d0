"""The sandbox's deterministic chat-completions judge, and the LLM path run end to end against it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scout_core.process import process_outcomes
from scout_core.runtime import open_repository
from scout_core.sandbox.server import SandboxServer
from scout_core.sandbox.wiring import point_settings_at
from scout_core.sandbox.world import generate_world
from scout_core.schema import AccountKind, Candidate, Classification, EnrichmentOutcome, InternalProfile, Post, utcnow
from scout_core.scoring.judge import judge_profile
from scout_core.scoring.llm import make_llm_judge
from scout_core.settings import Settings


@pytest.fixture(scope="module")
def sandbox_url():
    with SandboxServer(generate_world(seed=4, size=20)) as server:
        yield server.base_url


def _settings(tmp_path, url: str, **llm) -> Settings:
    base = Settings(data_dir=tmp_path, _env_file=None, sandbox={"llm": True}, llm=llm)
    return point_settings_at(base, url)


def _profile(handle: str, bio: str, posts: list[str]) -> InternalProfile:
    return InternalProfile(source_platform="x", handle=handle, source_id=str(abs(hash(handle)) % 10**9), bio=bio,
                           followers_count=700, recent_posts=[
                               Post(post_id=f"{handle}{i}", text=t, created_at=utcnow() - timedelta(days=1 + i),
                                    like_count=5) for i, t in enumerate(posts)])


BUILDER = _profile("ada_builds", "Founder. Building LLM agents.",
                   ["We shipped v0.3 of our agent framework", "gm", "our RAG demo is live"])
BOT = _profile("digestbot", "This account is run by an AI. Founder-grade summaries of arXiv.",
               ["We released a summary of a new paper on arXiv"])


def test_the_setting_points_the_judge_at_the_sandbox_unless_an_endpoint_is_configured(tmp_path, sandbox_url):
    assert _settings(tmp_path, sandbox_url).llm.base_url == sandbox_url.rstrip("/") + "/llm/v1"
    mine = _settings(tmp_path, sandbox_url, base_url="http://127.0.0.1:9/v1", model="mine")
    assert mine.llm.base_url == "http://127.0.0.1:9/v1" and mine.llm.model == "mine"
    off = point_settings_at(Settings(data_dir=tmp_path, _env_file=None), sandbox_url)
    assert not off.llm.configured


def test_the_judge_returns_kind_first_person_evidence_and_a_label_deterministically(tmp_path, sandbox_url):
    judge = make_llm_judge(_settings(tmp_path, sandbox_url))
    assert judge is not None
    first, again = judge.verdict(BUILDER), judge.verdict(BUILDER)
    assert first == again and first.account_kind is AccountKind.PERSON
    assert first.label is Classification.EARLY_FOUNDER and first.points > 0
    assert first.first_person_evidence[0].startswith("We shipped v0.3")
    bot = judge.verdict(BOT)
    assert bot.account_kind is AccountKind.BOT and bot.label is Classification.NOISE


def test_the_llm_path_runs_end_to_end_through_the_pipeline(tmp_path, sandbox_url):
    settings = _settings(tmp_path, sandbox_url)
    repo = open_repository(settings)
    outcomes = [EnrichmentOutcome(candidate=Candidate(platform="x", handle=p.handle), profiles=[p], source="x_api")
                for p in (BUILDER, BOT)]
    process_outcomes(settings, repo, outcomes, "run-llm")
    rows = {r["handle"]: r for r in repo.builders()}
    assert rows["ada_builds"]["llm_score"] > 0 and rows["ada_builds"]["classification"] == "early_founder"
    reasons = rows["ada_builds"]["classification_reasons"]
    assert any(r.startswith("LLM first-person evidence: We shipped") for r in reasons)
    assert rows["digestbot"]["account_kind"] == "bot" and rows["digestbot"]["classification"] == "noise"
    assert repo.cost_by_source().get("llm", 0) >= 0 and "llm" in repo.cost_by_source()


def test_an_llm_builder_label_without_first_person_evidence_is_not_heard(tmp_path, sandbox_url):
    judge = make_llm_judge(_settings(tmp_path, sandbox_url))
    talker = _profile("talker", "Founder. Thoughts on LLM agents.", ["Agents are the future, says everyone"])
    judgement = judge_profile(talker, now=utcnow(), llm=judge)
    assert judgement.label.label is Classification.NOISE
