"""Each score component: a strong builder earns points with named evidence; an empty profile earns none."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from scout_core.schema import InternalProfile, LinkedProfile, Post
from scout_core.scoring import COMPONENT_MAX
from scout_core.scoring.components import (
    completeness,
    engagement,
    links,
    llm_evaluation,
    semantic_fit,
    technical_depth,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)  # the same moment as conftest's profiles


def test_component_max_is_the_predecessor_scale() -> None:
    assert COMPONENT_MAX == {"llm_evaluation": 35, "semantic_fit": 20, "technical_depth": 15,
                             "engagement": 15, "links": 10, "completeness": 5}
    assert sum(COMPONENT_MAX.values()) == 100


def test_semantic_fit_strong_builder(builder: InternalProfile) -> None:
    part = semantic_fit(builder)
    assert part.name == "semantic_fit" and part.max_points == 20
    assert part.points >= 17
    assert part.evidence[0].startswith("similarity ")
    terms = part.evidence[1]
    assert terms.startswith("AI terms: ") and "rag" in terms and "lora" in terms


def test_semantic_fit_empty(empty: InternalProfile) -> None:
    part = semantic_fit(empty)  # nothing to read is unknown, not zero
    assert part.points is None and part.evidence == ["unknown: no name, bio or posts to compare"]


def test_semantic_fit_off_topic_text_scores_low(noise: InternalProfile) -> None:
    part = semantic_fit(noise)
    assert part.points < 2 and "no AI terms in bio or posts" in part.evidence


def test_technical_depth_names_terms_and_artifacts(builder: InternalProfile) -> None:
    part = technical_depth(builder)
    assert part.points >= 12
    text = " | ".join(part.evidence)
    assert "core terms: " in text and "lora" in text
    assert "repo github.com/ada/agentkit (post 100)" in part.evidence
    assert "model huggingface.co/ada/llama3-agent-gguf (post 101)" in part.evidence


def test_technical_depth_empty(empty: InternalProfile) -> None:
    part = technical_depth(empty)
    assert part.points is None and part.evidence == ["unknown: no text, links or works to read"]


def test_technical_depth_of_a_bio_without_ai_terms_is_a_measured_zero() -> None:
    part = technical_depth(InternalProfile(source_platform="x", handle="a", bio="coffee and dogs"))
    assert part.points == 0
    assert part.evidence == ["no technical AI terms", "no repo or model links"]


def test_technical_depth_counts_public_repos_of_a_github_profile() -> None:
    profile = InternalProfile(source_platform="github", handle="ada", content_count=12)
    part = technical_depth(profile)
    assert part.points == 2.5 and "github profile with 12 public repositories (+2.50)" in part.evidence


def test_one_buzzword_in_a_tiny_bio_is_not_dense() -> None:
    part = technical_depth(InternalProfile(source_platform="x", handle="a", bio="LLM"))
    assert part.points < 15 / 4


def test_engagement_rate_and_frequency(builder: InternalProfile) -> None:
    part = engagement(builder, NOW)
    # 5 posts of 25 interactions each, 2,400 followers: rate 1.04%, 5 posts in 30 days.
    assert part.evidence[0] == "5 posts in the last 30 days (+2.5)"
    assert part.evidence[1].startswith("engagement rate 1.04% ")
    assert part.points == pytest.approx(2.5 + 10 * 0.0104 / 0.05, abs=0.01)


def test_engagement_without_recent_posts(empty: InternalProfile, builder: InternalProfile) -> None:
    assert engagement(empty, NOW).points == 0
    assert engagement(empty, NOW).evidence == ["no recent posts"]
    later = NOW + timedelta(days=60)
    assert engagement(builder, later).evidence == ["no recent posts"]


def test_engagement_is_capped_for_tiny_accounts(make_posts) -> None:
    profile = InternalProfile(source_platform="x", handle="a", followers_count=0,
                              recent_posts=make_posts(["hi"] * 20, likes=10_000))
    part = engagement(profile, NOW)
    assert part.points == 15


def test_engagement_with_unknown_followers_is_unknown(make_posts) -> None:
    profile = InternalProfile(source_platform="x", handle="a", recent_posts=make_posts(["hi"] * 4))
    part = engagement(profile, NOW)
    assert part.points is None
    assert part.evidence == ["unknown: follower count unknown: engagement rate not computed",
                             "4 posts in the last 30 days"]


def test_engagement_without_like_counts_is_unknown_not_zero(make_posts) -> None:
    posts = [p.model_copy(update={"like_count": None, "reply_count": None, "repost_count": None})
             for p in make_posts(["shipped it"] * 3)]
    part = engagement(InternalProfile(source_platform="x", handle="a", followers_count=40, recent_posts=posts), NOW)
    assert part.points is None
    assert part.evidence[0] == "unknown: no like, reply or repost counts on the 3 recent posts"
    assert not any("0.00%" in e for e in part.evidence)


def test_links_strong_builder(builder: InternalProfile) -> None:
    part = links(builder)
    assert part.points == 9  # everything but a second profile elsewhere (X, LinkedIn)
    assert "github: linked profile ada (+3.0)" in part.evidence
    assert "huggingface: linked profile ada (+2.0)" in part.evidence
    assert any(e.startswith("producthunt: producthunt.com/posts/agentkit") for e in part.evidence)
    assert "website: adalabs.dev (+1.5)" in part.evidence


def test_links_empty(empty: InternalProfile) -> None:
    part = links(empty)
    assert part.points == 0
    assert part.evidence == ["no github", "no huggingface", "no producthunt", "no website"]


def test_links_counts_other_profiles_and_ignores_shorteners() -> None:
    profile = InternalProfile(source_platform="x", handle="a", website="https://t.co/abc",
                              linked_profiles=[LinkedProfile(platform="linkedin", handle="ada-l")])
    part = links(profile)
    assert part.points == 0.5 and "no website" in part.evidence
    assert "other profiles: linkedin linked profile ada-l (+0.5)" in part.evidence


def test_completeness(builder: InternalProfile, empty: InternalProfile) -> None:
    assert completeness(builder).points == 5
    part = completeness(empty)
    assert part.points == 0
    assert part.evidence == ["no name", "no bio", "no website", "no location", "no avatar", "no posts"]


def test_completeness_counts_repos_as_content_off_x() -> None:
    profile = InternalProfile(source_platform="github", handle="ada", content_count=3)
    assert "has posts (+1.0)" in completeness(profile).evidence


def test_llm_placeholder(builder: InternalProfile) -> None:
    part = llm_evaluation(builder)
    assert part.points is None and part.max_points == 35
    assert part.evidence == ["LLM judge not configured"]


def _random_profile(rng: random.Random, i: int) -> InternalProfile:
    words = ("llm agents rag shipped github demo founder phd gm crypto the a and of to launch evals "
             "https://github.com/a/b 🚀 <b> &amp; lora vllm").split()
    posts = [Post(post_id=str(j), text=" ".join(rng.choices(words, k=rng.randint(0, 60))),
                  created_at=NOW - timedelta(days=rng.randint(0, 90)),
                  like_count=rng.choice([None, 0, 5, 10_000]), reply_count=rng.randint(0, 50),
                  repost_count=rng.randint(0, 50),
                  urls=rng.sample(["https://github.com/x/y", "https://hf.co/x/m"], k=rng.randint(0, 2)))
             for j in range(rng.randint(0, 25))]
    return InternalProfile(
        source_platform=rng.choice(["x", "github", "huggingface", "producthunt"]), handle=f"user{i}",
        bio=" ".join(rng.choices(words, k=rng.randint(0, 300))) or None,
        followers_count=rng.choice([None, 0, 1, 50, 5000, 10**7]), content_count=rng.choice([None, 0, 400]),
        website=rng.choice([None, "https://x.dev", "github.com/x"]), recent_posts=posts,
    )


def test_every_component_stays_within_bounds() -> None:
    rng = random.Random(7)
    for i in range(150):
        profile = _random_profile(rng, i)
        for part in (semantic_fit(profile), technical_depth(profile), engagement(profile, NOW),
                     links(profile), completeness(profile)):
            assert part.points is None or 0 <= part.points <= part.max_points, (part, profile.handle)
            assert part.max_points == COMPONENT_MAX[part.name]
            assert part.points is not None or part.evidence[0].startswith("unknown: ")
            assert part.evidence, part.name
