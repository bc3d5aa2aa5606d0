"""The hourly analytics refresh on Prefect's test harness: a fresh install, then a store with builders."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.integration]


def test_analytics_refresh_on_a_fresh_install_then_on_builders(prefect_harness, tmp_path, monkeypatch):
    from flows.analytics import REPORT_KEY, analytics_refresh
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings
    from tests.analytics.builders_fixture import fill
    from tests.flows.test_topics_and_health_flows import _artifact

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    fresh = analytics_refresh(return_state=True)
    assert fresh.is_completed() and fresh.result()["builders_updated"] == 0
    assert "# Analytics refresh" in _artifact(fresh, REPORT_KEY).data

    fill(open_repository(Settings(data_dir=tmp_path / "data", _env_file=None)).engine)
    filled = analytics_refresh(return_state=True).result()
    assert filled["builders_updated"] == 5 and filled["graph_recomputed"] and filled["posts_counted"] == 36
    again = analytics_refresh(return_state=True).result()
    assert not again["graph_recomputed"] and again["posts_counted"] == 0
