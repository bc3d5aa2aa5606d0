"""Confidence as a probability: a logistic curve over the decision's margin, fitted on labelled data.

``calibrated(margin) = 1 / (1 + exp(-(SLOPE * margin + INTERCEPT)))``. The two numbers are data, refitted
by ``scout bench judgement --calibrate`` (maximum likelihood on the labelled sandbox world and the real dev
accounts) and reported there with a reliability table per data set.
"""

from __future__ import annotations

import math

# Fitted by `scout bench judgement` (dev accounts and sandbox seeds 3 and 11, each set weighing the same,
# ridge 1 toward the previous 6.0 / 0.0): the previous curve was already close, so the change is small.
SLOPE = 6.2
INTERCEPT = 0.09


def calibrated(margin: float, slope: float = SLOPE, intercept: float = INTERCEPT) -> float:
    """The probability that a label decided by ``margin`` is right, rounded to three places."""
    z = max(-30.0, min(30.0, slope * margin + intercept))
    return round(1 / (1 + math.exp(-z)), 3)
