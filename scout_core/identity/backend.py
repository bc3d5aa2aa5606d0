"""Where the resolver keeps its canonical set: the interface, the merge record, and the in-memory backend.

The resolver is written once against ``IdentityBackend``; ``MemoryBackend`` (dicts, for the benchmark,
``scout resolve`` and tests) and ``store_backend.StoreBackend`` (SQLite / PostgreSQL, for the pipeline)
implement it. Every lookup is an index probe, so resolving one profile never scans the set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol

from scout_core.identity.evidence import Node


@dataclass(slots=True)
class Merge:
    """Why two accounts were joined: one edge of a cluster, kept so a split can undo exactly it."""

    left: str  # node key of the account being resolved
    right: str  # node key of the account it was joined to
    level: int  # 3 explicit evidence, 4 fuzzy-corroborated
    kind: str  # link | mutual_link | alt_link | site | post_claim
    evidence: str  # human-readable: which field declared what
    confidence: float
    corroboration: str = ""
    site_key: str | None = None  # set for site and claimed-work evidence, so a shared one can be retracted
    active: bool = True
    retired_reason: str | None = None
    record_id: int | None = None  # the store's row id

    def as_reason(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("active", "retired_reason", "site_key", "record_id"):
            out.pop(name)
        return out


class IdentityBackend(Protocol):
    def next_seq(self) -> int: ...
    def get(self, key: str) -> Node | None: ...
    def by_source_id(self, platform: str, source_id: str) -> Node | None: ...
    def by_handle(self, platform: str, handle_key: str) -> list[Node]: ...
    def by_previous_handle(self, platform: str, handle_key: str) -> list[Node]: ...
    def linking_to(self, platform: str, handle_key: str) -> list[Node]: ...
    def by_site(self, site_key: str) -> list[Node]: ...
    def by_block(self, block: str) -> list[Node]: ...
    def save(self, node: Node, old: Node | None) -> None: ...
    def members(self, canonical_id: str) -> list[Node]: ...
    def relabel(self, nodes: list[Node], canonical_id: str) -> None: ...
    def add_merge(self, merge: Merge) -> None: ...
    def merges_of(self, keys: list[str]) -> list[Merge]: ...
    def merges_with_site(self, site_key: str) -> list[Merge]: ...
    def retire_merge(self, merge: Merge, reason: str) -> None: ...
    def cannot_link(self, keys: list[str]) -> dict[str, set[str]]: ...
    def add_cannot_link(self, a: str, b: str, reason: str) -> None: ...
    def site_shared(self, site_key: str) -> bool: ...
    def mark_site_shared(self, site_key: str) -> None: ...


def _index_add(index: dict[Any, list[str]], key: Any, value: str) -> None:
    bucket = index.setdefault(key, [])
    if value not in bucket:
        bucket.append(value)


def _index_drop(index: dict[Any, list[str]], key: Any, value: str) -> None:
    bucket = index.get(key)
    if bucket and value in bucket:
        bucket.remove(value)
        if not bucket:
            del index[key]


class MemoryBackend:
    """The canonical set in dicts: one index per kind of evidence."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self._seq = 0
        self._by_sid: dict[tuple[str, str], str] = {}
        self._by_handle: dict[tuple[str, str], list[str]] = {}
        self._by_previous: dict[tuple[str, str], list[str]] = {}
        self._linkers: dict[tuple[str, str], list[str]] = {}
        self._by_site: dict[str, list[str]] = {}
        self._by_block: dict[str, list[str]] = {}
        self._clusters: dict[str, list[str]] = {}
        self._edges: dict[str, list[Merge]] = {}
        self._site_merges: dict[str, list[Merge]] = {}
        self._cannot: dict[str, set[str]] = {}
        self._shared_sites: set[str] = set()

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def get(self, key: str) -> Node | None:
        return self.nodes.get(key)

    def by_source_id(self, platform: str, source_id: str) -> Node | None:
        key = self._by_sid.get((platform, source_id))
        return self.nodes[key] if key else None

    def _nodes(self, keys: list[str] | None) -> list[Node]:
        return [self.nodes[k] for k in keys] if keys else []

    def by_handle(self, platform: str, handle_key: str) -> list[Node]:
        return self._nodes(self._by_handle.get((platform, handle_key)))

    def by_previous_handle(self, platform: str, handle_key: str) -> list[Node]:
        return self._nodes(self._by_previous.get((platform, handle_key)))

    def linking_to(self, platform: str, handle_key: str) -> list[Node]:
        return self._nodes(self._linkers.get((platform, handle_key)))

    def by_site(self, site_key: str) -> list[Node]:
        return self._nodes(self._by_site.get(site_key))

    def by_block(self, block: str) -> list[Node]:
        return self._nodes(self._by_block.get(block))

    def save(self, node: Node, old: Node | None) -> None:
        if old is not None:
            self._unindex(old)
        else:
            _index_add(self._clusters, node.canonical_id, node.key)
        self.nodes[node.key] = node
        self._index(node)

    def _index(self, node: Node) -> None:
        if node.source_id:
            self._by_sid[(node.platform, node.source_id)] = node.key
        _index_add(self._by_handle, (node.platform, node.handle_key), node.key)
        for handle in node.previous_handles:
            _index_add(self._by_previous, (node.platform, handle), node.key)
        for link in node.links:
            _index_add(self._linkers, (link.platform, link.handle_key), node.key)
        if node.site_key:
            _index_add(self._by_site, node.site_key, node.key)
        if node.block:
            _index_add(self._by_block, node.block, node.key)

    def _unindex(self, node: Node) -> None:
        _index_drop(self._by_handle, (node.platform, node.handle_key), node.key)
        for handle in node.previous_handles:
            _index_drop(self._by_previous, (node.platform, handle), node.key)
        for link in node.links:
            _index_drop(self._linkers, (link.platform, link.handle_key), node.key)
        if node.site_key:
            _index_drop(self._by_site, node.site_key, node.key)
        if node.block:
            _index_drop(self._by_block, node.block, node.key)

    def members(self, canonical_id: str) -> list[Node]:
        return self._nodes(self._clusters.get(canonical_id))

    def relabel(self, nodes: list[Node], canonical_id: str) -> None:
        for node in nodes:
            if node.canonical_id == canonical_id:
                continue
            _index_drop(self._clusters, node.canonical_id, node.key)
            node.canonical_id = canonical_id
            _index_add(self._clusters, canonical_id, node.key)

    def add_merge(self, merge: Merge) -> None:
        self._edges.setdefault(merge.left, []).append(merge)
        self._edges.setdefault(merge.right, []).append(merge)
        if merge.site_key:
            self._site_merges.setdefault(merge.site_key, []).append(merge)

    def merges_of(self, keys: list[str]) -> list[Merge]:
        seen: dict[int, Merge] = {}
        for key in keys:
            for merge in self._edges.get(key, []):
                if merge.active:
                    seen.setdefault(id(merge), merge)
        return list(seen.values())

    def merges_with_site(self, site_key: str) -> list[Merge]:
        return [m for m in self._site_merges.get(site_key, []) if m.active]

    def retire_merge(self, merge: Merge, reason: str) -> None:
        merge.active, merge.retired_reason = False, reason

    def cannot_link(self, keys: list[str]) -> dict[str, set[str]]:
        return {k: self._cannot[k] for k in keys if k in self._cannot}

    def add_cannot_link(self, a: str, b: str, reason: str) -> None:
        self._cannot.setdefault(a, set()).add(b)
        self._cannot.setdefault(b, set()).add(a)

    def site_shared(self, site_key: str) -> bool:
        return site_key in self._shared_sites

    def mark_site_shared(self, site_key: str) -> None:
        self._shared_sites.add(site_key)

    def clusters(self) -> dict[str, list[str]]:
        """Canonical id → node keys (a copy)."""
        return {cid: list(keys) for cid, keys in self._clusters.items()}
