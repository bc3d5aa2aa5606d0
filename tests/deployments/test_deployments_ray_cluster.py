"""ray_cluster.yaml: validates with Ray's own checks, and seeded mistakes are caught."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from deployments.ray_cluster import validate_ray_cluster_yaml

REPO = Path(__file__).resolve().parents[2]
CLUSTER = yaml.safe_load((REPO / "ray_cluster.yaml").read_text())


def write(tmp_path: Path, config: dict) -> Path:
    path = tmp_path / "ray_cluster.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_repository_ray_cluster_yaml_is_valid():
    assert validate_ray_cluster_yaml(REPO / "ray_cluster.yaml") == []


def test_node_types_offer_what_the_actors_ask_for():
    nodes = CLUSTER["available_node_types"]
    assert nodes[CLUSTER["head_node_type"]]["resources"] == {"CPU": 0}
    assert nodes["browser_worker"]["resources"]["browser"] >= 1
    assert nodes["api_worker"]["resources"]["api"] >= 1
    assert nodes["browser_worker"]["node_config"]["InstanceMarketOptions"]["MarketType"] == "spot"
    assert CLUSTER["docker"]["image"] == "rayproject/ray:2.60.0-py311-cpu"
    assert any(option.startswith("--shm-size") for option in CLUSTER["docker"]["run_options"])


def _typo_top_level(c):
    c["max_worker"] = c.pop("max_workers")


def _drop_api_resources(c):
    del c["available_node_types"]["api_worker"]["resources"]


def _bad_head(c):
    c["head_node_type"] = "heda"


def _min_over_max(c):
    c["available_node_types"]["api_worker"]["min_workers"] = c["max_workers"] + 1


def _no_browser_resource(c):
    c["available_node_types"]["browser_worker"]["resources"] = {"CPU": 4}


def _no_api_node_type(c):
    del c["available_node_types"]["api_worker"]


def _busy_head(c):
    c["available_node_types"]["head"]["resources"] = {}


def _typo_in_docker(c):
    c["docker"]["imag"] = c["docker"].pop("image")


SEEDED = {
    "top-level typo": (_typo_top_level, "'max_worker' was unexpected"),
    "missing resources": (_drop_api_resources, "'resources' is a required property"),
    "bad head_node_type": (_bad_head, "head_node_type"),
    "sum of min_workers over max_workers": (_min_over_max, "sum of `min_workers`"),
    "browser node without the browser resource": (_no_browser_resource, "'browser_worker' must offer"),
    "api node type missing": (_no_api_node_type, "'api_worker' is missing"),
    "head open to work": (_busy_head, "{'CPU': 0}"),
    "docker typo": (_typo_in_docker, "'imag' was unexpected"),
}


@pytest.mark.parametrize("case", sorted(SEEDED))
def test_seeded_mistake_is_reported(tmp_path, case):
    mutate, expected = SEEDED[case]
    config = copy.deepcopy(CLUSTER)
    mutate(config)
    problems = validate_ray_cluster_yaml(write(tmp_path, config))
    assert any(expected in problem for problem in problems), problems


def test_non_mapping_file_is_a_problem(tmp_path):
    path = tmp_path / "ray_cluster.yaml"
    path.write_text("- just\n- a list\n")
    assert validate_ray_cluster_yaml(path) == [f"{path}: top level must be a mapping, got list"]
