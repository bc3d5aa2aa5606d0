"""What a run needs before it starts: settings pointed at the right sources, a migrated store, a run id."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scout_core.errors import ConfigurationError
from scout_core.lease import take_run_lease
from scout_core.logs import apply_log_level
from scout_core.schema import utcnow
from scout_core.settings import Settings


@dataclass
class RunContext:
    settings: Settings
    run_id: str
    sandbox_url: str | None = None


def with_world(settings: Settings, world_seed: int | None, world_size: int | None) -> Settings:
    """Settings with the sandbox world's seed and size overridden where given."""
    updates = {k: v for k, v in {"seed": world_seed, "size": world_size}.items() if v is not None}
    if not updates:
        return settings
    return settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update=updates)})


def resolve_sources(settings: Settings) -> tuple[Settings, str | None]:
    """Point every source at the sandbox when no credentials are configured (or the sandbox is forced)."""
    if not settings.wants_sandbox():
        return settings, None
    from scout_core.sandbox.running import ensure_sandbox
    from scout_core.sandbox.wiring import point_settings_at

    url = ensure_sandbox(settings.sandbox)
    return point_settings_at(settings, url), url


@lru_cache(maxsize=8)
def _repository(url: str) -> Any:
    from scout_core.store.db import check_connection, make_engine
    from scout_core.store.repository import Repository

    engine = make_engine(url)
    check_connection(engine)
    return Repository(engine)


def ensure_data_dir(settings: Settings) -> None:
    """Create the data directory; one line naming the setting when it cannot be (a file, no permission)."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(f"SCOUT_DATA_DIR={settings.data_dir}: cannot create it as a directory: "
                                 f"{exc.strerror}") from exc


def open_repository(settings: Settings, migrate: bool = True) -> Any:
    """The store for these settings, reachable and migrated to head (cached per URL per process)."""
    url = settings.resolved_database_url
    ensure_data_dir(settings)
    repo = _repository(url)
    if migrate:
        from scout_core.store.migrate import ensure_schema

        ensure_schema(url)
    return repo


def prepare_run(settings: Settings, params: dict[str, Any], wait: bool = True,
                on_wait: Callable[[str], None] | None = None) -> RunContext:
    """Open a run: its sources, a migrated store, and the run lease (one run at a time; see ``lease``).

    ``wait`` False refuses at once (RunInProgressError) while another run holds the lease.
    """
    apply_log_level(settings.log_level)  # a deployment's worker process never went through the command line
    settings, url = resolve_sources(settings)
    repo = open_repository(settings)
    run_id = f"run-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    take_run_lease(repo, run_id, settings.lease, wait, on_wait)  # marks runs that died crashed
    world = {"world_seed": settings.sandbox.seed, "world_size": settings.sandbox.size} if url else {}
    repo.start_run(run_id, {**params, "sandbox": url is not None, **world})
    return RunContext(settings=settings, run_id=run_id, sandbox_url=url)
