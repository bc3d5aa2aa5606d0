"""docker/compose.yaml and the env examples: structural checks that need no Docker engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from deployments.compose import REQUIRED_SERVICES, validate_compose
from deployments.env_files import unknown_setting_names, validate_env_file

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker" / "compose.yaml"
COMPOSE_TEXT = COMPOSE.read_text()
ENV_EXAMPLES = sorted((REPO / "deployments" / "envs").glob("*.env.example"))


def test_repository_compose_passes_the_structural_check():
    assert validate_compose(COMPOSE) == []


def test_every_service_that_runs_scout_gets_the_stack_addresses():
    services = yaml.safe_load(COMPOSE_TEXT)["services"]
    wanted = {"SCOUT_DATABASE_URL", "SCOUT_REDIS_URL", "SCOUT_RAY_ADDRESS", "PREFECT_API_URL",
              "SCOUT_MLFLOW_TRACKING_URI"}
    for name in ("prefect-worker", "scout", "ray-head"):
        assert wanted <= set(services[name]["environment"]), name
    assert "scout-process" in (REPO / "docker" / "prefect-worker.Dockerfile").read_text()


def test_long_running_services_have_healthchecks():
    services = yaml.safe_load(COMPOSE_TEXT)["services"]
    one_shot = {name for name, s in services.items() if s.get("restart") == "no"}
    assert {"scout", "prefect-deploy"} <= one_shot
    assert [n for n in services if n not in one_shot and "healthcheck" not in services[n]] == []


@pytest.fixture
def write_compose(tmp_path):
    """Write a seeded compose file into a copy of docker/, so build contexts and Dockerfiles resolve."""
    shutil.copytree(REPO / "docker", tmp_path / "docker")
    path = tmp_path / "docker" / "compose.yaml"

    def write(doc: dict) -> Path:
        path.write_text(yaml.safe_dump(doc, sort_keys=False))
        return path

    return write


def _services(doc):
    return doc["services"]


SEEDED = {
    "missing service": (lambda d: _services(d).pop("redis"), "missing service 'redis'"),
    "neither image nor build": (lambda d: _services(d)["mlflow"].pop("image"),
                                "service 'mlflow': needs an 'image' or a 'build'"),
    "missing Dockerfile": (lambda d: _services(d)["scout"]["build"].update(dockerfile="docker/wroker.Dockerfile"),
                           "'docker/wroker.Dockerfile' not found"),
    "missing build context": (lambda d: _services(d)["scout"]["build"].update(context="../nowhere"),
                              "build context '../nowhere' is not a directory"),
    "unknown dependency": (lambda d: _services(d)["scout"]["depends_on"].update(rediss={}),
                           "depends_on unknown service 'rediss'"),
    "waits on a service without healthcheck": (lambda d: _services(d)["redis"].pop("healthcheck"),
                                               "waits for 'redis' to be healthy, but 'redis' has no healthcheck"),
    "undeclared volume": (lambda d: d["volumes"].pop("redis-data"), "'redis-data' is not declared"),
    "misspelled SCOUT variable": (lambda d: _services(d)["scout"]["environment"].update(SCOUT_REDIS_ULR="x"),
                                  "SCOUT_REDIS_ULR: no settings field 'redis_ulr'"),
    "unknown top-level key": (lambda d: d.update(volume=d.pop("volumes")), "unknown key 'volume'"),
    "placeholder without default": (
        lambda d: _services(d)["scout"]["environment"].update(SCOUT_LOG_LEVEL="${LEVEL}"),
        "${LEVEL} has no default",
    ),
}


@pytest.mark.parametrize("case", sorted(SEEDED))
def test_seeded_compose_mistake_is_reported(write_compose, case):
    mutate, expected = SEEDED[case]
    doc = yaml.safe_load(COMPOSE_TEXT)
    mutate(doc)
    problems = validate_compose(write_compose(doc))
    assert any(expected in problem for problem in problems), problems


def test_seeding_starts_from_a_clean_file(write_compose):
    assert validate_compose(write_compose(yaml.safe_load(COMPOSE_TEXT))) == []


def test_escaped_dollars_and_required_placeholders_are_accepted(tmp_path):
    path = tmp_path / "compose.yaml"
    path.write_text('services:\n  a:\n    image: x\n    command: ["sh", "-c", "echo $$HOME ${TOKEN:?set TOKEN}"]\n')
    assert validate_compose(path, required=("a",)) == []


def test_required_services_match_the_brief():
    assert set(REQUIRED_SERVICES) == {"postgres", "redis", "prefect-server", "prefect-worker", "mlflow",
                                      "ray-head", "scout"}


@pytest.mark.parametrize("path", ENV_EXAMPLES, ids=lambda p: p.name)
def test_env_examples_name_only_real_settings_with_acceptable_values(path):
    assert validate_env_file(path) == []


def test_env_examples_cover_local_and_production():
    assert {p.name for p in ENV_EXAMPLES} >= {"local.env.example", "production.env.example"}


def test_misspelled_and_badly_valued_settings_are_reported(tmp_path):
    path = tmp_path / "bad.env.example"
    path.write_text("SCOUT_REDIS_ULR=redis://x\nSCOUT_RAY__API_WORKERS=lots\nnot a line\nPREFECT_API_URL=x\n")
    problems = validate_env_file(path)
    assert "bad.env.example:3: expected KEY=value" in problems
    assert any("SCOUT_REDIS_ULR" in p and "did you mean 'redis_url'" in p for p in problems), problems
    assert any(p.startswith("bad.env.example: SCOUT_RAY__API_WORKERS:") for p in problems), problems


def test_setting_names_resolve_through_nested_groups():
    assert unknown_setting_names(["SCOUT_X_WEB__BROWSER_PATH", "SCOUT_RAY", "SCOUT_TEST_POSTGRES_URL"]) == []
    [problem] = unknown_setting_names(["SCOUT_LOG_LEVEL__DEBUG"])
    assert "'log_level' is not a settings group" in problem
