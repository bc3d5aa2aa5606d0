"""Scoring and classification on the sandbox world's X accounts, checked against its ground truth.

Ground truth is read here for evaluation only; the scoring code never sees it.
"""

from __future__ import annotations

import statistics
from collections import Counter

import pytest

from scout_core.sandbox.model import XAccount
from scout_core.sandbox.world import generate_world
from scout_core.schema import Classification, InternalProfile, Post
from scout_core.scoring import classify_profile, extract_signals, score_profile


def _profile(account: XAccount) -> InternalProfile:
    posts = [Post(post_id=p.post_id, text=p.text, created_at=p.created_at, like_count=p.like_count,
                  reply_count=p.reply_count, repost_count=p.repost_count, urls=p.urls) for p in account.posts[:20]]
    return InternalProfile(source_platform="x", handle=account.handle, display_name=account.name,
                           bio=account.bio, website=account.website, location=account.location,
                           avatar_url=account.avatar_url, followers_count=account.followers, recent_posts=posts)


@pytest.fixture(scope="module")
def judged() -> list[tuple[str, float, Classification]]:
    world = generate_world(seed=3, size=300)
    results = []
    for person in world.people:
        if person.x:
            profile = extract_signals(_profile(person.x))
            card = score_profile(profile, now=world.now)
            results.append((person.archetype, card.overall, classify_profile(profile, card).label))
    return results


def test_classification_agrees_with_the_world(judged) -> None:
    right = sum(truth == label.value for truth, _, label in judged)
    assert right / len(judged) >= 0.9, Counter((truth, label.value) for truth, _, label in judged)


def test_builders_outscore_noise(judged) -> None:
    by_kind: dict[str, list[float]] = {}
    for truth, overall, _ in judged:
        by_kind.setdefault(truth, []).append(overall)
    noise = statistics.mean(by_kind["noise"])
    for kind in ("early_founder", "ai_researcher", "ai_operator"):
        assert statistics.mean(by_kind[kind]) > noise + 15, (kind, by_kind[kind], noise)
