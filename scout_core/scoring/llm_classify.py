"""Combine the rule-based classification with the LLM judge's class label, when it gave one.

The rules (TF-IDF prototypes + cues) stay the default. An LLM label that agrees raises the confidence;
one that disagrees replaces the rules' label only when the rules were unsure, and the reasons say so.
"""

from __future__ import annotations

from scout_core.schema import Classification, ClassificationResult

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
