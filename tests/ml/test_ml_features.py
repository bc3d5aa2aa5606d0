"""Features on a small sandbox store, checked against the world they came from."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from ml.features import FEATURE_COLUMNS, build_features, growth_features


@pytest.fixture(scope="module")
def frame(store_template) -> pd.DataFrame:
    from scout_core.store.repository import Repository

    repo = Repository(f"sqlite:///{store_template}")
    yield build_features(repo)
    repo.close()


def test_one_row_per_scored_profile_with_every_feature(frame, store_template):
    from scout_core.store.repository import Repository

    repo = Repository(f"sqlite:///{store_template}")
    scored = [r for r in repo.feature_profiles() if r["overall_score"] is not None]
    repo.close()
    assert sorted(frame.index) == sorted(r["id"] for r in scored)
    assert list(frame.columns[4:]) == list(FEATURE_COLUMNS)
    assert set(frame["source_platform"]) == {"x", "github"}
    assert (frame["is_x"] + frame["is_github"] == 1).all()


def test_growth_comes_from_the_snapshots(frame, world):
    person = next(p for p in world.people[:300] if p.x and p.x.handle in set(frame["handle"])
                  and p.x.follower_history[0][1] > 100)
    row = frame[(frame["handle"] == person.x.handle) & (frame["source_platform"] == "x")].iloc[0]
    history = person.x.follower_history
    weeks = (history[-1][0] - history[0][0]).days / 7
    assert row["follower_growth_weekly"] == pytest.approx((history[-1][1] / history[0][1]) ** (1 / weeks) - 1)
    assert row["snapshot_span_days"] == 77


def test_github_features_reach_the_persons_x_profile(frame):
    linked = frame.groupby("canonical_id")["source_platform"].nunique()
    person = linked[linked == 2].index[0]
    rows = frame[frame["canonical_id"] == person]
    assert rows["gh_log_stars"].nunique() == 1 and not math.isnan(rows["gh_log_stars"].iloc[0])
    x_only = frame[~frame["canonical_id"].isin(linked[linked == 2].index) & (frame["source_platform"] == "x")]
    assert x_only["gh_log_stars"].isna().mean() > 0.3  # X-only people without a GitHub account stay unknown


def test_activity_engagement_and_graph(frame):
    x = frame[frame["source_platform"] == "x"]
    assert (x["engagement_rate"] > 0).mean() > 0.9
    assert x["posting_consistency"].between(0, 1).all()
    assert set(x["activity_tier"].unique()) <= {0.0, 1.0, 2.0, 3.0}
    assert (frame["in_degree"] > 0).mean() > 0.3 and frame["pagerank"].max() > 1


def test_growth_needs_two_snapshots_a_week_apart():
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    snaps = [(1, t0, 100), (1, t0 + timedelta(days=7), 110), (2, t0, 50), (3, t0, 10), (3, t0 + timedelta(days=3), 12)]
    growth = growth_features(snaps)
    assert growth.loc[1, "follower_growth_weekly"] == pytest.approx(0.10)
    assert math.isnan(growth.loc[2, "follower_growth_weekly"])  # one snapshot: unknown, not zero
    assert math.isnan(growth.loc[3, "follower_growth_weekly"])  # 3 days is too short to call a trend


def test_empty_store_gives_an_empty_frame(tmp_path):
    from scout_core.store.migrate import upgrade
    from scout_core.store.repository import Repository

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    upgrade(url)
    repo = Repository(url)
    empty = build_features(repo)
    repo.close()
    assert empty.empty and list(empty.columns[4:]) == list(FEATURE_COLUMNS)
