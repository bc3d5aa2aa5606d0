"""`python -m deployments.validate`: OK lines and exit 0 on the repository, problems and exit 1 otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

from deployments.validate import deployment_files, main

REPO = Path(__file__).resolve().parents[2]


def test_repository_validates_clean(capsys):
    assert main(["--root", str(REPO)]) == 0
    out = capsys.readouterr().out
    for name in ("prefect.yaml", "ray_cluster.yaml", "docker/compose.yaml", "deployments/envs/local.env.example"):
        assert f"OK  {name}" in out


def test_problems_are_printed_and_exit_code_is_one(tmp_path, capsys):
    for name in ("prefect.yaml", "ray_cluster.yaml", "docker", "deployments/envs", "flows"):
        source, target = REPO / name, tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    ray_file = tmp_path / "ray_cluster.yaml"
    ray_file.write_text(ray_file.read_text().replace("max_workers: 12", "max_worker: 12"))

    assert main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  ray_cluster.yaml\n  - ray_cluster.yaml: Additional properties are not allowed" in out
    assert "OK  docker/compose.yaml" in out


def test_every_deployment_file_has_a_validator():
    names = {path.relative_to(REPO).as_posix() for path, _ in deployment_files(REPO)}
    expected = {"prefect.yaml", "ray_cluster.yaml", "docker/compose.yaml", "deployments/envs/production.env.example"}
    assert expected <= names
