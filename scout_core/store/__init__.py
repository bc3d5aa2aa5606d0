"""Storage: one repository over SQLite or PostgreSQL, with the schema owned by Alembic.

    from scout_core.store import Repository, ensure_schema
    ensure_schema(url)
    repo = Repository(url)
    repo.save_builder(profile, scorecard, classification)
"""

from scout_core.store import analytics_models  # noqa: F401 - the analytics tables belong to the schema too
from scout_core.store.db import check_connection, make_engine, session_factory
from scout_core.store.migrate import current_revision, ensure_schema, head_revision, upgrade
from scout_core.store.operations import INTERACTION_KINDS, DeadLetter, RunRecord
from scout_core.store.repository import Repository

__all__ = [
    "INTERACTION_KINDS",
    "DeadLetter",
    "Repository",
    "RunRecord",
    "check_connection",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "make_engine",
    "session_factory",
    "upgrade",
]
