"""The charts a training run logs: feature importances, ROC, precision-recall and calibration.

Figures are built with ``matplotlib.figure.Figure`` directly (no pyplot): no global backend or figure
registry, so nothing needs a display and nothing leaks between runs or threads; saving uses Agg.
The ROC and PR charts draw the follower-count baseline beside the model, on the same held-out rows.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_recall_curve, roc_curve

from ml.evaluate import ECE_BINS

TOP_FEATURES = 20
SIZE = (6.0, 4.5)


def importance_figure(shares: dict[str, float]) -> Figure:
    top = list(shares.items())[:TOP_FEATURES][::-1]  # largest at the top
    fig = Figure(figsize=(6.0, max(3.0, 0.28 * len(top) + 1)))
    ax = fig.subplots()
    ax.barh([name for name, _ in top], [share for _, share in top], color="#3b6ea5")
    ax.set_xlabel("share of total gain")
    ax.set_title(f"Feature importances (top {len(top)})")
    fig.tight_layout()
    return fig


def roc_figure(y: np.ndarray, probs: np.ndarray, baseline: np.ndarray, auc: float, baseline_auc: float) -> Figure:
    fig = Figure(figsize=SIZE)
    ax = fig.subplots()
    for scores, label, style in ((probs, f"model (AUC {auc:.3f})", "-"),
                                 (baseline, f"follower-count baseline (AUC {baseline_auc:.3f})", "--")):
        fpr, tpr, _ = roc_curve(y, scores)
        ax.plot(fpr, tpr, style, label=label)
    ax.plot([0, 1], [0, 1], ":", color="grey", label="chance")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC, held-out people")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def pr_figure(y: np.ndarray, probs: np.ndarray, baseline: np.ndarray, pr_auc: float,
              baseline_pr_auc: float) -> Figure:
    fig = Figure(figsize=SIZE)
    ax = fig.subplots()
    for scores, label, style in ((probs, f"model (AP {pr_auc:.3f})", "-"),
                                 (baseline, f"follower-count baseline (AP {baseline_pr_auc:.3f})", "--")):
        precision, recall, _ = precision_recall_curve(y, scores)
        ax.plot(recall, precision, style, label=label)
    ax.axhline(float(np.mean(y)), linestyle=":", color="grey", label=f"positive rate {np.mean(y):.3f}")
    ax.set(xlabel="recall", ylabel="precision", title="Precision-recall, held-out people", ylim=(0, 1.02))
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


def calibration_figure(y: np.ndarray, probs: np.ndarray, ece: float) -> Figure:
    fig = Figure(figsize=SIZE)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    observed, predicted = calibration_curve(y, probs, n_bins=ECE_BINS, strategy="uniform")
    top.plot([0, 1], [0, 1], ":", color="grey", label="perfectly calibrated")
    top.plot(predicted, observed, "o-", label=f"model (ECE {ece:.3f})")
    top.set(ylabel="observed traction rate", title="Calibration, held-out people")
    top.legend(loc="upper left")
    bottom.hist(probs, bins=ECE_BINS, range=(0, 1), color="#3b6ea5")
    bottom.set(xlabel="predicted traction probability", ylabel="profiles")
    fig.tight_layout()
    return fig


def evaluation_figures(y: np.ndarray, probs: np.ndarray, baseline: np.ndarray, metrics: dict[str, float],
                       baseline_metrics: dict[str, float], shares: dict[str, float]) -> dict[str, Figure]:
    """Artifact path -> figure, for ``mlflow.log_figure``."""
    return {
        "plots/importances.png": importance_figure(shares),
        "plots/roc.png": roc_figure(y, probs, baseline, metrics["auc"], baseline_metrics["baseline_auc"]),
        "plots/pr.png": pr_figure(y, probs, baseline, metrics["pr_auc"], baseline_metrics["baseline_pr_auc"]),
        "plots/calibration.png": calibration_figure(y, probs, metrics["ece"]),
    }
