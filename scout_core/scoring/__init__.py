"""Scoring: signals from a profile's text and links, six explained score components, classification, filter.

    judgement = judge_profile(profile, JudgementRules(), now=now)   # all of the below, computed once

    profile = extract_signals(profile)             # technical_keywords, shipping_signals
    decision = filter_profile(profile, max_followers=10_000, max_days_since_post=25, now=now)
    card = score_profile(profile, llm=None)         # 0-100, rescaled over the known components
    label = classify_profile(profile, card)         # class + confidence + reasons + account kind

All are pure functions of the profile (and ``now``): the same input gives the same output.
"""

from scout_core.scoring.classify import classify_profile
from scout_core.scoring.components import COMPONENT_MAX
from scout_core.scoring.filter import FilterDecision, filter_profile
from scout_core.scoring.judge import Judgement, JudgementRules, judge_profile
from scout_core.scoring.score import LlmJudge, score_profile
from scout_core.scoring.signals import extract_signals

__all__ = [
    "COMPONENT_MAX",
    "FilterDecision",
    "Judgement",
    "JudgementRules",
    "LlmJudge",
    "classify_profile",
    "extract_signals",
    "filter_profile",
    "judge_profile",
    "score_profile",
]
