"""The strategy dispatcher: which tier enriches a candidate, by routing rules evaluated in order.

Rules are data (``settings.controller.routing``). Each names a condition and an action:

* ``exclude`` / ``demote`` act on every tier the condition holds for (a tried tier, an open circuit,
  a spent budget, a long rate-limit pause, a high error rate, low credits);
* ``fastest`` / ``least_loaded`` / ``cheapest`` pick among the remaining tiers for a candidate the
  condition holds for (urgent, deep queue, always) and end the evaluation.

The default ends on ``cheapest``: the cheapest allowed tier, waiting for it when it is busy rather
than spilling onto a pricier one; a deep queue (``backlog``) spills onto whichever tier has room.
``choose_tier`` is a pure function of the candidate and a snapshot of each tier (``TierView``).
"""

from __future__ import annotations

from dataclasses import dataclass

from scout_core.schema import Candidate
from scout_core.settings import RoutingRule


@dataclass
class TierView:
    """One tier as the dispatcher sees it during one dispatch pass."""

    name: str
    cost: float = 0.0  # expected USD per profile
    slots: float = 16.0  # worker calls it may have in flight
    batch: int = 1  # candidates per worker call
    busy: float = 0.0  # calls in flight plus those planned in this pass
    breaker_open: bool = False
    budget_spent: bool = False
    paused_s: float = 0.0  # seconds until its rate-limit pause ends
    error_rate: float = 0.0  # over the health window (0 until enough samples)
    p50_s: float = 0.0
    credits_left: float = 1.0  # share of today's budget left

    @property
    def load(self) -> float:
        return self.busy / self.slots if self.slots else 1.0

    @property
    def free(self) -> bool:
        """Room for one more candidate now: not paused, and a call slot (or a batch seat) left."""
        return self.paused_s <= 0 and self.busy + 1.0 / self.batch <= self.slots + 1e-9

    def plan(self) -> None:
        self.busy += 1.0 / self.batch


@dataclass(frozen=True)
class Choice:
    tier: str | None
    rule: str = ""
    exhausted: bool = False  # no tier is left for the candidate: degrade or give up
    wait_s: float | None = None  # the candidate waits; None = until a call completes


def _tier_holds(rule: RoutingRule, view: TierView, tried: list[str]) -> bool:
    match rule.when:
        case "tried":
            return view.name in tried
        case "breaker_open":
            return view.breaker_open
        case "budget_spent":
            return view.budget_spent
        case "paused_above":
            return view.paused_s > rule.threshold
        case "error_rate_above":
            return view.error_rate > rule.threshold
        case "credits_below":
            return view.credits_left < rule.threshold
    return False


def _candidate_holds(rule: RoutingRule, candidate: Candidate, queue_depth: int) -> bool:
    match rule.when:
        case "urgent":
            return candidate.priority >= rule.threshold
        case "queue_depth_above":
            return queue_depth > rule.threshold
        case "always":
            return True
    return False


def _pick(strategy: str, order: list[TierView], demoted: list[TierView]) -> TierView | None:
    """The tier a strategy picks, or None when it would rather wait. Demoted tiers only when no other can."""
    preferred = [v for v in order if v not in demoted] or order
    if strategy == "cheapest":
        cheapest = min(preferred, key=lambda v: v.cost)  # min keeps the first of equals: preference order
        return cheapest if cheapest.free else None
    free = [v for v in preferred if v.free] or [v for v in order if v.free]
    if not free:
        return None
    if strategy == "fastest":
        return min(free, key=lambda v: v.p50_s)
    return min(free, key=lambda v: v.load)


def choose_tier(candidate: Candidate, tiers: list[str], tried: list[str], views: dict[str, TierView],
                rules: list[RoutingRule], queue_depth: int) -> Choice:
    """Apply the rules in order to the candidate's tiers (in preference order); plan the chosen tier's seat."""
    order = [views[t] for t in tiers if t in views]
    demoted: list[TierView] = []
    strategy, rule_name = "cheapest", "default"
    for rule in rules:
        if rule.then in ("exclude", "demote"):
            hit = [v for v in order if _tier_holds(rule, v, tried)]
            order = [v for v in order if v not in hit] + (hit if rule.then == "demote" else [])
            demoted += hit if rule.then == "demote" else []
        elif _candidate_holds(rule, candidate, queue_depth):
            strategy, rule_name = rule.then, rule.name
            break
    if not order:
        return Choice(None, rule_name, exhausted=True)
    picked = _pick(strategy, order, demoted)
    if picked is None:
        pauses = [v.paused_s for v in order if v.paused_s > 0]
        return Choice(None, rule_name, wait_s=min(pauses) if pauses else None)
    picked.plan()
    return Choice(picked.name, rule_name)
