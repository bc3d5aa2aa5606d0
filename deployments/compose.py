"""A light structural check of ``docker/compose.yaml``, for a machine with no Docker engine.

It catches what would only show at ``docker compose up``: a missing service, a service with neither an
image nor a build, a Dockerfile or build context that is not there, ``depends_on`` naming an unknown
service or waiting for a health check that is not defined, named volumes not declared, ``${VAR}``
placeholders with no default, and SCOUT_* variables that no setting reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from deployments.checks import load_yaml_mapping, unknown_keys
from deployments.env_files import unknown_setting_names

# The local stack the brief asks for (docker/README.md describes each).
REQUIRED_SERVICES = ("postgres", "redis", "prefect-server", "prefect-worker", "mlflow", "ray-head", "scout")
_TOP_LEVEL = ("name", "version", "services", "networks", "volumes", "configs", "secrets", "include")
# $$ is an escaped dollar; ${VAR:-x} / ${VAR-x} have a default; ${VAR:?msg} / ${VAR?msg} fail loudly.
_PLACEHOLDER = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def validate_compose(path: str | Path, required: tuple[str, ...] = REQUIRED_SERVICES) -> list[str]:
    """Every structural problem in a compose file, one line each; empty means it looks sound."""
    path = Path(path)
    doc, problems = load_yaml_mapping(path)
    if doc is None:
        return problems
    where = path.name
    top = {k: v for k, v in doc.items() if not str(k).startswith("x-")}
    problems += unknown_keys(where, top, _TOP_LEVEL)
    problems += _placeholder_problems(where, path.read_text(encoding="utf-8"))
    services = doc.get("services")
    if not isinstance(services, dict) or not services:
        return problems + [f"{where}: 'services' must be a non-empty mapping"]
    problems += [f"{where}: missing service {name!r}" for name in required if name not in services]
    volumes = set((doc.get("volumes") or {}).keys())
    for name, service in services.items():
        label = f"{where}: service {name!r}"
        if not isinstance(service, dict):
            problems.append(f"{label} must be a mapping")
            continue
        problems += _image_problems(label, service, path.parent)
        problems += _dependency_problems(label, service, services)
        problems += _volume_problems(label, service, volumes)
        problems += _environment_problems(label, service)
    return problems


def _image_problems(label: str, service: dict[str, Any], compose_dir: Path) -> list[str]:
    build = service.get("build")
    if build is None:
        return [] if service.get("image") else [f"{label}: needs an 'image' or a 'build'"]
    if isinstance(build, str):
        build = {"context": build}
    context = compose_dir / str(build.get("context", "."))
    if not context.is_dir():
        return [f"{label}: build context {str(build.get('context'))!r} is not a directory"]
    dockerfile = build.get("dockerfile", "Dockerfile")
    if not (context / dockerfile).is_file():
        return [f"{label}: Dockerfile {dockerfile!r} not found in build context {str(context)!r}"]
    return []


def _dependency_problems(label: str, service: dict[str, Any], services: dict[str, Any]) -> list[str]:
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        depends = {name: {} for name in depends}
    problems = []
    for name, spec in depends.items():
        if name not in services:
            problems.append(f"{label}: depends_on unknown service {name!r}")
            continue
        condition = (spec or {}).get("condition")
        if condition == "service_healthy" and not (services[name] or {}).get("healthcheck"):
            problems.append(f"{label}: waits for {name!r} to be healthy, but {name!r} has no healthcheck")
    return problems


def _volume_problems(label: str, service: dict[str, Any], declared: set[str]) -> list[str]:
    problems = []
    for mount in service.get("volumes") or []:
        if isinstance(mount, str):
            source, sep, _ = mount.partition(":")
            named = bool(sep) and not source.startswith((".", "/", "~", "$"))  # else a bind mount
        else:
            source, named = (mount or {}).get("source", ""), (mount or {}).get("type") == "volume"
        if named and source and source not in declared:
            problems.append(f"{label}: named volume {source!r} is not declared under top-level 'volumes'")
    return problems


def _environment_problems(label: str, service: dict[str, Any]) -> list[str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return [f"{label}: {problem}" for problem in unknown_setting_names(env)]


def _placeholder_problems(where: str, text: str) -> list[str]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for match in _PLACEHOLDER.finditer(line):
            if match.group(0) == "$$":
                continue
            name = match.group(1) or match.group(3)
            modifier = match.group(2) or ""
            if not modifier.startswith((":-", "-", ":?", "?")):
                problems.append(f"{where}:{number}: ${{{name}}} has no default; write ${{{name}:-value}}")
    return problems
