"""Recognising one builder across X, GitHub, Hugging Face and Product Hunt (incremental entity resolution).

``IdentityResolver`` resolves profiles one at a time on a backend (``MemoryBackend``, or the database via
``StoreResolver``); ``assign_canonical_id`` is the pipeline's call.
"""

from scout_core.identity.backend import IdentityBackend, MemoryBackend, Merge
from scout_core.identity.canonical import assign_canonical_id
from scout_core.identity.resolver import IdentityResolver, Resolution

__all__ = ["IdentityBackend", "IdentityResolver", "MemoryBackend", "Merge", "Resolution", "assign_canonical_id"]
