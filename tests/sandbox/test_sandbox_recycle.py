"""Recycled handles in a static world (what the identity bench reuses) and the grader's view of them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from scout_core.errors import InputError
from scout_core.sandbox.grade import grade_rows, truth_owners
from scout_core.sandbox.server import create_app
from scout_core.sandbox.truth import world_truth
from scout_core.sandbox.world import generate_world
from scout_core.sandbox.world_recycle import recycle_handles

AUTH = {"authorization": "Bearer sandbox-token"}


@pytest.fixture(scope="module")
def recycled():
    world = generate_world(5, 400)
    ledger, records = recycle_handles(world, share=0.1, seed=1)
    return world, ledger, records


def test_a_recycled_handle_belongs_to_a_newcomer_with_another_id(recycled):
    world, ledger, records = recycled
    assert 20 < len(records) < 70
    by_id = {p.x.user_id: p for p in world.people if p.x}
    for record in records:
        holder = world.x_by_handle[record.handle.lower()]
        assert holder.user_id == record.new_user_id != record.previous_user_id
        old_owner = by_id[record.previous_user_id]
        assert old_owner.x.handle.lower() != record.handle.lower()
        assert old_owner.x.previous_handles[0] == record.handle  # same id, new handle
        assert record.released_at < record.taken_at < world.day0
        assert ledger.holder(record.handle, record.released_at) is None  # free until someone takes it
        assert ledger.holder(record.handle, record.taken_at).user_id == record.new_user_id
        assert holder.posts and all(p.created_at >= record.taken_at for p in holder.posts)


def test_stale_declarations_now_point_at_the_newcomer(recycled):
    world, _, records = recycled
    stale = 0
    for record in records:
        owner = next(p for p in world.people if p.person_id == record.previous_person)
        if owner.github and (owner.github.twitter_username or "").lower() == record.handle.lower():
            stale += 1
    assert stale >= 1  # some people never update their GitHub's X handle


def test_the_server_answers_with_the_new_holder(recycled):
    world, _, records = recycled
    client = TestClient(create_app(world))
    record = records[0]
    body = client.get(f"/x-api/2/users/by/username/{record.handle}", headers=AUTH).json()
    assert body["data"]["id"] == record.new_user_id


def test_grading_counts_the_current_holder_as_the_owner(recycled):
    world, _, records = recycled
    owners = truth_owners(world_truth(world))
    record = records[0]
    assert owners[("x", record.handle.lower())] == record.new_person
    merged = grade_rows([{"profiles": [f"x:{record.handle}", f"x:{world.x_by_id[record.previous_user_id].handle}"]}],
                        owners)
    assert merged["rows_mixing_people"] == 1  # the old owner and the newcomer are two people


def test_the_share_is_checked_and_the_same_arguments_give_the_same_world():
    with pytest.raises(InputError, match="between 0 and 1"):
        recycle_handles(generate_world(5, 50), share=1.5)
    a, b = generate_world(5, 200), generate_world(5, 200)
    assert recycle_handles(a, 0.2, seed=3)[1] == recycle_handles(b, 0.2, seed=3)[1]
    assert repr(a.people) == repr(b.people)
