"""Combine the rule-based classification with the LLM judge's class label, when it gave one.

The rules (TF-IDF prototypes + cues) stay the default. An LLM label that agrees raises the confidence;
one that disagrees replaces the rules' label only when the rules were unsure, and the reasons say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scout_core.schema import AccountKind, Classification, ClassificationResult

if TYPE_CHECKING:
    from scout_core.scoring.llm import JudgeVerdict

AGREE_BOOST = 0.15  # confidence added when the LLM agrees, up to 1
OVERRIDE_BELOW = 0.6  # rules' confidence under which a disagreeing LLM label wins
LLM_CONFIDENCE = 0.6  # confidence given to an LLM label that overrides the rules


def merge_llm_label(rules: ClassificationResult, llm_label: Classification | None) -> ClassificationResult:
    """The classification after hearing the LLM's label (unchanged when it gave none)."""
    if llm_label is None:
        return rules
    if llm_label == rules.label:
        confidence = round(min(1.0, rules.confidence + AGREE_BOOST), 3)
        return rules.model_copy(update={"confidence": confidence,
                                        "reasons": [*rules.reasons, f"LLM judge agrees: {llm_label.value}"]})
    if rules.confidence < OVERRIDE_BELOW:
        reason = (f"LLM judge says {llm_label.value}; rules said {rules.label.value} "
                  f"with low confidence {rules.confidence:.2f}")
        return ClassificationResult(label=llm_label, confidence=LLM_CONFIDENCE, reasons=[reason, *rules.reasons])
    reason = f"LLM judge says {llm_label.value}; kept the rules' {rules.label.value} ({rules.confidence:.2f})"
    return rules.model_copy(update={"reasons": [*rules.reasons, reason]})


def merge_llm_verdict(rules: ClassificationResult, verdict: JudgeVerdict | None) -> ClassificationResult:
    """The classification after hearing the LLM's whole verdict: its account kind, then its label.

    The judge reads text better than rules, so its account kind is taken when it gives one (the reasons
    say when the rules disagreed), and an organization or a bot is noise either way. A builder label
    from the judge needs first-person evidence: without a quote of their own work it is not heard.
    """
    if verdict is None:
        return rules
    result = rules
    if verdict.account_kind is not None and verdict.account_kind is not rules.account_kind:
        why = f"LLM judge says the account is {verdict.account_kind.value} (rules: {rules.account_kind.value})"
        result = result.model_copy(update={"account_kind": verdict.account_kind,
                                           "account_evidence": [why, *rules.account_evidence]})
    if result.account_kind in (AccountKind.ORGANIZATION, AccountKind.BOT):
        if result.label is Classification.NOISE:
            return result
        reason = f"{result.account_kind.value} (LLM judge): never a builder"
        return result.model_copy(update={"label": Classification.NOISE, "confidence": LLM_CONFIDENCE,
                                         "reasons": [reason, *result.reasons]})
    label = verdict.label
    if label is not None and label is not Classification.NOISE and not verdict.first_person_evidence:
        return result.model_copy(update={"reasons": [
            *result.reasons, f"LLM judge says {label.value} without first-person evidence: not heard"]})
    if verdict.first_person_evidence:
        quotes = "; ".join(q[:120] for q in verdict.first_person_evidence[:3])
        result = result.model_copy(update={"reasons": [*result.reasons, f"LLM first-person evidence: {quotes}"]})
    return merge_llm_label(result, label)
