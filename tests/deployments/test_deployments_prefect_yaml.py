"""prefect.yaml: the repository's file validates clean and every seeded mistake is named.

The seeded cases run on a small self-contained project (a stub flow with the pipeline's signature), so
they test the validator and not the state of flows/ at the time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deployments.prefect_yaml import deployment_entrypoints, load_entrypoint, validate_prefect_yaml
from scout_core.errors import ConfigurationError

REPO = Path(__file__).resolve().parents[2]

STUB_FLOW = '''
from prefect import flow


@flow(name="stub-pipeline")
def pipeline(limit: int = 50, world_seed: int | None = None, world_size: int | None = None) -> dict:
    """A stub.

    Args:
        limit: Candidates.
        world_seed: Seed.
        world_size: People.
    """
    return {"limit": limit}
'''

BASE_YAML = """\
name: scout
prefect-version: 3.9.1
pull:
  - prefect.deployments.steps.set_working_directory:
      directory: /opt/scout
definitions:
  work_pools:
    scout_process: &scout_process {name: scout-process, work_queue_name: default, job_variables: {}}
deployments:
  - name: scout-pipeline-hourly
    entrypoint: flows/stub_pipeline.py:pipeline
    tags: [scout]
    parameters:
      limit: 50
    schedules:
      - cron: "0 * * * *"
        timezone: UTC
      - cron: "30 6 * * 1-5"
        timezone: Europe/Berlin
        parameters: {world_size: 500}
    concurrency_limit: {limit: 1, collision_strategy: CANCEL_NEW}
    work_pool: *scout_process
"""


def write_project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "stub_pipeline.py").write_text(STUB_FLOW)
    path = tmp_path / "prefect.yaml"
    path.write_text(text)
    return path


def seeded(old: str, new: str) -> str:
    assert old in BASE_YAML, f"seed target {old!r} not in the base file"
    return BASE_YAML.replace(old, new, 1)


def test_repository_prefect_yaml_is_valid():
    assert validate_prefect_yaml(REPO / "prefect.yaml") == []


def test_every_repository_entrypoint_loads_as_a_flow():
    from prefect import Flow

    entrypoints = deployment_entrypoints(REPO / "prefect.yaml")
    assert "flows/pipeline.py:pipeline" in entrypoints
    for entrypoint in entrypoints:
        assert isinstance(load_entrypoint(entrypoint, REPO), Flow), entrypoint


def test_repository_hourly_deployment_is_what_operators_expect():
    import yaml

    doc = yaml.safe_load((REPO / "prefect.yaml").read_text())
    hourly = next(d for d in doc["deployments"] if d["name"] == "scout-pipeline-hourly")
    assert hourly["schedules"][0]["cron"] == "0 * * * *"
    assert hourly["schedules"][0]["timezone"] == "UTC"
    assert hourly["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}
    assert hourly["work_pool"]["name"] == "scout-process"


def test_base_project_is_valid(tmp_path):
    assert validate_prefect_yaml(write_project(tmp_path, BASE_YAML)) == []


SEEDED_MISTAKES = {
    # prefect deploy accepts this one silently (extra="ignore") and deploys with default parameters.
    "misspelled deployment key": (("parameters:\n      limit", "paramters:\n      limit"), "'paramters'"),
    "wrong parameter type": (("limit: 50", "limit: lots"), "limit"),
    "unknown parameter": (("limit: 50", "limt: 50"), "['limt'] not in the signature"),
    "bad per-schedule parameter": (("{world_size: 500}", "{world_size: many}"), "schedule #2 parameters"),
    "misspelled schedule key": (('- cron: "0 * * * *"', '- cronn: "0 * * * *"'), "'cronn'"),
    "four-field cron": (('"0 * * * *"', '"0 * * *"'), "Invalid cron string"),
    "bad timezone": (("Europe/Berlin", "Europe/Berlinn"), "Europe/Berlinn"),
    "missing flow": (("stub_pipeline.py:pipeline", "stub_pipeline.py:no_such_flow"), "no_such_flow"),
    "missing flow file": (("flows/stub_pipeline.py", "flows/gone.py"), "not found"),
    "undefined work pool": (("work_pool: *scout_process", "work_pool: {name: scout-proces}"), "scout-proces"),
    "misspelled work pool key": (("work_queue_name: default", "work_queue: default"), "'work_queue'"),
    "bad collision strategy": (("CANCEL_NEW", "CANCEL"), "collision_strategy 'CANCEL'"),
    "misspelled step argument": (("directory: /opt/scout", "directroy: /opt/scout"), "directroy"),
    "misspelled top-level key": (("prefect-version:", "prefect_versoin:"), "'prefect_versoin'"),
    # The flow-run API shows job variables in plain text.
    "credential in job variables": (("job_variables: {}", "job_variables: {env: {SCOUT_GITHUB__TOKEN: ghp_x}}"),
                                    "job_variables.env 'SCOUT_GITHUB__TOKEN' carries a credential"),
    "block reference in job variables": (
        ("job_variables: {}", 'job_variables: {env: {AWS_SECRET_ACCESS_KEY: "{{ prefect.blocks.secret.aws }}"}}'),
        "'AWS_SECRET_ACCESS_KEY' carries a credential"),
}
# Mistakes in the flow rather than the file: (text in STUB_FLOW, replacement, expected in a problem).
FLOW_MISTAKES = {
    "undocumented parameter": ("        world_size: People.\n", "", "parameters ['world_size'] have no description"),
}


@pytest.mark.parametrize("case", sorted(FLOW_MISTAKES))
def test_seeded_flow_mistake_is_reported(tmp_path, case):
    old, new, expected = FLOW_MISTAKES[case]
    path = write_project(tmp_path, BASE_YAML)
    assert old in STUB_FLOW
    (tmp_path / "flows" / "stub_pipeline.py").write_text(STUB_FLOW.replace(old, new))
    problems = validate_prefect_yaml(path)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("case", sorted(SEEDED_MISTAKES))
def test_seeded_mistake_is_reported(tmp_path, case):
    (old, new), expected = SEEDED_MISTAKES[case]
    problems = validate_prefect_yaml(write_project(tmp_path, seeded(old, new)))
    assert any(expected in problem for problem in problems), problems


def test_problem_names_the_deployment_and_suggests_the_key(tmp_path):
    text = seeded("parameters:\n      limit", "paramters:\n      limit")
    problems = validate_prefect_yaml(write_project(tmp_path, text))
    assert problems == [
        "prefect.yaml: deployment 'scout-pipeline-hourly': "
        "unknown key 'paramters' (did you mean 'parameters'?)"
    ]


def test_flow_that_fails_to_import_is_reported_not_replaced_by_a_placeholder(tmp_path):
    path = write_project(tmp_path, BASE_YAML)
    (tmp_path / "flows" / "stub_pipeline.py").write_text("import no_such_module_anywhere\n" + STUB_FLOW)
    problems = validate_prefect_yaml(path)
    assert any("import failed" in p and "no_such_module_anywhere" in p for p in problems), problems


def test_unreadable_and_malformed_files_are_problems_not_crashes(tmp_path):
    assert "cannot read" in validate_prefect_yaml(tmp_path / "absent.yaml")[0]
    broken = tmp_path / "prefect.yaml"
    broken.write_text("deployments: [unclosed\n")
    assert "not valid YAML" in validate_prefect_yaml(broken)[0]


def test_load_entrypoint_rejects_a_malformed_entrypoint():
    with pytest.raises(ConfigurationError, match="path/to/file.py:flow_function"):
        load_entrypoint("flows.pipeline", REPO)
