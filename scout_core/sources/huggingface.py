"""Hugging Face Hub adapter: the user overview over httpx, their models through ``huggingface_hub``.

One raw payload per person::

    {"overview": <GET /api/users/{u}/overview body>, "models": [<model as /api/models lists it>] | null}

``huggingface_hub`` returns ``ModelInfo`` objects, not JSON, so each model is stored back under the
API's own key names (``id``, ``modelId``, ``author``, ``downloads``, ``likes``, ``tags``, ``lastModified``).
A failed model listing keeps the profile (``"models": null``, reason in ``meta["models_error"]``).
huggingface_hub retries 429/5xx itself (up to 5 times with backoff) and sets no timeout, so the call runs
in a thread under Scout's own deadline.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import httpx

from scout_core.errors import ConfigurationError, ParseError, ScoutError, SourceError, SourceUnavailableError
from scout_core.handles import clean_handle
from scout_core.schema import InternalProfile, RawPayload
from scout_core.settings import Settings
from scout_core.sources.http import error_for_status, request_json
from scout_core.sources.http_source import HttpSource
from scout_core.sources.huggingface_parse import normalize_body

MAX_MODELS = 50
LIST_DEADLINE_FACTOR = 4  # the model listing may page and retry; give it a few request timeouts


class HuggingfaceSource(HttpSource):
    name = "huggingface"
    platform = "huggingface"

    credential_env = "SCOUT_HUGGINGFACE__TOKEN"
    credential_required = False  # the Hub answers public reads anonymously

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(settings, transport)
        self._api: Any = None

    def api(self) -> Any:
        if self._api is None:
            from huggingface_hub import HfApi  # heavy: only when the Hub is actually used

            # token=False, not None: None would read a token from the user's HF cache or environment.
            self._api = HfApi(endpoint=self.settings.huggingface.base_url, token=self._secret() or False)
        return self._api

    async def fetch_profile(self, handle: str) -> RawPayload:
        username = clean_handle("huggingface", handle)
        overview, _ = await request_json(self.client(), "GET", f"api/users/{username}/overview",
                                         source=self.name, handle=username)
        if not isinstance(overview, dict):
            raise ParseError(f"overview is a {type(overview).__name__}, not an object", source=self.name,
                             handle=username, field="body")
        meta: dict[str, Any] = {"requests": 2}
        models: list[dict[str, Any]] | None = None
        try:
            models = await self.models(str(overview.get("user") or username))
        except SourceError as exc:
            meta["models_error"] = exc.kind
        return RawPayload(source=self.name, handle=str(overview.get("user") or username),
                          body={"overview": overview, "models": models}, meta=meta)

    async def models(self, author: str) -> list[dict[str, Any]]:
        """The author's public models, most downloaded first, as the API lists them."""
        deadline = self.settings.huggingface.timeout_s * LIST_DEADLINE_FACTOR
        try:
            infos = await asyncio.wait_for(asyncio.to_thread(self._list_models, author), timeout=deadline)
        except TimeoutError as exc:
            raise SourceUnavailableError(f"model listing took longer than {deadline:.0f} s", source=self.name,
                                         handle=author) from exc
        return [model_dict(info) for info in infos]

    def _list_models(self, author: str) -> list[Any]:
        import httpx2
        from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

        try:
            return list(self.api().list_models(author=author, sort="downloads", limit=MAX_MODELS))
        except HfHubHTTPError as exc:
            response = exc.response
            error = error_for_status(response.status_code, response.headers, source=self.name, handle=author,
                                     detail=str(exc.server_message or exc))
            raise (error or ParseError(str(exc)[:200], source=self.name, handle=author)) from exc
        except OfflineModeIsEnabled as exc:
            raise ConfigurationError("huggingface: HF_HUB_OFFLINE is set; unset it to reach the Hub") from exc
        except httpx2.HTTPError as exc:
            raise SourceUnavailableError(f"{type(exc).__name__}: {exc}", source=self.name, handle=author) from exc
        except (ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, ScoutError):
                raise
            raise ParseError(f"unexpected model listing: {exc}", source=self.name, handle=author,
                             field="models") from exc

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        return [normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)]

    async def aclose(self) -> None:
        await super().aclose()
        self._api = None


def model_dict(info: Any) -> dict[str, Any]:
    """A ``ModelInfo`` back under the key names of ``GET /api/models``, without empty fields."""
    values = {
        "id": info.id, "modelId": info.id, "author": info.author, "downloads": info.downloads,
        "likes": info.likes, "tags": info.tags, "pipeline_tag": info.pipeline_tag,
        "library_name": info.library_name, "private": info.private,
        "lastModified": _iso(info.last_modified), "createdAt": _iso(info.created_at),
    }
    return {key: value for key, value in values.items() if value is not None}


def _iso(when: datetime | None) -> str | None:
    return when.isoformat().replace("+00:00", "Z") if when else None
