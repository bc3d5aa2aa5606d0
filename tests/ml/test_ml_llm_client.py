"""The LLM judge against a local fake chat-completions server: good, bad JSON, timeout, 429 then success."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

from scout_core.errors import ConfigurationError, ParseError, SourceUnavailableError
from scout_core.schema import Classification, ClassificationResult, InternalProfile, Post
from scout_core.scoring import score_profile
from scout_core.scoring.llm import LlmClient, make_llm_judge
from scout_core.scoring.llm_classify import merge_llm_label
from scout_core.settings import Settings


@pytest.fixture
def profile() -> InternalProfile:
    return InternalProfile(source_platform="x", handle="ada_builds", display_name="Ada",
                           bio="Building open-source LLM agents. Founder.", followers_count=900,
                           recent_posts=[Post(post_id="1", text="Just shipped v0.3 of our agent framework",
                                              created_at=datetime(2026, 1, 5, tzinfo=UTC), like_count=12)])


def _settings(tmp_path, url: str, **llm) -> Settings:
    cfg = {"base_url": url, "model": "fake-judge", "api_key": "sk-test", "timeout_s": 5,
           "price_prompt_per_1k": 0.27, "price_completion_per_1k": 1.1, **llm}
    return Settings(data_dir=tmp_path / "data", _env_file=None, llm=cfg)


@pytest.fixture
def repo(tmp_path):
    from scout_core.store.migrate import upgrade
    from scout_core.store.repository import Repository

    url = f"sqlite:///{tmp_path / 'scout.db'}"
    upgrade(url)
    repository = Repository(url)
    yield repository
    repository.close()


def test_no_endpoint_means_no_judge(tmp_path):
    assert make_llm_judge(Settings(data_dir=tmp_path, _env_file=None)) is None
    with pytest.raises(ConfigurationError, match="SCOUT_LLM__BASE_URL"):
        LlmClient(Settings(data_dir=tmp_path, _env_file=None).llm)


def test_good_verdict_scores_the_35_points_and_records_its_cost(tmp_path, fake_chat, profile, repo):
    fake, url = fake_chat
    judge = make_llm_judge(_settings(tmp_path, url), repo=repo, run_id="run-1")
    card = score_profile(profile, llm=judge)
    llm = card.component("llm_evaluation")
    assert llm.points == 28 and not card.rescaled
    assert llm.evidence[0] == "LLM: Ships LLM agents weekly"
    sent = fake.requests[0]
    assert sent["model"] == "fake-judge" and sent["temperature"] == 0
    assert sent["response_format"] == {"type": "json_object"}
    assert "@ada_builds" in sent["messages"][1]["content"]
    # 1200 prompt tokens at $0.27/1k + 300 completion tokens at $1.10/1k
    assert repo.cost_by_source() == {"llm": pytest.approx(0.324 + 0.33)}
    assert judge.label_for(profile) is Classification.EARLY_FOUNDER


def test_bad_json_is_a_parse_error_and_the_score_falls_back_visibly(tmp_path, fake_chat, profile, repo):
    fake, url = fake_chat
    fake.script.extend([("ok", "Sure! Here is my evaluation: great builder"), ("ok", '{"points": 80}')])
    judge = make_llm_judge(_settings(tmp_path, url), repo=repo)
    with pytest.raises(ParseError, match="not JSON") as err:
        judge.verdict(profile)
    assert pickle.loads(pickle.dumps(err.value)).field == "content"
    card = score_profile(profile, llm=judge)  # second reply: JSON, but points out of range
    assert card.component("llm_evaluation").points is None and card.rescaled
    assert "llm_evaluation unknown (LLM judge failed" in card.note and "points" in card.note
    assert card.overall == score_profile(profile).overall  # the rescaled five, as without a judge
    assert len(fake.requests) == 2  # a bad reply is not retried
    assert repo.cost_by_source()["llm"] > 0  # tokens were spent even though the reply was useless


def test_timeout_is_retried_then_reported(tmp_path, fake_chat, profile):
    fake, url = fake_chat
    fake.script.extend([("hang",), ("hang",)])
    judge = make_llm_judge(_settings(tmp_path, url, timeout_s=0.3, max_retries=1))
    with pytest.raises(SourceUnavailableError, match="timeout"):
        judge.verdict(profile)
    assert len(fake.requests) == 2
    fake.script.append(("hang",))
    impatient = make_llm_judge(_settings(tmp_path, url, timeout_s=0.3, max_retries=0))
    component = impatient(profile)
    assert component.points is None and component.evidence[0].startswith("LLM judge failed: llm [ada_builds]: timeout")


def test_rate_limited_then_success(tmp_path, fake_chat, profile):
    fake, url = fake_chat
    fake.script.extend([("status", 429, {"Retry-After": "0"}), ("status", 503, {})])
    judge = make_llm_judge(_settings(tmp_path, url, max_retries=2))
    assert judge.verdict(profile).points == 28
    assert len(fake.requests) == 3


def test_client_errors_are_not_retried(tmp_path, fake_chat, profile):
    fake, url = fake_chat
    fake.script.append(("status", 401, {}))
    judge = make_llm_judge(_settings(tmp_path, url, max_retries=3))
    with pytest.raises(ConfigurationError, match="credentials rejected"):
        judge.verdict(profile)
    assert len(fake.requests) == 1


def test_llm_label_merges_with_the_rules():
    sure = ClassificationResult(label=Classification.AI_RESEARCHER, confidence=0.9, reasons=["rules"])
    unsure = sure.model_copy(update={"confidence": 0.4})
    assert merge_llm_label(sure, None) == sure
    assert merge_llm_label(sure, Classification.AI_RESEARCHER).confidence == 1.0
    assert merge_llm_label(sure, Classification.EARLY_FOUNDER).label is Classification.AI_RESEARCHER
    flipped = merge_llm_label(unsure, Classification.EARLY_FOUNDER)
    assert flipped.label is Classification.EARLY_FOUNDER and "low confidence 0.40" in flipped.reasons[0]
