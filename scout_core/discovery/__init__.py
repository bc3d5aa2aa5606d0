"""Finding candidates: topics, search, the seen-check."""

from scout_core.discovery.candidates import DiscoveryResult, discover_candidates

__all__ = ["DiscoveryResult", "discover_candidates"]
