"""The canonical set in the database (SQLite or PostgreSQL), for the pipeline.

``StoreBackend`` implements ``IdentityBackend`` on one SQLAlchemy session: every lookup is an indexed
query, so resolving a profile reads a handful of rows. ``resolve_in_store`` runs one resolution in one
transaction. When a merge or split moves accounts to another canonical id, the stored profiles follow
(``profiles.canonical_id``), and each merge is kept with its level, evidence and confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, and_, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from scout_core.errors import StoreError
from scout_core.identity.backend import Merge
from scout_core.identity.evidence import Link, Node
from scout_core.identity.resolver import IdentityResolver, Resolution
from scout_core.schema import InternalProfile
from scout_core.settings import IdentitySettings
from scout_core.store.models import (
    IdentityHandleRow,
    IdentityMergeRow,
    IdentityNodeRow,
    IdentitySharedSiteRow,
    IdentitySplitRow,
    Profile,
)


def _node(row: IdentityNodeRow) -> Node:
    return Node(
        key=row.key, platform=row.platform, handle_key=row.handle_key, source_id=row.source_id, name=row.name,
        bio=row.bio, site_key=row.site_key, block=row.block, seq=row.id, canonical_id=row.canonical_id,
        links=tuple(Link(p, h, via, bool(alt)) for p, h, via, alt in row.links or []),
        previous_handles=tuple(row.previous_handles or []),
    )


def _merge(row: IdentityMergeRow) -> Merge:
    return Merge(row.left_key, row.right_key, row.level, row.kind, row.evidence, row.confidence,
                 row.corroboration or "", row.site_key, row.active, row.retired_reason, row.id)


class StoreBackend:
    """``IdentityBackend`` on a database session (the caller owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def next_seq(self) -> int:
        return 0  # the row id is the order first seen; ``save`` fills it in

    def _one(self, *where: object) -> Node | None:
        row = self.session.scalars(select(IdentityNodeRow).where(*where).limit(1)).first()
        return _node(row) if row is not None else None

    def _many(self, *where: object) -> list[Node]:
        return [_node(r) for r in self.session.scalars(select(IdentityNodeRow).where(*where).order_by(
            IdentityNodeRow.id))]

    def get(self, key: str) -> Node | None:
        return self._one(IdentityNodeRow.key == key)

    def by_source_id(self, platform: str, source_id: str) -> Node | None:
        return self._one(IdentityNodeRow.platform == platform, IdentityNodeRow.source_id == source_id)

    def by_handle(self, platform: str, handle_key: str) -> list[Node]:
        return self._many(IdentityNodeRow.platform == platform, IdentityNodeRow.handle_key == handle_key)

    def _by_handle_row(self, kind: str, platform: str, handle_key: str) -> list[Node]:
        ids = select(IdentityHandleRow.node_id).where(
            IdentityHandleRow.kind == kind, IdentityHandleRow.platform == platform,
            IdentityHandleRow.handle_key == handle_key)
        return self._many(IdentityNodeRow.id.in_(ids))

    def by_previous_handle(self, platform: str, handle_key: str) -> list[Node]:
        return self._by_handle_row("previous", platform, handle_key)

    def linking_to(self, platform: str, handle_key: str) -> list[Node]:
        return self._by_handle_row("link", platform, handle_key)

    def by_site(self, site_key: str) -> list[Node]:
        return self._many(IdentityNodeRow.site_key == site_key)

    def by_block(self, block: str) -> list[Node]:
        return self._many(IdentityNodeRow.block == block)

    def save(self, node: Node, old: Node | None) -> None:
        row = self.session.scalars(select(IdentityNodeRow).where(IdentityNodeRow.key == node.key)).first()
        if row is None:
            row = IdentityNodeRow(key=node.key, canonical_id=node.canonical_id)
            self.session.add(row)
        row.platform, row.handle_key, row.source_id = node.platform, node.handle_key, node.source_id
        row.name, row.bio, row.site_key, row.block = node.name, node.bio, node.site_key, node.block
        row.links = [[x.platform, x.handle_key, x.via, x.alt] for x in node.links]
        row.previous_handles = list(node.previous_handles)
        self.session.flush()
        node.seq = row.id
        self.session.execute(delete(IdentityHandleRow).where(IdentityHandleRow.node_id == row.id))
        handles = [("link", x.platform, x.handle_key) for x in node.links]
        handles += [("previous", node.platform, h) for h in node.previous_handles]
        self.session.add_all(IdentityHandleRow(node_id=row.id, kind=k, platform=p, handle_key=h)
                             for k, p, h in handles)

    def members(self, canonical_id: str) -> list[Node]:
        return self._many(IdentityNodeRow.canonical_id == canonical_id)

    def relabel(self, nodes: list[Node], canonical_id: str) -> None:
        moving = [n for n in nodes if n.canonical_id != canonical_id]
        if not moving:
            return
        self.session.execute(update(IdentityNodeRow).where(IdentityNodeRow.key.in_([n.key for n in moving]))
                             .values(canonical_id=canonical_id))
        for node in moving:
            node.canonical_id = canonical_id
            self.session.execute(update(Profile).where(_profile_of(node)).values(canonical_id=canonical_id))

    def add_merge(self, merge: Merge) -> None:
        row = IdentityMergeRow(left_key=merge.left, right_key=merge.right, level=merge.level, kind=merge.kind,
                               evidence=merge.evidence, confidence=merge.confidence,
                               corroboration=merge.corroboration or None, site_key=merge.site_key, active=True)
        self.session.add(row)
        self.session.flush()
        merge.record_id = row.id

    def merges_of(self, keys: list[str]) -> list[Merge]:
        rows = self.session.scalars(select(IdentityMergeRow).where(
            IdentityMergeRow.active.is_(True),
            or_(IdentityMergeRow.left_key.in_(keys), IdentityMergeRow.right_key.in_(keys))).order_by(
            IdentityMergeRow.id))
        return [_merge(r) for r in rows]

    def merges_with_site(self, site_key: str) -> list[Merge]:
        rows = self.session.scalars(select(IdentityMergeRow).where(
            IdentityMergeRow.active.is_(True), IdentityMergeRow.site_key == site_key).order_by(IdentityMergeRow.id))
        return [_merge(r) for r in rows]

    def retire_merge(self, merge: Merge, reason: str) -> None:
        merge.active, merge.retired_reason = False, reason
        self.session.execute(update(IdentityMergeRow).where(IdentityMergeRow.id == merge.record_id)
                             .values(active=False, retired_reason=reason))

    def cannot_link(self, keys: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        rows = self.session.execute(select(IdentitySplitRow.left_key, IdentitySplitRow.right_key).where(
            or_(IdentitySplitRow.left_key.in_(keys), IdentitySplitRow.right_key.in_(keys))))
        wanted = set(keys)
        for left, right in rows:
            for a, b in ((left, right), (right, left)):
                if a in wanted:
                    found.setdefault(a, set()).add(b)
        return found

    def add_cannot_link(self, a: str, b: str, reason: str) -> None:
        left, right = sorted((a, b))
        exists = self.session.scalar(select(func.count()).select_from(IdentitySplitRow).where(
            IdentitySplitRow.left_key == left, IdentitySplitRow.right_key == right))
        if not exists:
            self.session.add(IdentitySplitRow(left_key=left, right_key=right, reason=reason))
            self.session.flush()

    def site_shared(self, site_key: str) -> bool:
        return self.session.get(IdentitySharedSiteRow, site_key) is not None

    def mark_site_shared(self, site_key: str) -> None:
        if not self.site_shared(site_key):
            self.session.add(IdentitySharedSiteRow(site_key=site_key))
            self.session.flush()


def _profile_of(node: Node) -> object:
    """The stored profile row(s) of an account: by source id, else the scraped row with its handle."""
    if node.source_id:
        return and_(Profile.source_platform == node.platform, Profile.source_id == node.source_id)
    return and_(Profile.source_platform == node.platform, Profile.source_id.is_(None),
                Profile.handle_key == node.handle_key)


class StoreResolver:
    """Identity resolution backed by the database: each call is one transaction."""

    def __init__(self, engine: Engine, settings: IdentitySettings | None = None) -> None:
        self.engine = engine
        self.settings = settings or IdentitySettings()
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _resolver(self) -> Iterator[IdentityResolver]:
        try:
            with self._sessions.begin() as session:
                yield IdentityResolver(StoreBackend(session), self.settings)
        except SQLAlchemyError as exc:
            raise StoreError(f"identity resolution failed in the database: {str(exc).splitlines()[0]}") from exc

    def resolve(self, profile: InternalProfile) -> Resolution:
        with self._resolver() as resolver:
            return resolver.resolve(profile)

    def split(self, a: str, b: str, reason: str = "split by operator") -> dict[str, str]:
        with self._resolver() as resolver:
            return resolver.split(a, b, reason)

    def canonical_id(self, key: str) -> str | None:
        with self._resolver() as resolver:
            return resolver.canonical_id(key)

    def merges(self, key: str) -> list[Merge]:
        """Every merge (active or retired) touching an account, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(select(IdentityMergeRow).where(
                or_(IdentityMergeRow.left_key == key, IdentityMergeRow.right_key == key)).order_by(
                IdentityMergeRow.id))
            return [_merge(r) for r in rows]

    def clusters(self) -> dict[str, list[str]]:
        with self._sessions() as session:
            found: dict[str, list[str]] = {}
            for cid, key in session.execute(select(IdentityNodeRow.canonical_id, IdentityNodeRow.key).order_by(
                    IdentityNodeRow.id)):
                found.setdefault(cid, []).append(key)
            return found
