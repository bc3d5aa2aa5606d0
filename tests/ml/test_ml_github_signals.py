"""GitHub cross-validation on bodies rendered by the sandbox exactly as the github source stores them."""

from __future__ import annotations

from datetime import timedelta

from ml.sandbox_store import github_payload
from scout_core.scoring import extract_signals, score_profile
from scout_core.scoring.github_signals import ADJUSTMENT_MAX, github_signals
from scout_core.sources.github import normalize_body


def _active_builder(world):
    return next(p for p in world.people
                if p.github and p.archetype == "early_founder" and len(p.github.push_days) >= 5
                and p.github.repos and p.github.repos[0].stars >= 10)


def test_signals_count_pushes_of_the_last_30_days_and_stars(world):
    person = _active_builder(world)
    body = github_payload(world, person.github).body
    signals = github_signals(body, now=world.now)
    recent = [d for d in person.github.push_days if d >= world.now - timedelta(days=30)]
    assert signals.pushes_30d == len(recent) and signals.push_days_30d == len({d.date() for d in recent})
    assert signals.total_stars == sum(r.stars for r in person.github.repos)
    assert signals.own_repos == len(person.github.repos)
    assert signals.ai_repos and signals.ai_terms
    assert 0 < signals.adjustments["technical_depth"] <= ADJUSTMENT_MAX
    assert any("pushes on" in line for line in signals.evidence)
    assert signals.max_contributors is None  # the stored payload has no contributor lists


def test_contributors_when_given_and_old_activity_earns_nothing(world):
    person = _active_builder(world)
    body = github_payload(world, person.github).body
    full = body["repos"][0]["full_name"]
    signals = github_signals(body, now=world.now, contributors={full: ["a", "b", "c"]})
    assert signals.max_contributors == 3
    later = github_signals(body, now=world.now + timedelta(days=400))
    assert later.pushes_30d == 0 and later.adjustments["technical_depth"] < signals.adjustments["technical_depth"]


def test_not_a_github_body_gives_nothing():
    assert github_signals({"data": {}}, now=None) is None  # type: ignore[arg-type]
    assert github_signals("nope", now=None) is None  # type: ignore[arg-type]


def test_score_takes_the_adjustment_only_when_given(world):
    person = _active_builder(world)
    raw = github_payload(world, person.github)
    profile = extract_signals(normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at))
    signals = github_signals(raw.body, now=world.now)
    plain = score_profile(profile, now=world.now)
    boosted = score_profile(profile, now=world.now, github=signals)
    before, after = plain.component("technical_depth"), boosted.component("technical_depth")
    assert after.points == min(15.0, round(before.points + signals.adjustments["technical_depth"], 2))
    assert after.evidence[-len(signals.evidence):] == list(signals.evidence)
    assert boosted.overall >= plain.overall
    others = [c for c in plain.components if c.name != "technical_depth"]
    assert others == [c for c in boosted.components if c.name != "technical_depth"]
