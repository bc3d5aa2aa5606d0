"""score_profile: the sum, rescaling without the LLM judge, determinism, hostile input."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest

from scout_core.errors import ConfigurationError
from scout_core.schema import InternalProfile, Post, ScoreComponent
from scout_core.scoring import COMPONENT_MAX, score_profile
from scout_core.scoring.score import NO_JUDGE_NOTE


def _fixed_judge(points: float | None):
    def judge(profile: InternalProfile) -> ScoreComponent:
        return ScoreComponent(name="llm_evaluation", points=points, max_points=35,
                              evidence=[f"judge liked @{profile.handle}"])
    return judge


def test_without_llm_the_five_are_rescaled_to_100(builder: InternalProfile) -> None:
    card = score_profile(builder)
    assert [c.name for c in card.components] == list(COMPONENT_MAX)
    assert card.component("llm_evaluation").points is None
    five = sum(c.points for c in card.components if c.points is not None)
    assert card.rescaled is True and card.note.startswith(NO_JUDGE_NOTE)
    assert card.overall == round(five / 65 * 100, 2)
    assert card.overall >= 70


def test_with_llm_the_six_are_summed_without_rescaling(builder: InternalProfile) -> None:
    card = score_profile(builder, llm=_fixed_judge(30.0))
    assert card.rescaled is False and card.note is None
    assert card.component("llm_evaluation").points == 30.0
    assert card.component("llm_evaluation").evidence == ["judge liked @ada_builds"]
    assert card.overall == round(sum(c.points for c in card.components), 2)


def test_a_judge_that_returns_no_points_rescales_and_says_why(builder: InternalProfile) -> None:
    card = score_profile(builder, llm=_fixed_judge(None))
    assert card.rescaled is True
    assert card.note.startswith("llm_evaluation unknown (judge liked @ada_builds)")


def test_judge_points_out_of_range_are_clamped_with_evidence(builder: InternalProfile) -> None:
    card = score_profile(builder, llm=_fixed_judge(80.0))
    judged = card.component("llm_evaluation")
    assert judged.points == 35 and "judge returned 80.0 points, clamped to [0, 35]" in judged.evidence
    assert 0 <= card.overall <= 100


def test_a_judge_returning_the_wrong_type_is_a_configuration_error(builder: InternalProfile) -> None:
    with pytest.raises(ConfigurationError, match="LLM judge returned dict, expected a ScoreComponent"):
        score_profile(builder, llm=lambda profile: {"points": 3})


def test_empty_profile_scores_about_zero_and_says_so(empty: InternalProfile) -> None:
    card = score_profile(empty)
    assert card.overall == 0
    evidence = [e for c in card.components for e in c.evidence]
    assert {"unknown: no name, bio or posts to compare", "no recent posts", "no github", "no posts"} <= set(evidence)


def test_strong_builder_beats_noise_and_empty(builder, noise, empty) -> None:
    assert score_profile(builder).overall > score_profile(noise).overall + 40
    assert score_profile(noise).overall >= score_profile(empty).overall


def test_scoring_is_deterministic(builder: InternalProfile) -> None:
    first = score_profile(builder)
    again = score_profile(InternalProfile.model_validate(builder.model_dump()))
    assert first == again
    assert pickle.loads(pickle.dumps(first)) == first


def test_recency_depends_only_on_now(builder: InternalProfile) -> None:
    newest = builder.last_post_at()
    assert score_profile(builder) == score_profile(builder, now=newest)
    later = score_profile(builder, now=newest + timedelta(days=90))
    assert later.component("engagement").evidence == ["no recent posts"]


def test_naive_now_is_taken_as_utc(builder: InternalProfile) -> None:
    newest = builder.last_post_at()
    assert score_profile(builder, now=newest.replace(tzinfo=None)) == score_profile(builder, now=newest)


def test_hostile_text_does_not_crash() -> None:
    chunk = "<script>alert('x')</script>🚀🔥 LLM &amp; <b>RAG</b> \u202e\u0000 ‮ "
    bio = (chunk * 400)[:10_000]
    posts = [Post(post_id=str(i), text=("💥<img src=x onerror=1> agents &#x27; " * 1000)[:25_000],
                  urls=["javascript:alert(1)", "", "http://[::1", "https://github.com/" + "a/" * 500])
             for i in range(30)]
    profile = InternalProfile(source_platform="x", handle="h", bio=bio, display_name="🚀" * 200,
                              website="not a url at all <b>", recent_posts=posts, followers_count=0)
    card = score_profile(profile, now=None)
    assert 0 <= card.overall <= 100
    assert all(0 <= c.points <= c.max_points for c in card.components if c.points is not None)
