"""Offline validation of ``ray_cluster.yaml`` with Ray's own checks, the way ``ray up`` runs them.

``prepare_config`` merges the provider's defaults (``ray/autoscaler/aws/defaults.yaml``) and must come
before ``validate_config`` (JSON schema, ``head_node_type`` among the node types, the sum of
``min_workers`` within ``max_workers``). Both live in ``ray.autoscaler._private.util``, a private module:
the Ray pin matters. Typos inside ``provider:`` and ``node_config:`` pass Ray's schema (they are handed to
boto3 raw), so nothing here can catch those.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from deployments.checks import load_yaml_mapping, one_line, quiet_logger
from scout_core.errors import ConfigurationError

# The custom resource each enrichment node type must offer: actors ask for {"browser": 1} / {"api": 1}.
REQUIRED_NODE_RESOURCES = {"browser_worker": "browser", "api_worker": "api"}


def ray_config_checks() -> tuple[Any, Any]:
    """Ray's ``prepare_config`` and ``validate_config``; a clear error if a Ray upgrade moved them."""
    try:
        from ray.autoscaler._private.util import prepare_config, validate_config
    except ImportError as exc:
        import ray

        raise ConfigurationError(
            f"ray {ray.__version__}: ray.autoscaler._private.util no longer provides prepare_config/"
            f"validate_config (written against ray 2.60.0); update deployments/ray_cluster.py"
        ) from exc
    return prepare_config, validate_config


def validate_ray_cluster_yaml(path: str | Path) -> list[str]:
    """Every problem found in a Ray cluster launcher config, one line each; empty means valid."""
    path = Path(path)
    raw, problems = load_yaml_mapping(path)
    if raw is None:
        return problems
    # The file as written first: every schema error, at the user's own keys. prepare_config would
    # otherwise trip over some of them (a `docker.imag` typo) with a bare assertion.
    problems = _schema_problems(path.name, raw) or _ray_problems(path.name, raw)
    return problems + _resource_problems(path.name, raw)


def _schema_problems(where: str, raw: dict[str, Any]) -> list[str]:
    import jsonschema
    import ray.autoscaler

    schema_path = Path(ray.autoscaler.__file__).parent / "ray-schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    return [_schema_line(where, error) for error in errors]


def _ray_problems(where: str, raw: dict[str, Any]) -> list[str]:
    """``ray up``'s own sequence: merge the provider defaults, then validate the merged config."""
    import jsonschema

    prepare_config, validate_config = ray_config_checks()
    try:
        with quiet_logger("ray.autoscaler._private.util"):  # "setting max workers for ..." at INFO
            validate_config(prepare_config(copy.deepcopy(raw)))
    except jsonschema.ValidationError as exc:
        return [_schema_line(where, exc)]
    except (AssertionError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        # prepare_config indexes and asserts on the raw dict, so odd shapes fail there.
        return [f"{where}: {type(exc).__name__}: {one_line(str(exc))}"]
    return []


def _schema_line(where: str, error: Any) -> str:
    loc = ".".join(str(part) for part in error.absolute_path)
    return f"{where}: {loc + ': ' if loc else ''}{one_line(error.message)}"


def _resource_problems(where: str, raw: dict[str, Any]) -> list[str]:
    node_types = raw.get("available_node_types")
    if not isinstance(node_types, dict):
        return [f"{where}: available_node_types must be a mapping of node types"]
    problems = []
    for node_type, resource in REQUIRED_NODE_RESOURCES.items():
        spec = node_types.get(node_type)
        if not isinstance(spec, dict):
            problems.append(f"{where}: node type {node_type!r} is missing, so {resource!r} actors never run")
            continue
        amount = (spec.get("resources") or {}).get(resource)
        if not isinstance(amount, int) or amount < 1:
            problems.append(f"{where}: node type {node_type!r} must offer resources {{{resource!r}: N >= 1}}")
    head = node_types.get(raw.get("head_node_type"))
    if isinstance(head, dict) and (head.get("resources") or {}).get("CPU") != 0:
        problems.append(f"{where}: the head node type must declare resources {{'CPU': 0}} to keep work off")
    return problems
