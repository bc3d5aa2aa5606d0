"""The one interface every source adapter implements.

An adapter fetches raw payloads (exactly what the service returned) and normalizes them into
``InternalProfile`` records. Fetching is async (httpx / Playwright); normalizing is a pure function
of the payload, so it is tested on recorded samples without any network. Vendor exceptions are
translated into ``scout_core.errors`` inside the adapter, never outside it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from scout_core.schema import Candidate, InternalProfile, RawPayload
from scout_core.settings import Settings


class Source(ABC):
    """A place profiles come from."""

    name: ClassVar[str]  # registry name, e.g. "x_api"
    platform: ClassVar[str]  # platform of the profiles it yields, e.g. "x"
    cost_per_call_usd: ClassVar[float] = 0.0

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    async def fetch_profile(self, handle: str) -> RawPayload:
        """Fetch one profile (and its recent posts where the source has them) as a raw payload."""

    async def fetch_profiles(self, handles: list[str]) -> list[RawPayload]:
        """Fetch many; sources with batch endpoints override this."""
        return [await self.fetch_profile(h) for h in handles]

    @abstractmethod
    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        """Turn one raw payload into profiles. Raises ParseError naming source, handle and field."""

    async def discover(self, topic: str) -> list[Candidate]:
        """Candidates for a topic; only discovery sources (search) implement it."""
        return []

    async def fetch(self, handle: str) -> list[InternalProfile]:
        """Fetch and normalize one handle."""
        return self.normalize(await self.fetch_profile(handle))

    async def aclose(self) -> None:  # noqa: B027 - optional hook: sources without resources keep it
        """Release connections, browsers."""
