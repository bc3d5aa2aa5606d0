"""The world on the clock: deterministic history, growth curves, renames, recycled handles, suspensions,
newcomers, shipping and topics, as the sources serve them."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from scout_core.errors import InputError
from scout_core.sandbox.clock import DAY_S, WorldClock
from scout_core.sandbox.history import History, generate_history
from scout_core.sandbox.live import LiveWorld
from scout_core.sandbox.server import create_app
from scout_core.sandbox.snapshot import world_at
from scout_core.sandbox.world import generate_world
from scout_core.sandbox.world_vocab import TOPIC_TERMS
from scout_core.sandbox.x_api_render import render_tweet

AUTH = {"authorization": "Bearer sandbox-token"}
SESSION = {"auth_token": "sandbox-session-0"}


def first(history: History, kind: str, detail: str | None = None):
    return next(e for e in history.events if e.kind == kind and (detail is None or e.detail == detail))


def at_day(client: TestClient, seconds: float) -> None:
    assert client.post("/sandbox/clock", json={"set": seconds / DAY_S}).status_code == 200


def _digest_script(seed: int, size: int, day: int) -> str:
    return ("import hashlib; from scout_core.sandbox.world import generate_world; "
            "from scout_core.sandbox.history import generate_history; "
            "from scout_core.sandbox.snapshot import world_at; "
            f"h = generate_history(generate_world({seed}, {size})); w = world_at(h, {day} * 86400); "
            "print(hashlib.sha256(repr(w.people).encode()).hexdigest())")


def test_same_seed_same_history_in_any_process_and_any_order_of_asking():
    """The world at day 20 is the same whether asked for first or after other days, in any process."""
    history = generate_history(generate_world(11, 150))
    world_at(history, 45 * DAY_S)  # later weeks first: posts are drawn per week, not in asking order
    here = hashlib.sha256(repr(world_at(history, 20 * DAY_S).people).encode()).hexdigest()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", _digest_script(11, 150, 20)], env=env, check=True,
                             capture_output=True, text=True, timeout=300)
        assert out.stdout.strip() == here
    other = generate_history(generate_world(12, 150))
    assert repr(world_at(other, 20 * DAY_S).people) != repr(world_at(history, 20 * DAY_S).people)


def test_a_running_clock_serves_the_world_of_its_simulated_time_whatever_the_real_timing(history):
    real = [0.0]
    fast = LiveWorld(history, WorldClock(history.origin, seconds_per_day=2.0, real=lambda: real[0]))
    real[0] = 7.3  # 3.65 simulated days later, in one jump
    tick_start = int(fast.clock.elapsed() // fast.tick_s) * fast.tick_s
    by_hand = LiveWorld(history)
    by_hand.clock.set(tick_start)
    assert repr(fast.current().people) == repr(by_hand.current().people)
    assert fast.current().now == history.at(tick_start)


def test_day_0_is_the_generated_world_itself(history):
    assert LiveWorld(history).current() is history.world
    assert world_at(history, 0) is history.world


def test_followers_grow_heavy_tailed_most_flat_a_few_take_off(history, live):
    growth = live.truth.follower_growth(0, 90, min_followers=50)
    ratios = sorted(g.ratio for g in growth.values())
    n = len(ratios)
    assert n > 1000
    assert ratios[n // 2] < 1.25  # most are nearly flat
    assert ratios[int(0.99 * n)] > 3.0  # the top percent multiplied
    assert ratios[-1] > 8.0
    assert 0.01 < sum(r >= 2 for r in ratios) / n < 0.15  # a few, not many


def test_served_follower_counts_follow_the_curves(history, live):
    client = TestClient(create_app(live))
    riser = live.truth.rising_stars(0, 60, k=1)[0]
    handle = history.people[riser].x.handle
    counts = []
    for day in (0, 30, 60):
        at_day(client, day * DAY_S)
        current = live.current().x_by_id[history.people[riser].x.user_id].handle
        body = client.get(f"/x-api/2/users/by/username/{current}?user.fields=public_metrics", headers=AUTH).json()
        counts.append(body["data"]["public_metrics"]["followers_count"])
    assert counts[0] == history.people[riser].x.followers
    assert counts == [live.truth.followers(riser, d) for d in (0, 30, 60)]
    assert counts[2] > 3 * counts[0], handle


def test_a_renamed_account_is_found_by_its_id_and_its_old_handle_is_gone(history, live):
    rename = first(history, "rename")
    client = TestClient(create_app(live))
    at_day(client, rename.t - 3600)
    before = client.get(f"/x-api/2/users/by/username/{rename.old_handle}", headers=AUTH).json()
    assert before["data"]["id"] == rename.user_id
    at_day(client, rename.t + 3600)
    old = client.get(f"/x-api/2/users/by/username/{rename.old_handle}", headers=AUTH).json()
    assert "data" not in old or old["data"]["id"] != rename.user_id
    new = client.get(f"/x-api/2/users/by/username/{rename.handle}", headers=AUTH).json()
    assert new["data"]["id"] == rename.user_id
    timeline = client.get(f"/x-api/2/users/{rename.user_id}/tweets?max_results=5", headers=AUTH)
    assert timeline.status_code == 200 and timeline.json()["meta"]["result_count"] == 5
    assert client.get(f"/x-web/i/api/profile/{rename.handle}", cookies=SESSION).json()["user"]["handle"] \
        == rename.handle


def test_a_recycled_handle_is_served_with_a_different_id(history, live):
    join = first(history, "join", "recycled")
    tenures = history.ledger.tenures(join.handle)
    previous = tenures[-2]
    assert previous.user_id != join.user_id and previous.person_id != join.person_id
    client = TestClient(create_app(live))
    at_day(client, previous.end.timestamp() - history.origin.timestamp() - 3600)
    then = client.get(f"/x-api/2/users/by/username/{join.handle}", headers=AUTH).json()
    assert then["data"]["id"] == previous.user_id
    at_day(client, join.t + 3600)
    now = client.get(f"/x-api/2/users/by/username/{join.handle}", headers=AUTH).json()
    assert now["data"]["id"] == join.user_id
    assert live.truth.holder(join.handle, join.t / DAY_S + 1)["person_id"] == join.person_id
    assert join.handle in live.truth.recycled_handles()


def test_a_mention_keeps_pointing_at_whoever_held_the_handle_when_it_was_posted(history, live):
    """X resolves a mention when it is posted: after the handle is recycled, old posts still name the old id."""
    world = world_at(history, history.horizon_s - DAY_S)
    recycled = {h.lower() for h in history.ledger.recycled()}
    for person in world.people:
        for post in person.x.posts if person.x else []:
            for handle in post.mentions:
                if handle.lower() in recycled:
                    tenure = history.ledger.holder(handle, post.created_at)
                    if tenure is None or tenure.user_id == world.x_by_handle.get(handle.lower(), tenure).user_id:
                        continue  # not yet handed on at the time of the world asked for
                    tweet = render_tweet(post, person.x, {"entities"}, world)
                    ids = {m["username"].lower(): m.get("id") for m in tweet["entities"]["mentions"]}
                    assert ids[handle.lower()] == tenure.user_id
                    return
    pytest.skip("no post mentions a recycled handle in this world")


def test_a_suspended_account_gets_x_s_real_answers(history, live):
    suspend = first(history, "suspend")
    client = TestClient(create_app(live))
    at_day(client, suspend.t + 3600)
    by_name = client.get(f"/x-api/2/users/by/username/{suspend.handle}", headers=AUTH).json()
    assert by_name["errors"][0]["title"] == "Forbidden"
    assert by_name["errors"][0]["detail"] == f"User has been suspended: [{suspend.handle}]."
    assert "data" not in by_name
    by_id = client.get(f"/x-api/2/users/{suspend.user_id}/tweets", headers=AUTH).json()
    assert by_id["errors"][0]["detail"] == f"User has been suspended: [{suspend.user_id}]."
    page = client.get(f"/x-web/i/api/profile/{suspend.handle}", cookies=SESSION).json()
    assert page["user_unavailable"]["reason"] == "Suspended"
    run = client.post("/apify/v2/acts/apidojo~tweet-scraper/runs?waitForFinish=60", headers=AUTH,
                      json={"twitterHandles": [suspend.handle]}).json()["data"]
    items = client.get(f"/apify/v2/datasets/{run['defaultDatasetId']}/items", headers=AUTH).json()
    assert items == [{"noResults": True}]
    at_day(client, suspend.t - 3600)
    assert client.get(f"/x-api/2/users/by/username/{suspend.handle}", headers=AUTH).json()["data"]["id"] \
        == suspend.user_id


def test_a_deactivated_account_is_gone_by_handle_and_by_id(history, live):
    gone = first(history, "deactivate")
    client = TestClient(create_app(live))
    at_day(client, gone.t + 3600)
    assert client.get(f"/x-api/2/users/{gone.user_id}/tweets", headers=AUTH).json()["errors"][0]["title"] \
        == "Not Found Error"
    assert live.current().x_by_id.get(gone.user_id) is None


def test_newcomers_appear_on_their_day_with_an_account_made_that_day(history, live):
    join = first(history, "join", "")
    assert history.people[join.person_id] not in history.world.people
    before = world_at(history, join.t - 60)
    after = world_at(history, join.t + 60)
    assert join.user_id not in before.x_by_id
    account = after.x_by_id[join.user_id]
    assert account.created_at == history.at(join.t)
    assert len(after.people) > len(before.people) >= len(history.world.people)


def test_nobody_posts_before_joining_or_after_going_quiet(history):
    world = world_at(history, 100 * DAY_S)
    for person in world.people:
        life = history.lives[person.person_id]
        stop = min(t for t in (life.quiet_at, life.suspended_at, life.deactivated_at, float("inf"))
                   if t is not None)
        for post in person.x.posts if person.x else []:
            t = (post.created_at - history.origin).total_seconds()
            if t > 0:
                assert life.joined <= t < stop or t in {s.t for s in life.shipments} and t < stop


def test_shipments_are_served_with_their_dates_and_announced(history, live):
    launch = next(s for s in history.shipments() if s.kind == "launch")
    repo = next(s for s in history.shipments() if s.kind == "repo")
    person = history.people[launch.person_id]
    client = TestClient(create_app(live))
    at_day(client, max(launch.t, repo.t) + 31 * DAY_S)
    query = "query($u:String!){ user(username:$u){ madePosts { edges { node { name createdAt } } } } }"
    made = client.post("/producthunt/v2/api/graphql", headers=AUTH,
                       json={"query": query, "variables": {"u": person.producthunt.username}}).json()
    nodes = {e["node"]["name"]: e["node"]["createdAt"] for e in made["data"]["user"]["madePosts"]["edges"]}
    assert nodes[launch.name] == history.at(launch.t).strftime("%Y-%m-%dT%H:%M:%SZ")
    served = client.get(f"/github/repos/{repo.repo.owner}/{repo.name}", headers=AUTH).json()
    assert served["created_at"] == history.at(repo.t).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert served["stargazers_count"] == repo.repo.stars  # settled after its 30-day ramp
    world = live.current()
    owner = world.people[[p.person_id for p in world.people].index(launch.person_id)]
    assert any(launch.url in post.urls for post in owner.x.posts)


def test_base_launch_dates_stay_put_as_the_clock_moves(history, live):
    person = next(p for p in history.world.people if p.producthunt and p.producthunt.launches)
    client = TestClient(create_app(live))
    query = "query($u:String!){ user(username:$u){ madePosts { edges { node { name createdAt } } } } }"
    dates = []
    for day in (0, 40):
        at_day(client, day * DAY_S)
        body = client.post("/producthunt/v2/api/graphql", headers=AUTH,
                           json={"query": query, "variables": {"u": person.producthunt.username}}).json()
        dates.append({e["node"]["name"]: e["node"]["createdAt"] for e in body["data"]["user"]["madePosts"]["edges"]})
    for name in person.producthunt.launches:
        assert dates[0][name] == dates[1][name]


def test_posts_follow_topic_momentum(history):
    world = world_at(history, 98 * DAY_S)
    topics = history.topics

    def share(topic: str, first_day: int, last_day: int) -> float:
        terms = [t.lower() for t in TOPIC_TERMS[topic][0]]
        total = hits = 0
        for person in world.people:
            for account in (person.x, person.x_alt):
                for post in account.posts if account else []:
                    if first_day <= (post.created_at - history.origin).days < last_day:
                        total += 1
                        hits += any(t in post.text.lower() for t in terms)
        return hits / total

    late = 84
    for topic in topics.rising:
        if topics.popularity(topic, late // 7) > 1.8 * topics.popularity(topic, 0):
            assert share(topic, late, late + 14) > 1.3 * share(topic, 0, 14), topic
    for topic in topics.fading:
        if topics.popularity(topic, late // 7) < 0.6 * topics.popularity(topic, 0):
            assert share(topic, late, late + 14) < 0.9 * share(topic, 0, 14), topic


def test_history_horizon_is_checked():
    with pytest.raises(InputError, match="horizon"):
        generate_history(generate_world(3, 20), horizon_days=0)
