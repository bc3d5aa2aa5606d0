"""Union-find over node keys: path halving, union by size.

The resolver keeps explicit cluster members (canonical ids are persisted on every profile row, and an
operator's split needs the members), so union-find is used where components are recomputed: rebuilding a
cluster after a split or a retracted merge, and scoring a partition against ground truth.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    def __init__(self, items: Iterable[K] = ()) -> None:
        self._parent: dict[K, K] = {}
        self._size: dict[K, int] = {}
        for item in items:
            self.add(item)

    def add(self, item: K) -> None:
        if item not in self._parent:
            self._parent[item] = item
            self._size[item] = 1

    def find(self, item: K) -> K:
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: K, b: K) -> K:
        """Join the sets of ``a`` and ``b``; returns the new root."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        if self._size[root_a] < self._size[root_b]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._size[root_a] += self._size[root_b]
        return root_a

    def connected(self, a: K, b: K) -> bool:
        return self.find(a) == self.find(b)

    def groups(self) -> list[list[K]]:
        """The sets, each in insertion order, ordered by their first item."""
        found: dict[K, list[K]] = {}
        for item in self._parent:
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())
