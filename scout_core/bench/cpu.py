"""CPU seconds spent by a process tree, read from /proc (Linux), for benchmarks on a shared machine.

Wall-clock rates move with whatever else the machine runs; CPU seconds per item do much less. A tree's
total is each live member's user + system time plus what its reaped children used (``cutime`` and
``cstime``, which the kernel adds to a parent when it waits for a child). So a Chromium renderer that
came and went during a run still counts, through the parent that reaped it. A ``CpuMeter`` takes the
total at start and stop; subtrees named in ``exclude`` (the bench's own sandbox) are left out.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")


def _stat(pid: int, reaped: bool = True) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process, and of its reaped children unless ``reaped`` is False),
    or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()  # the command name may hold spaces and parentheses
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return ppid, (utime + stime + (cutime + cstime if reaped else 0)) * TICK_S


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds of one process (all its threads), without its children."""
    found = _stat(pid, reaped=False)
    return found[1] if found else 0.0


def tree_cpu_seconds(root: int, exclude: Iterable[int] = ()) -> float:
    """CPU seconds of ``root`` and every descendant, without the subtrees rooted at ``exclude``."""
    children: dict[int, list[int]] = defaultdict(list)
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        found = _stat(int(entry.name))
        if found is not None:
            children[found[0]].append(int(entry.name))
            cpu[int(entry.name)] = found[1]
    skipped = set(exclude)
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        if pid in skipped:
            continue
        total += cpu.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


class CpuMeter:
    """CPU seconds a process tree spends between ``start()`` and ``stop()``."""

    def __init__(self, root: int | None = None, exclude: Iterable[int] = (), tree: bool = True) -> None:
        """``tree=False``: the root process alone (its threads, not its children)."""
        self.root = root if root is not None else os.getpid()
        self.exclude = list(exclude)
        self.tree = tree
        self._started = 0.0
        self.seconds = 0.0

    def _read(self) -> float:
        return tree_cpu_seconds(self.root, self.exclude) if self.tree else process_cpu_seconds(self.root)

    def start(self) -> CpuMeter:
        self._started = self._read()
        return self

    def stop(self) -> float:
        self.seconds = max(0.0, self._read() - self._started)
        return self.seconds
