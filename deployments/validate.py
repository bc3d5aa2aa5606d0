"""Validate every deployment file offline: ``python -m deployments.validate [--root DIR]``.

Prints ``OK <file>``, or ``FAIL <file>`` and the problems found, one per line; exits 1 when there are problems, 2 when a
validator itself cannot run (a pinned private Prefect or Ray API moved). Needs no Prefect server, no
Ray cluster, no Docker engine and no AWS account: it runs the checks those tools run before acting.

    prefect.yaml                    validate_prefect_yaml      (deployments/prefect_yaml.py)
    ray_cluster.yaml                validate_ray_cluster_yaml  (deployments/ray_cluster.py)
    docker/compose.yaml             validate_compose           (deployments/compose.py)
    deployments/envs/*.env.example  validate_env_file          (deployments/env_files.py)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from deployments.compose import validate_compose
from deployments.env_files import validate_env_file
from deployments.prefect_yaml import validate_prefect_yaml
from deployments.ray_cluster import validate_ray_cluster_yaml
from scout_core.errors import ConfigurationError

__all__ = [
    "main",
    "validate_all",
    "validate_compose",
    "validate_env_file",
    "validate_prefect_yaml",
    "validate_ray_cluster_yaml",
]

Validator = Callable[[Path], list[str]]


def deployment_files(root: Path) -> list[tuple[Path, Validator]]:
    """Each deployment file under the repository root, with the validator that checks it."""
    files: list[tuple[Path, Validator]] = [
        (root / "prefect.yaml", validate_prefect_yaml),
        (root / "ray_cluster.yaml", validate_ray_cluster_yaml),
        (root / "docker" / "compose.yaml", validate_compose),
    ]
    env_examples = sorted((root / "deployments" / "envs").glob("*.env.example"))
    return files + [(path, validate_env_file) for path in env_examples]


def validate_all(root: str | Path = ".") -> dict[Path, list[str]]:
    """Problems per deployment file; a file with an empty list is valid."""
    return {path: check(path) for path, check in deployment_files(Path(root))}


def main(argv: Sequence[str] | None = None) -> int:
    summary = (__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m deployments.validate", description=summary)
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    args = parser.parse_args(argv)
    try:
        results = validate_all(args.root)
    except ConfigurationError as exc:
        print(f"cannot validate: {exc}", file=sys.stderr)
        return 2
    for path, problems in results.items():
        shown = path.relative_to(args.root) if path.is_relative_to(args.root) else path
        print(f"{'FAIL' if problems else 'OK'}  {shown}")
        for problem in problems:
            print(f"  - {problem}")
    return 1 if any(results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
