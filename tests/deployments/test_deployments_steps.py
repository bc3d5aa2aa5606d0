"""The pull step that finds Scout's code for a flow run, from a checkout or an image."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deployments.prefect_yaml import validate_prefect_yaml
from deployments.steps import project_directory, set_project_directory

ROOT = Path(__file__).resolve().parents[2]


def test_the_step_changes_to_the_installed_project_wherever_the_worker_started(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = set_project_directory()
    assert Path(os.getcwd()) == ROOT == project_directory()
    assert out == {"directory": str(ROOT)}
    assert (Path(os.getcwd()) / "flows" / "pipeline.py").is_file()  # what the entrypoints are relative to


def test_a_directory_without_flows_is_refused_and_the_cwd_is_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="holds no flows/ package"):
        set_project_directory(str(tmp_path / "elsewhere"))
    assert Path(os.getcwd()) == tmp_path


def test_prefect_yaml_pulls_with_this_step_not_an_image_only_path():
    text = (ROOT / "prefect.yaml").read_text()
    assert "deployments.steps.set_project_directory" in text
    assert "directory: /opt/scout" not in text
    assert validate_prefect_yaml(ROOT / "prefect.yaml") == []
