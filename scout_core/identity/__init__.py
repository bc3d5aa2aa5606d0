"""Recognising one builder across profiles (the foundation: ids, handles and explicit links)."""

from scout_core.identity.canonical import assign_canonical_id, new_canonical_id

__all__ = ["assign_canonical_id", "new_canonical_id"]
