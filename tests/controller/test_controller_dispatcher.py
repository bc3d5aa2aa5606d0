"""The routing rules, evaluated in order over snapshots of the tiers (pure, no state)."""

from __future__ import annotations

from scout_core.enrich.dispatcher import TierView, choose_tier
from scout_core.schema import Candidate
from scout_core.settings import ControllerSettings, RoutingRule

RULES = ControllerSettings().routing
TIERS = ["x_api", "apify", "x_web"]


def views(**overrides) -> dict[str, TierView]:
    base = {"x_api": TierView("x_api", cost=0.11, slots=8, batch=10, p50_s=0.2),
            "apify": TierView("apify", cost=0.0084, slots=4, p50_s=3.0),
            "x_web": TierView("x_web", cost=0.0002, slots=4, p50_s=1.0)}
    for name, fields in overrides.items():
        for key, value in fields.items():
            setattr(base[name], key, value)
    return base


def pick(candidate=None, tried=(), depth=1, rules=RULES, **overrides):
    cand = candidate or Candidate(platform="x", handle="someone")
    return choose_tier(cand, TIERS, list(tried), views(**overrides), rules, depth)


def test_the_default_is_the_cheapest_tier_and_it_waits_for_it_rather_than_spill():
    assert pick().tier == "x_web"
    busy = pick(x_web={"busy": 4})
    assert busy.tier is None and not busy.exhausted  # waits for a page slot; x_api is free but 500x dearer


def test_a_deep_queue_spills_onto_the_least_loaded_tier():
    choice = pick(depth=50, x_web={"busy": 3}, apify={"busy": 3})
    assert (choice.tier, choice.rule) == ("x_api", "backlog")


def test_urgent_candidates_take_the_fastest_tier():
    urgent = Candidate(platform="x", handle="someone", priority=3.0)
    assert pick(urgent).tier == "x_api"


def test_tried_open_and_spent_tiers_are_excluded_until_none_is_left():
    assert pick(tried=["x_web"]).tier == "apify"
    assert pick(x_web={"breaker_open": True}, apify={"budget_spent": True}).tier == "x_api"
    gone = pick(tried=["x_web"], apify={"breaker_open": True}, x_api={"budget_spent": True})
    assert gone.tier is None and gone.exhausted


def test_a_long_pause_excludes_a_tier_and_a_short_one_makes_the_candidate_wait():
    assert pick(x_web={"paused_s": 600}).tier == "apify"
    short = pick(x_web={"paused_s": 5})
    assert short.tier is None and short.wait_s == 5


def test_failing_and_low_credit_tiers_are_demoted_not_dropped():
    assert pick(x_web={"error_rate": 0.9}).tier == "apify"
    assert pick(x_web={"error_rate": 0.9}, apify={"credits_left": 0.05}).tier == "x_api"
    only = choose_tier(Candidate(platform="x", handle="someone"), ["x_web"], [],
                       views(x_web={"error_rate": 0.9}), RULES, 1)
    assert only.tier == "x_web"  # demoted, but still the only way


def test_rules_apply_in_their_order():
    spill_first = [RoutingRule(name="spill", when="always", then="least_loaded"), *RULES]
    # The pick rule ends evaluation before the breaker rule can exclude the open tier.
    assert pick(rules=spill_first, x_web={"breaker_open": True}, apify={"busy": 2}, x_api={"busy": 1}).tier == "x_web"
    assert pick(rules=RULES, x_web={"breaker_open": True}).tier == "apify"


def test_planned_seats_spread_one_pass_over_the_tiers():
    snapshot = views()
    cand = Candidate(platform="x", handle="someone")
    picked = [choose_tier(cand, TIERS, [], snapshot, RULES, 100).tier for _ in range(120)]
    # Every tier gets work, none beyond its slots (x_api: 8 calls of 10); the rest waits.
    assert picked.count("x_web") == 4 and picked.count("apify") == 4 and picked.count("x_api") == 80
    assert picked.count(None) == 32
    assert set(picked[:3]) == {"x_api", "apify", "x_web"}
