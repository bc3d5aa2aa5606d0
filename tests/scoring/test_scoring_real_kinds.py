"""Each failure kind seen on real X accounts, with a real-style example of our own (tests/scoring/real_kinds.py)."""

from __future__ import annotations

import pytest

from scout_core.schema import AccountKind, Classification
from scout_core.scoring.judge import Judgement, JudgementRules, judge_profile
from scout_core.scoring.signals import analyze_profile
from tests.scoring import real_kinds as rk


def _judge(profile, **rules) -> Judgement:
    return judge_profile(profile, JudgementRules(**rules), now=rk.NOW)


@pytest.mark.parametrize("profile", [rk.AI_COMPANION, rk.RUN_BY_AN_AI, rk.AI_TEACHER, rk.CLOCKWORK],
                         ids=["companion", "run-by-an-ai", "ai-teacher", "clockwork"])
def test_bots_and_ai_personas_are_bots_and_never_builders(profile) -> None:
    label = _judge(profile).label
    assert label.account_kind is AccountKind.BOT, label.account_evidence
    assert label.label is Classification.NOISE and label.reasons[0].startswith("bot: ")


@pytest.mark.parametrize("profile", [rk.PUBLICATION, rk.FRAMEWORK, rk.MODEL_REPOSTER],
                         ids=["publication", "framework", "reposter"])
def test_organizations_are_noise_with_the_kind_as_the_reason(profile) -> None:
    label = _judge(profile).label
    assert label.account_kind is AccountKind.ORGANIZATION, label.account_evidence
    assert label.label is Classification.NOISE


def test_a_large_organization_is_never_a_startup_even_when_startups_may_be_founders() -> None:
    label = _judge(rk.FRAMEWORK, startup_accounts_as_founders=True).label
    assert label.label is Classification.NOISE and "form: startup" not in label.account_evidence


def test_a_startup_account_is_an_organization_and_a_founder_only_when_the_setting_says_so() -> None:
    startup = rk.account("agentledger", "Makers of AgentLedger: usage billing for AI agents. Live now.",
                         ["AgentLedger is live: metered billing for LLM agents, in public beta.",
                          "We shipped v0.2.0 with per-tool pricing for agents."], followers=40,
                         website="https://agentledger.example")
    strict = _judge(startup).label
    assert strict.account_kind is AccountKind.ORGANIZATION and "form: startup" in strict.account_evidence
    assert strict.label is Classification.NOISE and strict.reasons[0].startswith("organization: ")
    assert _judge(startup, startup_accounts_as_founders=True).label.label is Classification.EARLY_FOUNDER


def test_class_words_about_other_people_do_not_count() -> None:
    judgement = _judge(rk.WEB_AGENCY)
    assert judgement.label.label is Classification.NOISE
    other = [s for s in analyze_profile(rk.WEB_AGENCY).sentences if s.voice.value == "other"]
    assert any("founder of OpenClaw" in s.text for s in other) and any("Congrats @maria_ai" in s.text for s in other)


def test_a_token_promoter_with_venture_words_is_noise_not_an_angel() -> None:
    label = _judge(rk.TOKEN_PROMOTER).label
    assert label.label is Classification.NOISE
    assert any(r.startswith("noise cues: ") and "cashtag" in r for r in label.reasons)


def test_a_bio_with_no_evidence_abstains_to_noise() -> None:
    label = _judge(rk.HERESY).label
    assert label.label is Classification.NOISE
    assert any(r.startswith("little AI vocabulary") for r in label.reasons)


def test_a_title_in_the_bio_without_any_work_is_no_evidence_of_building() -> None:
    persona = rk.account("juno_codes", "AI Ethics & PyTorch researcher | Austin",
                         ["neural networks crave coffee as much as I do", "my PyTorch dreams hum at midnight",
                          "machine learning taught me that code sings"])
    label = _judge(persona).label
    assert label.label is Classification.NOISE and label.reasons[0].startswith("no evidence of building")


@pytest.mark.parametrize(("profile", "label"), [
    (rk.JAPANESE_RESEARCHER, Classification.AI_RESEARCHER),
    (rk.CHINESE_FOUNDER, Classification.EARLY_FOUNDER),
    (rk.SPANISH_FOUNDER, Classification.EARLY_FOUNDER),
    (rk.CAMELCASE_BUILDER, Classification.EARLY_FOUNDER),
], ids=["japanese", "chinese", "spanish", "camel-case"])
def test_builders_in_other_scripts_and_hashtags_are_found(profile, label) -> None:
    judgement = _judge(profile)
    assert judgement.label.label is label, judgement.label.reasons
    assert judgement.label.account_kind is AccountKind.PERSON


def test_links_to_other_peoples_models_are_not_their_presence() -> None:
    judgement = _judge(rk.MODEL_REPOSTER)
    links = judgement.card.component("links")
    assert links is not None and "no huggingface" in links.evidence
    assert any(e.startswith("4 links to others' works, not counted") for e in links.evidence)
    depth = judgement.card.component("technical_depth")
    assert depth is not None and "no repo or model links" in depth.evidence


def test_their_own_repo_in_a_first_person_post_is_their_presence() -> None:
    links = _judge(rk.CAMELCASE_BUILDER).card.component("links")
    assert links is not None and any(e.startswith("github: github.com/devonships/flowkit") for e in links.evidence)


def test_missing_engagement_is_unknown_and_the_overall_is_rescaled_visibly() -> None:
    card = _judge(rk.SPANISH_FOUNDER).card
    engagement = card.component("engagement")
    assert engagement is not None and engagement.points is None
    assert card.rescaled_from == ["semantic_fit", "technical_depth", "links", "completeness"]
    known = sum(c.points for c in card.components if c.points is not None)
    assert card.overall == pytest.approx(known / 50 * 100, abs=0.01)
    assert f"{known:.2f} of the 50 known points" in (card.note or "")
