"""``scout bench judgement``: the classifier graded on real accounts with a human's label and on the sandbox.

Two judges from outside the code: ``x_dev_profiles.json`` + ``x_dev_labels.json`` (real X accounts, a
person's judgement; see shared/realdata/README.md), scored at the scrape's time; and sandbox worlds,
whose X accounts go through the X adapter's own normalizer (``bench.identity.x_profile``) and are graded
against each person's archetype (the truth is read here only). Per data set: the confusion matrix,
builder-versus-noise agreement, builder precision and recall, how many organizations or bots got a
builder class, a reliability table of the confidence, and profiles judged per second.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scout_core.errors import InputError
from scout_core.schema import AccountKind, Classification
from scout_core.scoring.judge import Judgement, JudgementRules, judge_profile

DEV_NOW = datetime(2026, 2, 19, 23, tzinfo=UTC)  # the scrape's time (realdata README)
DEFAULT_SEEDS = (3, 11, 29)
RELIABILITY_BINS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
CLASSES = [c.value for c in Classification]


@dataclass(frozen=True)
class Graded:
    name: str
    truth: str
    judgement: Judgement

    @property
    def predicted(self) -> str:
        return self.judgement.label.label.value


def default_realdata() -> Path:
    """``../shared/realdata`` beside the repository checkout (where tests find it too)."""
    return Path(__file__).resolve().parents[2].parent / "shared" / "realdata"


def dev_set(folder: Path, rules: JudgementRules) -> list[Graded]:
    """The real dev accounts, each normalized on its own by the X API normalizer and judged at DEV_NOW."""
    from scout_core.sources.x_api_parse import normalize_body

    try:
        bodies = json.loads((folder / "x_dev_profiles.json").read_text(encoding="utf-8"))
        labels = json.loads((folder / "x_dev_labels.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the labelled accounts in {folder}: {exc}") from exc
    graded = []
    for body in bodies:
        for profile in normalize_body(body):
            truth = labels.get(profile.handle)
            if truth is not None:
                graded.append(Graded(profile.handle, truth, judge_profile(profile, rules, now=DEV_NOW)))
    return graded


def sandbox_set(seed: int, size: int, rules: JudgementRules, decoys: float = 0.0) -> list[Graded]:
    """Every X account of a sandbox world, as the X adapter reads it, graded against the archetype."""
    from scout_core.bench.identity import add_decoy_posts, x_profile
    from scout_core.sandbox.world import generate_world

    world = generate_world(seed=seed, size=size)
    if decoys:
        add_decoy_posts(world, decoys, seed)
    graded = []
    for person in world.people:
        if person.x is not None:
            for profile in x_profile(person.x, world):
                graded.append(Graded(profile.handle, person.archetype, judge_profile(profile, rules, now=world.now)))
    return graded


def grade(items: list[Graded]) -> dict[str, Any]:
    """The figures of one data set (see the module docstring)."""
    pairs = [(g.truth, g.predicted) for g in items]
    confusion = Counter(pairs)
    builders_said = [g for g in items if g.predicted != "noise"]
    builders_true = [g for g in items if g.truth != "noise"]
    non_people = [g for g in builders_said if g.judgement.label.account_kind in (AccountKind.ORGANIZATION,
                                                                                 AccountKind.BOT)]
    return {
        "profiles": len(items),
        "confusion": {t: {p: confusion[(t, p)] for p in CLASSES} for t in CLASSES},
        "exact_agreement": _share(sum(t == p for t, p in pairs), len(pairs)),
        "builder_vs_noise_agreement": _share(sum((t == "noise") == (p == "noise") for t, p in pairs), len(pairs)),
        "builder_precision": _share(sum(g.truth != "noise" for g in builders_said), len(builders_said)),
        "builder_recall": _share(sum(g.predicted != "noise" for g in builders_true), len(builders_true)),
        "organizations_or_bots_as_builders": len(non_people),
        "account_kinds": dict(Counter(g.judgement.label.account_kind.value for g in items)),
        "reliability": reliability(items),
        "misses": [{"handle": g.name, "truth": g.truth, "predicted": g.predicted,
                    "kind": g.judgement.label.account_kind.value, "why": g.judgement.label.reasons[:1]}
                   for g in items if (g.truth == "noise") != (g.predicted == "noise")][:40],
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def reliability(items: list[Graded]) -> dict[str, Any]:
    """Confidence against accuracy (exact class) per confidence bin, and the expected calibration error."""
    rows, error = [], 0.0
    for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:], strict=False):
        inside = [g for g in items if lo <= g.judgement.label.confidence < hi]
        if not inside:
            continue
        confidence = sum(g.judgement.label.confidence for g in inside) / len(inside)
        accuracy = sum(g.truth == g.predicted for g in inside) / len(inside)
        error += len(inside) / len(items) * abs(confidence - accuracy)
        rows.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "n": len(inside), "mean_confidence": round(confidence, 3),
                     "accuracy": round(accuracy, 3)})
    return {"bins": rows, "expected_calibration_error": round(error, 4)}


def fit_calibration(sets: list[list[Graded]], ridge: float = 1.0) -> tuple[float, float]:
    """Slope and intercept of the logistic curve over the decision margin that best predicts a right label.

    Maximum likelihood by Newton's method, each data set weighing the same (the sandbox's thousand
    profiles must not drown two dozen real ones) and a ridge pull toward the current curve (a perfectly
    separated set would otherwise send the slope to infinity). The margin is recovered from the
    confidence it produced.
    """
    from scout_core.scoring.calibration import INTERCEPT, SLOPE

    data = [((_logit(g.judgement.label.confidence) - INTERCEPT) / SLOPE, float(g.truth == g.predicted), 1 / len(items))
            for items in sets if items for g in items]
    slope, intercept = SLOPE, INTERCEPT
    for _ in range(100):
        grad_a, grad_b = -ridge * (slope - SLOPE) / 10, -ridge * (intercept - INTERCEPT)
        haa, hab, hbb = ridge / 10, 0.0, ridge
        for x, y, w in data:
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, slope * x + intercept))))
            grad_a, grad_b = grad_a + w * (y - p) * x, grad_b + w * (y - p)
            v = w * p * (1 - p)
            haa, hab, hbb = haa + v * x * x, hab + v * x, hbb + v
        det = haa * hbb - hab * hab
        step_a, step_b = (hbb * grad_a - hab * grad_b) / det, (haa * grad_b - hab * grad_a) / det
        slope, intercept = slope + step_a, intercept + step_b
        if abs(step_a) + abs(step_b) < 1e-6:
            break
    return round(slope, 3), round(intercept, 3)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def run_judgement_bench(realdata: Path | None, seeds: tuple[int, ...] = DEFAULT_SEEDS, size: int = 600,
                        decoys: float = 0.0, rules: JudgementRules | None = None) -> dict[str, Any]:
    """Every figure, as one JSON-able report."""
    rules = rules or JudgementRules(max_followers=10_000, max_days_since_post=25)
    report: dict[str, Any] = {"rules": rules.__dict__, "sandbox": {}}
    all_items: list[Graded] = []
    sets: list[list[Graded]] = []
    if realdata is not None:
        started = time.perf_counter()
        dev = dev_set(realdata, rules)
        report["dev"] = {**grade(dev), "seconds": round(time.perf_counter() - started, 3)}
        all_items += dev
        sets.append(dev)
    for seed in seeds:
        started = time.perf_counter()
        items = sandbox_set(seed, size, rules, decoys)
        seconds = time.perf_counter() - started
        report["sandbox"][f"seed={seed} size={size} decoys={decoys:g}"] = {
            **grade(items), "seconds_with_world": round(seconds, 2)}
        all_items += items
        sets.append(items)
    report["profiles_per_second"] = _speed(all_items[:300], rules)
    report["calibration_fit"] = dict(zip(("slope", "intercept"), fit_calibration(sets), strict=True))
    return report


def _speed(items: list[Graded], rules: JudgementRules) -> float | None:
    """Profiles judged per second on this machine (one process), over already-normalized profiles."""
    if not items:
        return None
    started = time.perf_counter()
    for g in items:
        judge_profile(g.judgement.profile, rules, now=DEV_NOW)
    return round(len(items) / (time.perf_counter() - started), 1)
