"""Analytics fixtures: the store fixtures (SQLite and PostgreSQL, migrated), and a store filled with known answers."""

from __future__ import annotations

import pytest

from scout_core.analytics import refresh_analytics
from scout_core.store.analytics import AnalyticsRepository
from tests.analytics.builders_fixture import SEED_TOPICS, Filled, fill
from tests.store.conftest import db, empty_db  # noqa: F401 - fixtures shared with the store's tests


@pytest.fixture
def filled(db) -> tuple[AnalyticsRepository, Filled]:  # noqa: F811
    """A migrated database holding the fixture's builders, analytics refreshed once."""
    known = fill(db.engine)
    repo = AnalyticsRepository(db.engine)
    refresh_analytics(repo, now=known.now, seed_topics=SEED_TOPICS)
    return repo, known
