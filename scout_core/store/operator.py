"""The operator's writes through the API: labels on a whole builder, and finding accounts to split.

Checks come before writes, and each write is one transaction: a label for an unknown builder, or a bad
label, writes nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from scout_core.errors import InputError
from scout_core.schema import utcnow
from scout_core.store.models import IdentityNodeRow, LabelRow, Profile
from scout_core.store.repository import Repository


class OperatorRepository(Repository):
    """Operator actions on the store (SQLite or PostgreSQL)."""

    def label_builder(self, canonical_id: str, traction: bool | None, not_builder: bool, by: str | None) -> list[int]:
        """Label every profile of a builder (the label is about the person); [] when the builder is unknown."""
        if traction is None and not not_builder:
            raise InputError("a label needs a traction answer (yes/no) or not_builder")
        with self._transaction() as session:
            ids = list(session.scalars(select(Profile.id).where(Profile.canonical_id == canonical_id)
                                       .order_by(Profile.id)))
            rows = [LabelRow(profile_id=pid, traction=None if not_builder else traction, not_builder=not_builder,
                             by=by, labelled_at=utcnow()) for pid in ids]
            session.add_all(rows)
            session.flush()
            return [row.id for row in rows]

    def identity_account(self, platform: str, handle: str) -> tuple[str, str] | None:
        """(identity key, canonical id) of the account with this handle on this platform (latest seen), or None."""
        stmt = (select(IdentityNodeRow.key, IdentityNodeRow.canonical_id)
                .where(IdentityNodeRow.platform == platform, IdentityNodeRow.handle_key == handle.lower())
                .order_by(IdentityNodeRow.id.desc()).limit(1))
        with self._transaction() as session:
            found = session.execute(stmt).first()
            return (found[0], found[1]) if found is not None else None
