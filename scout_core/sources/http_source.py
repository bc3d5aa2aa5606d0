"""The shared shell of every source spoken to over httpx with a bearer credential."""

from __future__ import annotations

from typing import ClassVar

import httpx

from scout_core.errors import ConfigurationError
from scout_core.settings import Settings
from scout_core.sources.base import Source
from scout_core.sources.http import make_client


class HttpSource(Source):
    """One lazily made ``httpx.AsyncClient`` per adapter, authorised by the source's own credential.

    ``credential_env`` names the setting to point a user at when the credential is missing; a source
    whose API also answers anonymously sets ``credential_required = False``.
    """

    credential_env: ClassVar[str]
    credential_required: ClassVar[bool] = True
    extra_headers: ClassVar[dict[str, str]] = {}

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(settings)
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _secret(self) -> str | None:
        secret = self.settings.source(self.name).credential()
        return secret.get_secret_value() if secret is not None and secret.get_secret_value() else None

    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            secret = self._secret()
            if secret is None and self.credential_required:
                raise ConfigurationError(f"{self.name}: no credential; set {self.credential_env}")
            auth = {"Authorization": f"Bearer {secret}"} if secret else {}
            self._client = make_client(self.settings.source(self.name), {**auth, **self.extra_headers},
                                       self._transport)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
