"""Faults on the world clock: validated at load, active only in their windows, restarts for the soak."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from scout_core.errors import InputError
from scout_core.sandbox.clock import DAY_S
from scout_core.sandbox.live import LiveWorld
from scout_core.sandbox.schedule import (
    FAULT_KINDS,
    OPS_EVENTS,
    default_schedule,
    load_schedule,
    parse_schedule,
)
from scout_core.sandbox.server import create_app

AUTH = {"authorization": "Bearer sandbox-token"}
SESSION = {"auth_token": "sandbox-session-0"}


@pytest.mark.parametrize(("data", "message"), [
    ([{"source": "x_apii", "kind": "outage", "start": "day 3"}], "unknown source 'x_apii'"),
    ([{"source": "x_api", "kind": "flood", "start": "day 3"}], "unknown kind 'flood'"),
    ([{"source": "x_api", "kind": "outage", "start": "day 3", "duration": "-2h"}], "duration must be positive"),
    ([{"source": "x_api", "kind": "outage", "start": "day 3", "duration": 0}], "duration must be positive"),
    ([{"source": "x_api", "kind": "outage", "start": "day 3 09:00", "duration": "2h"},
      {"source": "x_api", "kind": "rate_limit_storm", "start": "day 3 10:00", "duration": "10m"}], "overlaps"),
    ([{"source": "x_web", "kind": "dom_drift", "start": "day 5"},
      {"source": "x_web", "kind": "expired_cookies", "start": "day 9", "duration": "1h"}], "overlaps"),
    ([{"source": "github", "kind": "dom_drift", "start": "day 5"}], "X's pages only"),
    ([{"source": "x_api", "kind": "outage", "start": "yesterday"}], "start"),
    ([{"source": "x_api", "kind": "outage"}], "'start' is required"),
    ([{"source": "x_api", "kind": "outage", "start": "day 1", "when": "now"}], "unknown key 'when'"),
    ([{"source": "x_api", "kind": "latency", "start": "day 1", "knobs": {"latency_ms": -5}}], "latency_ms"),
    ({"events": [{"kind": "kafka_restart", "at": "day 2"}]}, "unknown event 'kafka_restart'"),
    ({"events": [{"kind": "redis_restart", "at": "day 2", "duration": "-1m"}]}, "must not be negative"),
    ({"events": [{"kind": "redis_restart", "at": "day 2", "duration": "10m"},
                 {"kind": "redis_restart", "at": "day 2 00:05"}]}, "overlaps"),
    ({"fault": []}, "unknown section 'fault'"),
])
def test_a_bad_schedule_is_a_one_line_error_naming_the_entry(data, message):
    with pytest.raises(InputError) as err:
        parse_schedule(data)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_windows_of_different_sources_may_overlap_and_back_to_back_windows_are_fine():
    schedule = parse_schedule([
        {"source": "x_api", "kind": "outage", "start": "day 3 09:00", "duration": "2h"},
        {"source": "x_api", "kind": "rate_limit_storm", "start": "day 3 11:00", "duration": "30m"},
        {"source": "github", "kind": "outage_503", "start": "day 3 09:30", "end": "day 3 10:00"},
    ])
    assert [w.kind for w in schedule.windows] == ["outage", "outage_503", "rate_limit_storm"]
    assert schedule.spec_at("x_api", 3 * DAY_S + 11 * 3600).rate_limit == 1.0
    assert schedule.spec_at("x_api", 3 * DAY_S + 8 * 3600) is None


def test_a_schedule_file_loads_from_yaml_or_json_and_round_trips(tmp_path):
    yaml_file = tmp_path / "faults.yaml"
    yaml_file.write_text("faults:\n  - {source: x_api, kind: outage, start: 'day 3 09:00', duration: 2h}\n"
                         "events:\n  - {kind: database_restart, at: 'day 6 04:30', duration: 2m}\n")
    schedule = load_schedule(yaml_file)
    json_file = tmp_path / "faults.json"
    json_file.write_text(json.dumps(schedule.to_data()))
    assert load_schedule(json_file) == schedule
    broken = tmp_path / "broken.yaml"
    broken.write_text("faults: [ {source: x_api\n")
    with pytest.raises(InputError, match="broken.yaml: not valid YAML"):
        load_schedule(broken)
    with pytest.raises(InputError, match="no such file"):
        load_schedule(tmp_path / "missing.yaml")


def test_restarts_are_handed_to_the_soak_driver_by_time():
    schedule = default_schedule(7)
    kinds = {w.kind for w in schedule.windows}
    assert kinds == set(FAULT_KINDS)  # the default soak schedule has every kind of fault
    assert {e.kind for e in schedule.events} == set(OPS_EVENTS)
    due = schedule.events_between(0, 3 * DAY_S)
    assert [e.kind for e in due] == ["redis_restart"]
    assert schedule.events_between(3 * DAY_S, 7 * DAY_S)[0].kind == "database_restart"


def test_scheduled_faults_act_only_in_their_windows_on_the_world_clock(history):
    live = LiveWorld(history, schedule=parse_schedule({"faults": [
        {"source": "x_api", "kind": "outage_503", "start": "day 3 09:00", "duration": "2h"},
        {"source": "x_web", "kind": "dom_drift", "start": "day 5"},
        {"source": "github", "kind": "rate_limit_storm", "start": "day 4", "duration": "30m"},
    ]}))
    client = TestClient(create_app(live))
    handle = history.world.people[0].x.handle
    login = next(p.github.login for p in history.world.people if p.github)

    def x_status(at: str) -> int:
        client.post("/sandbox/clock", json={"set": at})
        return client.get(f"/x-api/2/users/by/username/{handle}", headers=AUTH).status_code

    assert [x_status(at) for at in ("day 3 08:59", "day 3 09:00", "day 3 10:59", "day 3 11:00")] \
        == [200, 503, 503, 200]
    client.post("/sandbox/clock", json={"set": "day 4 00:10"})
    assert client.get(f"/github/users/{login}", headers=AUTH).status_code == 403  # GitHub's rate-limit answer
    client.post("/sandbox/clock", json={"set": "day 4 00:30"})
    assert client.get(f"/github/users/{login}", headers=AUTH).status_code == 200
    for at, drifted in (("day 4 23:00", False), ("day 5", True), ("day 40", True)):
        client.post("/sandbox/clock", json={"set": at})
        page = client.get(f"/x-web/{handle}").text
        assert ('"UserName": "UserNameV2"' in page) is drifted, at
    shown = client.get("/sandbox/schedule").json()
    assert shown["active"] == ["x_web dom_drift day 5 00:00 - open"]


def test_knobs_set_by_hand_take_precedence_over_the_schedule(history):
    live = LiveWorld(history, schedule=parse_schedule(
        [{"source": "x_api", "kind": "outage_503", "start": "day 0", "duration": "1d"}]))
    app = create_app(live)
    client = TestClient(app)
    handle = history.world.people[0].x.handle
    assert client.get(f"/x-api/2/users/by/username/{handle}", headers=AUTH).status_code == 503
    app.state.faults.set("x_api", server_errors=1.0, server_error_status=502)
    assert client.get(f"/x-api/2/users/by/username/{handle}", headers=AUTH).status_code == 502


def test_the_schedule_and_clock_routes_refuse_bad_input_and_change_nothing(history):
    live = LiveWorld(history)
    client = TestClient(create_app(live))
    good = {"faults": [{"source": "search", "kind": "timeouts", "start": "day 1", "duration": "1h"}]}
    assert client.post("/sandbox/schedule", json=good).status_code == 200
    bad = client.post("/sandbox/schedule", json={"faults": [{"source": "nope", "kind": "outage", "start": "day 1"}]})
    assert bad.status_code == 422 and "unknown source 'nope'" in bad.json()["error"]
    assert client.get("/sandbox/schedule").json()["faults"][0]["source"] == "search"
    for body in ({"advance": "-1h"}, {"set": "someday"}, {"run": 0}, {"jump": 1}, {}, {"set": 1, "advance": 1}):
        answer = client.post("/sandbox/clock", json=body)
        assert answer.status_code == 422, body
    assert client.post("/sandbox/clock", content=b"[1, 2]").status_code == 422
    assert client.post("/sandbox/clock", content=b"{" * 50).status_code == 422
    assert client.post("/sandbox/clock", content=b"x" * (2 * 2**20)).status_code == 413
    assert client.get("/sandbox/clock").json()["elapsed_s"] == 0
    assert client.post("/sandbox/clock", json={"set": "day 2 06:00"}).json()["at"] == "day 2 06:00"
