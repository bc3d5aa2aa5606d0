"""Time-indexed truth: the queries benches grade against, consistent with what the sources serve."""

from __future__ import annotations

import json

import pytest

from scout_core.sandbox.clock import DAY_S
from scout_core.sandbox.snapshot import world_at


def test_traction_after_a_date_is_a_time_gapped_label(live):
    labels = live.truth.gained_traction(30, days=90)
    positives = [pid for pid, yes in labels.items() if yes]
    assert len(labels) > 1000
    assert 0.01 < len(positives) / len(labels) < 0.15
    for pid in positives:
        before, after = live.truth.followers(pid, 30), live.truth.followers(pid, 120)
        assert after >= 2 * before and after - before >= 250
    # the label is about the future: followers known at day 30 do not decide it
    world = live.world_at(days=30)
    served = {p.person_id: p.x.followers for p in world.people if p.x}
    assert all(served[pid] == live.truth.followers(pid, 30) for pid in list(labels)[:200])


def test_traction_is_partly_predictable_from_what_was_visible_before(live, history):
    """People who shipped in the 60 days before the date gain traction more often (shipping drives take-offs)."""
    labels = live.truth.gained_traction(60, days=90)
    shipped = {s.person_id for s in history.shipments(0, 60 * DAY_S)}
    rate = lambda group: sum(labels[p] for p in group) / max(1, len(group))  # noqa: E731
    with_ship = [p for p in labels if p in shipped]
    without = [p for p in labels if p not in shipped]
    assert rate(with_ship) > 2 * rate(without)


def test_launches_in_a_window_include_the_day_0_world_and_the_clock(live, history):
    window = live.truth.launches(0, 90)
    on_clock = [x for x in window if x.on_clock]
    assert len(on_clock) == len([s for s in history.shipments(0, 90 * DAY_S) if s.kind != "site"])
    newcomers = {p.person_id for p in history.newcomers}
    assert all(x.person_id in newcomers for x in window if not x.on_clock)  # repos they had before joining X
    before = live.truth.launches(-90, 0)
    assert before and not any(x.on_clock for x in before)
    serial = live.truth.serial_shippers(0, 90)
    counts = {}
    for launch in window:
        counts[launch.person_id] = counts.get(launch.person_id, 0) + 1
    assert serial == sorted(p for p, n in counts.items() if n >= 2)
    assert 0 < len(serial) < 0.2 * len(history.world.people)


def test_rising_stars_are_the_fastest_growers_and_are_served_so(live):
    stars = live.truth.rising_stars(30, 37, k=5)
    growth = live.truth.follower_growth(30, 37, min_followers=100)
    ratios = sorted((g.ratio for g in growth.values()), reverse=True)
    assert [round(growth[p].ratio, 9) for p in stars] == [round(r, 9) for r in ratios[:5]]
    world = world_at(live.history, 37 * DAY_S)
    followers = {p.person_id: p.x.followers for p in world.people if p.x}
    assert all(followers[p] == growth[p].end for p in stars)


def test_trending_topics_rank_the_rising_ones_first(live, history):
    week = 20
    ranked = live.truth.trending_topics(week * 7, weeks=12, k=len(history.topics.topics))
    top = [topic for topic, growth, _ in ranked[:5]]
    risen = [t for t in history.topics.rising
             if history.topics.popularity(t, week) > 1.8 * history.topics.popularity(t, week - 11)]
    assert risen and all(t in top for t in risen)
    assert live.truth.topic_momentum(-3) == dict.fromkeys(history.topics.topics, 1.0)


def test_who_was_who_when(live, history):
    rename = next(e for e in history.events if e.kind == "rename")
    assert live.truth.holder(rename.old_handle, rename.t / DAY_S - 0.1)["user_id"] == rename.user_id
    holder_after = live.truth.holder(rename.old_handle, rename.t / DAY_S + 0.1)
    assert holder_after is None or holder_after["user_id"] != rename.user_id
    assert live.truth.holder(rename.handle, rename.t / DAY_S + 0.1)["user_id"] == rename.user_id
    joined = next(e for e in history.events if e.kind == "join")
    assert joined.person_id not in live.truth.communities(joined.t / DAY_S - 0.01)
    assert joined.person_id in live.truth.communities(joined.t / DAY_S + 0.01)


def test_the_export_is_json_and_says_it_is_for_evaluation_only(live, tmp_path):
    path = live.truth.write(tmp_path / "history.json", until=30)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["ground_truth_for_evaluation_only"] is True
    assert data["until_day"] == 30
    assert all(e["day"] <= 30 for e in data["events"])
    assert {"rename", "ship", "join"} <= {e["kind"] for e in data["events"]}
    some = next(iter(data["followers"]["people"]))
    assert len(data["followers"]["people"][some]) == len(data["followers"]["days"]) == 5


@pytest.mark.parametrize("bad", ["someday", None])
def test_truth_times_must_be_times(live, bad):
    from scout_core.errors import InputError

    with pytest.raises(InputError):
        live.truth.followers("p000001", bad)
