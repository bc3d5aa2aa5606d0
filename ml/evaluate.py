"""Held-out metrics of a traction model: ranking (ROC-AUC, PR-AUC, precision at k) and calibration.

Precision at 50 is what an investment team feels: of the 50 builders ranked highest, how many gained
traction. Brier score and expected calibration error (ECE, 10 equal-width bins) say whether a predicted
30% means 30%.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

TOP_K = 50
ECE_BINS = 10


def precision_at_k(y_true: np.ndarray, scores: np.ndarray, k: int = TOP_K) -> float:
    """Share of positives among the ``k`` highest scores (all of them when fewer than ``k``)."""
    if len(y_true) == 0:
        return float("nan")
    top = np.argsort(-scores, kind="stable")[: min(k, len(scores))]
    return float(np.mean(y_true[top]))


def expected_calibration_error(y_true: np.ndarray, probs: np.ndarray, bins: int = ECE_BINS) -> float:
    """Weighted mean |observed rate - mean predicted probability| over equal-width probability bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probs, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(y_true[mask].mean() - probs[mask].mean())
    return float(total / len(probs)) if len(probs) else float("nan")


def classification_metrics(y_true: np.ndarray, probs: np.ndarray, prefix: str = "") -> dict[str, float]:
    """Every metric the training run logs, for one model's probabilities on the held-out set."""
    y = np.asarray(y_true, dtype=int)
    p = np.asarray(probs, dtype=float)
    return {
        f"{prefix}auc": float(roc_auc_score(y, p)),
        f"{prefix}pr_auc": float(average_precision_score(y, p)),
        f"{prefix}precision_at_{TOP_K}": precision_at_k(y, p),
        f"{prefix}brier": float(brier_score_loss(y, p)),
        f"{prefix}ece": expected_calibration_error(y, p),
    }
