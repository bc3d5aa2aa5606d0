"""The CPU meter the benchmarks divide by: it sees a child's work, also after the child is gone."""

from __future__ import annotations

import subprocess
import sys

from scout_core.bench.cpu import CpuMeter


def test_the_meter_counts_a_reaped_childs_cpu_and_leaves_excluded_trees_out():
    busy = [sys.executable, "-c", "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"]
    meter = CpuMeter().start()
    subprocess.run(busy, check=True)  # runs and is reaped by this process before stop()
    assert meter.stop() >= 0.25

    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        alone = CpuMeter(exclude=[child.pid]).start()
        spent = CpuMeter(root=child.pid).start()
        assert alone.stop() < 0.25 and spent.stop() < 0.25
    finally:
        child.communicate(b"")


def test_the_process_only_meter_ignores_children():
    meter = CpuMeter(tree=False).start()
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    assert meter.stop() < 0.2
