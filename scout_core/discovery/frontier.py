"""The cycle's work list: searched and recursively found candidates, best first, up to the run's limit.

Recursive candidates (priority = parent score × edge weight / sqrt(depth)) compete with searched
ones for the same limit, so a strong builder's collaborators are enriched before a weak search hit.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable

from scout_core.schema import Candidate


class Frontier:
    """A priority queue of candidates with a cap on how many are handed out in total."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.handed_out = 0
        self.origins: Counter[str] = Counter()  # handed-out candidates by how they were found
        self._heap: list[tuple[float, int, Candidate]] = []
        self._keys: set[str] = set()
        self._order = itertools.count()
        self._later: list[Candidate] = []

    def push(self, candidates: Iterable[Candidate]) -> int:
        """Add candidates not seen in this cycle yet; returns how many were added."""
        added = 0
        for cand in candidates:
            if cand.key not in self._keys:
                self._keys.add(cand.key)
                heapq.heappush(self._heap, (-cand.priority, next(self._order), cand))
                added += 1
        return added

    def push_later(self, candidates: Iterable[Candidate]) -> None:
        """Candidates that join only once everything pushed so far has been handed out.

        How a run puts what a killed run left in flight first: not by a priority boost, because
        priority >= 2.0 means "urgent" to the enrichment router and refresh priorities are unbounded.
        """
        self._later.extend(candidates)

    def next_batch(self, size: int) -> list[Candidate]:
        """The best ``size`` candidates still queued, within what is left of the limit."""
        if not self._heap and self._later:
            self.push(self._later)
            self._later = []
        take = min(size, self.remaining)
        batch = [heapq.heappop(self._heap)[2] for _ in range(min(take, len(self._heap)))]
        self.handed_out += len(batch)
        self.origins.update(c.discovered_via for c in batch)
        return batch

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.handed_out)

    def __len__(self) -> int:
        return len(self._heap)
