"""The generated sandbox world: deterministic, valid handles, and the hard cases the pipeline must face."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from scout_core.errors import InputError
from scout_core.handles import clean_handle
from scout_core.sandbox.model import World
from scout_core.sandbox.world import WORLD_NOW, generate_world
from scout_core.sandbox.world_content import is_shipping_post
from scout_core.sandbox.world_vocab import HOSTILE_BLOGS, TOPIC_TERMS
from scout_core.settings import PipelineSettings

BUILDERS = ("early_founder", "ai_researcher", "ai_operator")
AI_WORDS = re.compile("|".join(re.escape(t) for phrases, _, _ in TOPIC_TERMS.values() for t in phrases))


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=7, size=2000)


@pytest.fixture(scope="module")
def untrailed() -> World:
    """The same world with only the trails the account builders draw (no trails added: world_trails)."""
    return generate_world(seed=7, size=2000, silent_share=1.0)


def x_accounts(world: World):
    return [a for p in world.people for a in (p.x, p.x_alt) if a]


def share(items, predicate) -> float:
    items = list(items)
    return sum(1 for i in items if predicate(i)) / len(items)


def test_same_seed_same_world_and_other_seed_differs(world):
    again = generate_world(seed=7, size=2000)
    assert again.people == world.people
    other = generate_world(seed=8, size=2000)
    assert [p.x.handle for p in other.people if p.x] != [p.x.handle for p in world.people if p.x]


def _digest_script(seed: int, size: int) -> str:
    return ("import hashlib; from scout_core.sandbox.world import generate_world; "
            f"print(hashlib.sha256(repr(generate_world({seed}, {size}).people).encode()).hexdigest())")


def test_world_does_not_depend_on_the_hash_seed():
    """Set or dict-of-str iteration would make the world differ between processes."""
    here = hashlib.sha256(repr(generate_world(11, 150).people).encode()).hexdigest()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", _digest_script(11, 150)], env=env, check=True,
                             capture_output=True, text=True, timeout=120)
        assert out.stdout.strip() == here


def test_size_must_be_positive():
    with pytest.raises(InputError, match="size"):
        generate_world(seed=1, size=0)


def test_archetype_mix(world):
    counts = Counter(p.archetype for p in world.people)
    assert len(world.people) == world.size == 2000
    expected = {"early_founder": 0.15, "ai_researcher": 0.15, "ai_operator": 0.20, "angel_investor": 0.10,
                "noise": 0.40}
    for archetype, target in expected.items():
        assert abs(counts[archetype] / 2000 - target) < 0.02, archetype


def test_handles_are_valid_and_unique_per_platform(world):
    seen: dict[str, set[str]] = {"x": set(), "github": set(), "huggingface": set(), "producthunt": set()}
    for person in world.people:
        handles = [("x", h) for a in (person.x, person.x_alt) if a for h in [a.handle, *a.previous_handles]]
        handles += [("github", person.github.login)] if person.github else []
        handles += [("huggingface", person.huggingface.username)] if person.huggingface else []
        handles += [("producthunt", person.producthunt.username)] if person.producthunt else []
        for platform, handle in handles:
            assert clean_handle(platform, handle) == handle
            assert handle.lower() not in seen[platform], (platform, handle)
            seen[platform].add(handle.lower())


def test_handles_differ_across_platforms_for_many_people(world):
    both = [p for p in world.people if p.x and p.github]
    same = share(both, lambda p: p.x.handle == p.github.login)
    case_only = share(both, lambda p: p.x.handle != p.github.login and p.x.handle.lower() == p.github.login.lower())
    assert 0.2 < same < 0.4
    assert 0.03 < case_only < 0.15
    assert share(both, lambda p: p.x.handle.lower() != p.github.login.lower()) > 0.5


def test_display_names_have_nicknames_and_emoji(world):
    names = [p.x.name for p in world.people if p.x and p.archetype != "noise"]
    assert share(names, lambda n: any(ord(ch) > 0x2000 for ch in n)) > 0.1
    assert any(" | " in n for n in names)


def test_renamed_accounts_keep_their_id_and_lose_the_old_handle(world):
    xs = [p.x for p in world.people if p.x]
    renamed = [x for x in xs if x.previous_handles]
    assert 0.03 < len(renamed) / len(xs) < 0.08
    for account in renamed:
        assert world.x_by_id[account.user_id] is account
        assert all(old.lower() not in world.x_by_handle for old in account.previous_handles)


def test_alt_accounts_are_small_secondary_accounts(world):
    with_alt = [p for p in world.people if p.x_alt]
    assert 0.02 < len(with_alt) / len(world.people) < 0.05
    for person in with_alt:
        alt = person.x_alt
        assert alt.is_alt and not person.x.is_alt
        assert alt.user_id != person.x.user_id
        assert world.x_by_handle[alt.handle.lower()] is alt
        assert alt.followers < 5_000 and alt.posts


def test_namesakes_are_different_people_with_the_same_name(world):
    by_id = {p.person_id: p for p in world.people}
    namesakes = [p for p in world.people if p.namesake_of]
    assert 0.015 < len(namesakes) / len(world.people) < 0.05
    for person in namesakes:
        original = by_id[person.namesake_of]
        assert original is not person and original.name == person.name


def test_company_sites_are_shared_by_small_teams(world):
    teams = Counter(p.company_site for p in world.people if p.company_site)
    assert 0.07 < sum(teams.values()) / len(world.people) < 0.13
    assert all(2 <= size <= 6 for size in teams.values())
    members = [p for p in world.people if p.company_site and p.x]
    assert any(p.x.website == p.company_site for p in members)


def test_github_cross_links(untrailed):
    world = untrailed
    both = [p for p in world.people if p.x and p.github]
    linked = [p for p in both if p.github.twitter_username]
    assert 0.4 < len(linked) / len(both) < 0.6
    empties = {p.github.twitter_username for p in both if not p.github.twitter_username}
    assert empties == {None, ""}
    for person in linked:
        assert not person.github.twitter_username.startswith("@")
        assert person.github.twitter_username in [person.x.handle, *person.x.previous_handles]
    blogs = [p.github.blog for p in world.people if p.github]
    assert "" in blogs and any(b in HOSTILE_BLOGS for b in blogs)
    assert any(b and not b.startswith("http") and "." in b for b in blogs)


def test_bio_and_maker_cross_links(untrailed):
    world = untrailed
    others = [p for p in world.people if p.x and (p.github or p.huggingface)]
    in_bio = share(others, lambda p: "github.com/" in p.x.bio or "huggingface.co/" in p.x.bio)
    assert 0.2 < in_bio < 0.4
    makers = [p for p in world.people if p.producthunt and p.x]
    assert 0.55 < share(makers, lambda p: p.producthunt.twitter_username is not None) < 0.85
    assert any("github.com/" in p.huggingface.details for p in world.people if p.huggingface)


def test_platform_coverage_by_archetype(world):
    builders = [p for p in world.people if p.archetype in BUILDERS]
    assert 0.7 < share(builders, lambda p: p.github is not None) < 0.9
    researchers = [p for p in world.people if p.archetype == "ai_researcher"]
    assert 0.5 < share(researchers, lambda p: p.huggingface is not None) < 0.7
    founders = [p for p in world.people if p.archetype == "early_founder"]
    assert 0.5 < share(founders, lambda p: p.producthunt is not None) < 0.7
    noise = [p for p in world.people if p.archetype == "noise"]
    assert share(noise, lambda p: p.github is None and p.huggingface is None and p.producthunt is None) > 0.9


def test_posts_are_ordered_and_shaped_like_x(world):
    post_ids = set()
    for account in x_accounts(world):
        assert (5 if account.is_alt else 10) <= len(account.posts) <= 20
        times = [p.created_at for p in account.posts]
        assert times == sorted(times, reverse=True) and times[0] <= WORLD_NOW
        for post in account.posts:
            assert post.post_id.isdigit() and post.post_id not in post_ids
            post_ids.add(post.post_id)
            assert min(post.like_count, post.reply_count, post.repost_count, post.view_count) >= 0
            assert all(url in post.text for url in post.urls)
    assert any(int(i) > 2**53 for i in post_ids)
    texts = [p.text for a in x_accounts(world) for p in a.posts]
    assert any("&amp;" in t for t in texts)


def test_user_ids_span_both_sides_of_2_53(world):
    ids = [int(a.user_id) for a in x_accounts(world)]
    assert any(i > 2**53 for i in ids) and any(i < 2**53 for i in ids)
    assert len(set(ids)) == len(ids)
    hf = [p.huggingface.user_id for p in world.people if p.huggingface]
    assert all(re.fullmatch(r"[0-9a-f]{24}", i) for i in hf)
    assert all(p.producthunt.user_id.isdigit() for p in world.people if p.producthunt)
    assert all(isinstance(p.github.user_id, int) for p in world.people if p.github)


def test_content_depends_on_archetype(world):
    def ai_share(archetypes):
        posts = [q.text for p in world.people if p.archetype in archetypes and p.x for q in p.x.posts]
        return share(posts, lambda t: AI_WORDS.search(t) is not None)

    assert ai_share(BUILDERS) > 0.95
    assert ai_share(("noise",)) < 0.1
    noise_posts = [q.text for p in world.people if p.archetype == "noise" and p.x for q in p.x.posts]
    assert any(t.startswith("gm") for t in noise_posts) and any("BREAKING" in t for t in noise_posts)
    shipped = [q for p in world.people if p.archetype in BUILDERS and p.x for q in p.x.posts if is_shipping_post(q)]
    linked = [q for q in shipped if q.urls]
    assert linked and all(any(h in q.urls[0] for h in ("github.com/", "huggingface.co/", "producthunt.com/",
                                                       "https://")) for q in linked)


def test_shipping_links_point_at_the_persons_own_artifacts(world):
    for person in world.people:
        if not (person.x and person.github):
            continue
        for post in person.x.posts:
            for url in post.urls:
                if url.startswith("https://github.com/"):
                    full_name = url.removeprefix("https://github.com/").lower()
                    assert world.repos_by_full_name[full_name].owner == person.github.login


def test_most_builders_are_active_and_some_are_not(world):
    builders = [p.x for p in world.people if p.archetype in BUILDERS and p.x]
    days_since = [(WORLD_NOW - x.posts[0].created_at).days for x in builders]
    inactive = share(days_since, lambda d: 30 <= d <= 95)
    assert 0.05 < inactive < 0.3
    assert share(days_since, lambda d: d < 20) > 0.65


def test_followers_are_heavy_tailed_with_weekly_history(world):
    followers = sorted(p.x.followers for p in world.people if p.x)
    assert share(followers, lambda f: 50 <= f <= 5000) > 0.6
    assert followers[-1] > 100_000
    assert 200 < followers[len(followers) // 2] < 3000
    for account in x_accounts(world)[:300]:
        history = account.follower_history
        assert len(history) == 12 and history[-1] == (WORLD_NOW, account.followers)
        assert all((b[0] - a[0]).days == 7 for a, b in zip(history, history[1:], strict=False))


def test_traction_rates_and_signal(world):
    builders = [p for p in world.people if p.archetype in BUILDERS]
    assert 0.18 < share(builders, lambda p: p.achieved_traction) < 0.35
    assert share([p for p in world.people if p.archetype == "noise"], lambda p: p.achieved_traction) < 0.05

    def growth(p):
        return p.x.follower_history[-1][1] / max(1, p.x.follower_history[0][1])

    with_x = [p for p in builders if p.x]
    winners = [growth(p) for p in with_x if p.achieved_traction]
    others = [growth(p) for p in with_x if not p.achieved_traction]
    assert sum(winners) / len(winners) > sum(others) / len(others)


def test_mentions_point_at_current_handles_mostly_in_community(world):
    community_of = {}
    for person in world.people:
        for account in (person.x, person.x_alt):
            if account:
                community_of[account.handle.lower()] = person.community
    inside = total = 0
    for person in world.people:
        for account in (person.x, person.x_alt):
            for post in account.posts if account else []:
                for handle in post.mentions:
                    assert handle.lower() in world.x_by_handle
                    assert f"@{handle}" in post.text
                    assert handle.lower() != account.handle.lower()
                    total += 1
                    inside += community_of[handle.lower()] == person.community
    assert total > 1000 and inside / total > 0.6


def test_repos_and_contributors(world):
    for person in world.people:
        for repo in person.github.repos if person.github else []:
            assert world.repos_by_full_name[f"{repo.owner}/{repo.name}".lower()] is repo
            assert repo.contributors[0] == person.github.login
            assert all(c.lower() in world.github_by_login for c in repo.contributors)
            assert repo.topics and repo.stars >= 0 and repo.pushed_at <= WORLD_NOW
    stars = sorted(r.stars for r in world.repos_by_full_name.values())
    assert stars[-1] > 50 * max(1, stars[len(stars) // 2])


def test_indexes_cover_every_account(world):
    assert len(world.x_by_handle) == len(world.x_by_id) == len(x_accounts(world))
    assert all(k == k.lower() for k in world.x_by_handle)
    assert len(world.github_by_login) == sum(1 for p in world.people if p.github)
    assert len(world.hf_by_username) == sum(1 for p in world.people if p.huggingface)
    assert len(world.ph_by_username) == sum(1 for p in world.people if p.producthunt)


def test_topics_include_the_pipeline_defaults(world):
    assert len(world.topics) >= 20
    assert set(PipelineSettings().topics) <= set(world.topics)


@pytest.mark.parametrize("size", [1, 7, 60])
def test_tiny_worlds_are_complete(size):
    tiny = generate_world(seed=size, size=size)
    assert len(tiny.people) == size
    assert all(p.x or p.github or p.huggingface or p.producthunt for p in tiny.people)
    assert len(tiny.x_by_id) == len(x_accounts(tiny))


def test_anchor_moves_dates_but_not_people():
    """A served world is dated back from the real present; who is in it depends on the seed alone."""
    from datetime import timedelta

    fixed = generate_world(seed=3, size=60)
    later = generate_world(seed=3, size=60, now=WORLD_NOW + timedelta(days=27))
    assert [p.x.handle for p in fixed.people if p.x] == [p.x.handle for p in later.people if p.x]
    newest = max(post.created_at for p in later.people if p.x for post in p.x.posts)
    assert WORLD_NOW < newest <= later.now
