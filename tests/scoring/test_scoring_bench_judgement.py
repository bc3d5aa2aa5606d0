"""`scout bench judgement`: the real dev accounts and a sandbox world graded, as the note reports them.

The dev accounts were looked at while building the classifier, so these are regression floors, not the
held-out figures; the sandbox world guards that the synthetic people are judged as well as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scout_core.bench.judgement import default_realdata, dev_set, grade
from scout_core.scoring.judge import JudgementRules

REALDATA = default_realdata()
needs_realdata = pytest.mark.skipif(not (REALDATA / "x_dev_labels.json").is_file(),
                                    reason="../shared/realdata is not next to the repository")


@needs_realdata
def test_the_real_dev_accounts_meet_the_targets_with_no_organization_or_bot_as_a_builder() -> None:
    figures = grade(dev_set(REALDATA, JudgementRules()))
    assert figures["profiles"] == 24
    assert figures["builder_vs_noise_agreement"] >= 0.9, figures["misses"]
    assert figures["builder_precision"] >= 0.85, figures["misses"]
    assert figures["organizations_or_bots_as_builders"] == 0


@needs_realdata
def test_startup_accounts_count_as_founders_only_by_setting() -> None:
    strict = grade(dev_set(REALDATA, JudgementRules()))
    lenient = grade(dev_set(REALDATA, JudgementRules(startup_accounts_as_founders=True)))
    assert lenient["builder_recall"] > strict["builder_recall"]
    assert lenient["organizations_or_bots_as_builders"] > 0 == strict["organizations_or_bots_as_builders"]


def test_the_bench_command_prints_every_figure_as_json(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")} | {"SCOUT_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "scout_core.cli", "bench", "judgement", "--json", "--size", "120",
                           "--seeds", "5", "--realdata", str(tmp_path / "none")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 2 and "no such folder" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "scout_core.cli", "bench", "judgement", "--json", "--size", "120",
                           "--seeds", "5"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    [world] = report["sandbox"].values()
    assert world["builder_vs_noise_agreement"] >= 0.97 and world["organizations_or_bots_as_builders"] == 0
    assert set(world["confusion"]) == {"early_founder", "ai_researcher", "ai_operator", "angel_investor", "noise"}
    assert report["profiles_per_second"] > 0 and {"slope", "intercept"} == set(report["calibration_fit"])
