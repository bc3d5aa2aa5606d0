"""Where flow results are persisted: a named Prefect storage block, else ``data_dir/prefect-results``.

A flow's result storage is fixed when the flow is defined, so it is read from the settings when the
flow module is imported (a worker imports it in each flow-run process, after the pull step). A relative
``data_dir`` stays relative: Prefect's local file system resolves it when it writes, like Scout does.
"""

from __future__ import annotations

from pathlib import Path

from scout_core.settings import Settings, load_settings

RESULTS_FOLDER = "prefect-results"


def flow_result_storage(settings: Settings | None = None) -> str | Path:
    """The block slug (``s3-bucket/scout-results``) when one is named, else the data dir's results folder."""
    settings = settings or load_settings()
    return settings.prefect.results_block or settings.data_dir / RESULTS_FOLDER
