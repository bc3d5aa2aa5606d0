"""classify_profile: clear examples of each class, noise, confidence from the margin, hostile text."""

from __future__ import annotations

from scout_core.schema import Classification, InternalProfile, Post
from scout_core.scoring import classify_profile, extract_signals, score_profile


def test_founder(builder: InternalProfile) -> None:
    result = classify_profile(builder)
    assert result.label is Classification.EARLY_FOUNDER
    assert any(r.startswith("early_founder cues: ") and "founder" in r and "yc" in r for r in result.reasons)


def test_researcher(researcher: InternalProfile) -> None:
    result = classify_profile(researcher)
    assert result.label is Classification.AI_RESEARCHER and result.confidence > 0.8
    assert any("phd" in r and "neurips" in r for r in result.reasons)


def test_operator(operator: InternalProfile) -> None:
    result = classify_profile(operator)
    assert result.label is Classification.AI_OPERATOR and result.confidence > 0.8
    assert any("ml engineer" in r and "mlops" in r for r in result.reasons)


def test_angel_investor(angel: InternalProfile) -> None:
    result = classify_profile(angel)
    assert result.label is Classification.ANGEL_INVESTOR and result.confidence > 0.8
    assert any("angel investor" in r and "portfolio" in r for r in result.reasons)


def test_crypto_account_is_noise(noise: InternalProfile) -> None:
    result = classify_profile(noise)
    assert result.label is Classification.NOISE and result.confidence > 0.9
    assert any("wagmi" in r and "crypto" in r for r in result.reasons)
    assert any(r.startswith("little AI vocabulary") for r in result.reasons)


def test_off_topic_account_without_noise_cues_is_noise() -> None:
    profile = InternalProfile(source_platform="x", handle="coffee",
                              bio="Coffee, travel and dogs. Opinions my own.",
                              recent_posts=[Post(post_id="1", text="great weekend hiking with friends")])
    result = classify_profile(profile)
    assert result.label is Classification.NOISE
    assert "little AI vocabulary (weight 0.0 < 1.5)" in result.reasons


def test_a_founder_who_says_gm_is_still_a_founder(builder: InternalProfile) -> None:
    chatty = builder.model_copy(update={"bio": "gm! " + builder.bio})
    result = classify_profile(chatty)
    assert result.label is Classification.EARLY_FOUNDER
    assert any(r.startswith("noise cues present: gm") for r in result.reasons)


def test_a_low_scorecard_pushes_toward_noise(empty: InternalProfile) -> None:
    card = score_profile(empty)
    result = classify_profile(empty, card)
    assert result.label is Classification.NOISE
    assert any(r.startswith("low overall score 0.0") for r in result.reasons)


def test_confidence_drops_when_two_classes_are_close(researcher, builder) -> None:
    clear = classify_profile(researcher).confidence
    mixed_bio = f"{researcher.bio} {builder.bio}"
    mixed = researcher.model_copy(update={"bio": mixed_bio, "recent_posts": researcher.recent_posts
                                          + builder.recent_posts})
    assert 0.5 <= classify_profile(mixed).confidence < clear


def test_classification_is_deterministic_and_independent_of_extracted_fields(builder) -> None:
    assert classify_profile(builder) == classify_profile(extract_signals(builder))


def test_hostile_text_classifies() -> None:
    bio = ("<div>🚀 ‮ &amp;&lt; PhD PhD PhD 💥</div>" * 500)[:10_000]
    result = classify_profile(InternalProfile(source_platform="x", handle="h", bio=bio))
    assert 0 <= result.confidence <= 1 and result.reasons
