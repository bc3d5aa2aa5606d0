"""Pull steps for ``prefect.yaml``: where a worker finds Scout's code when it starts a flow run.

A fixed ``set_working_directory: /opt/scout`` only exists inside the images, so every run started by a
worker on a checkout crashed with ``FileNotFoundError``. Scout is always installed where its worker runs
(``pip install -e .`` in a checkout and in the images), so the installed ``flows`` package says where the
project is: its parent holds ``flows/pipeline.py``, the path every entrypoint is relative to.
"""

from __future__ import annotations

import os
from pathlib import Path

import flows


def project_directory() -> Path:
    """The directory whose ``flows/`` is the installed flows package (a checkout, /opt/scout in the images)."""
    return Path(flows.__file__).resolve().parent.parent


def set_project_directory(directory: str | None = None) -> dict[str, str]:
    """Change to ``directory`` when given (an override for unusual layouts), else to the installed project.

    Returns ``{"directory": ...}`` like Prefect's own ``set_working_directory``, so later steps can use it.
    """
    target = Path(directory).expanduser() if directory else project_directory()
    if not (target / "flows").is_dir():
        raise FileNotFoundError(f"{target} holds no flows/ package: not a Scout project directory")
    os.chdir(target)
    return {"directory": os.getcwd()}
