"""`scout bench insights` in a short form: a small world read at three times, graded against its truth."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_bench_insights_grades_every_insight(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env["SCOUT_DATA_DIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "scout_core.cli", "bench", "insights", "--size", "60",
                           "--days", "0,77,84", "--json"], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("rising_stars_precision_at_20", "serial_shippers_precision", "serial_shippers_recall",
                "communities_nmi", "trending_topics_precision_at_10"):
        assert report[key] is None or 0.0 <= report[key] <= 1.0, key
    assert report["people_stored"] > 40 and report["communities_nmi"] is not None
    assert report["serial_shippers"]["true_stored"] >= 1 and report["serial_shippers_recall"] > 0.5


def test_bench_insights_refuses_bad_days():
    done = subprocess.run([sys.executable, "-m", "scout_core.cli", "bench", "insights", "--days", "0,80,84"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "a week apart" in done.stderr and "Traceback" not in done.stderr
