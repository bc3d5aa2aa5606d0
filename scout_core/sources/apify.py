"""Apify adapter: an X scraper actor (apidojo/tweet-scraper by default) run through ``apify-client``.

One call per handle: start the actor with the handle as input, wait for the run, read its dataset.
The raw payload's body is the list of dataset items exactly as ``list_items`` returned them (what
``scout normalize --source apify FILE`` reads back); ``meta["results"]`` counts the items, which is
what Apify bills for. apify-client is imported lazily and never retries on its own (``max_retries=0``):
Scout's retry policy decides. Its errors are translated here:

=================================================  ==============================================
what happened                                      raised
=================================================  ==============================================
401/403 (bad token), 404 on the actor              ConfigurationError
429                                                RateLimitedError
5xx, transport failure, run FAILED/TIMED-OUT       SourceUnavailableError
only ``{"noResults": true}`` items                 NotFoundError
body that is not JSON or not the documented shape  ParseError
=================================================  ==============================================
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from scout_core.errors import (
    ConfigurationError,
    NotFoundError,
    ParseError,
    ScoutError,
    SourceUnavailableError,
)
from scout_core.handles import clean_handle
from scout_core.schema import InternalProfile, RawPayload
from scout_core.settings import Settings
from scout_core.sources.apify_parse import normalize_items
from scout_core.sources.base import Source
from scout_core.sources.http import error_for_status

MAX_ITEMS = 20
RUN_WAIT_S = 60  # the API waits at most 60 s per request for a run to finish
RUN_BUDGET_S = 300  # give up on a run that has not finished after this long
TERMINAL = frozenset({"SUCCEEDED", "FAILED", "TIMED-OUT", "ABORTED"})


def run_input(handle: str) -> dict[str, Any]:
    """The actor input for one profile's latest posts (apidojo/tweet-scraper's input schema)."""
    return {"twitterHandles": [handle], "maxItems": MAX_ITEMS, "sort": "Latest"}


class ApifySource(Source):
    name = "apify"
    platform = "x"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            from apify_client import ApifyClientAsync  # heavy: only when Apify is actually used

            cfg = self.settings.apify
            if cfg.token is None or not cfg.token.get_secret_value():
                raise ConfigurationError("apify: no API token; set SCOUT_APIFY__TOKEN")
            request = timedelta(seconds=cfg.timeout_s)
            self._client = ApifyClientAsync(
                cfg.token.get_secret_value(), api_url=cfg.base_url, api_public_url=cfg.base_url, max_retries=0,
                timeout_short=request, timeout_medium=request, timeout_long=request + timedelta(seconds=RUN_WAIT_S),
                timeout_max=request + timedelta(seconds=RUN_WAIT_S))
        return self._client

    async def fetch_profile(self, handle: str) -> RawPayload:
        wanted = clean_handle("x", handle)
        client = self.client()
        actor_id = self.settings.apify.actor_id
        run = await self._guarded(wanted, self._run_actor(client, actor_id, wanted), actor_id=actor_id)
        page = await self._guarded(wanted, client.dataset(run.default_dataset_id).list_items(
            limit=MAX_ITEMS, clean=True))
        items = list(page.items)
        if not any(isinstance(i, dict) and not i.get("noResults") for i in items):
            raise NotFoundError("the actor found no posts or profile (it answered noResults: unknown handle, silent "
                                "account, or a plan that blocks API runs)", source=self.name, handle=wanted)
        return RawPayload(source=self.name, handle=_author_handle(items) or wanted, body=items,
                          meta={"results": len(items), "requests": 3, "run_id": run.id})

    async def _run_actor(self, client: Any, actor_id: str, handle: str) -> Any:
        run = await client.actor(actor_id).start(run_input=run_input(handle), wait_for_finish=RUN_WAIT_S)
        waited = RUN_WAIT_S
        while run is not None and run.status not in TERMINAL and waited < RUN_BUDGET_S:
            run = await client.run(run.id).wait_for_finish(wait_duration=timedelta(seconds=RUN_WAIT_S))
            waited += RUN_WAIT_S
        if run is None:
            raise SourceUnavailableError("the actor run disappeared", source=self.name, handle=handle)
        if run.status != "SUCCEEDED":
            raise SourceUnavailableError(f"actor run {run.id} ended {run.status}: {run.status_message or ''}"
                                         .rstrip(": "), source=self.name, handle=handle)
        return run

    async def _guarded(self, handle: str, work: Any, actor_id: str | None = None) -> Any:
        """Await one apify-client call, translating its exceptions at this boundary."""
        import impit
        import pydantic
        from apify_client.errors import ApifyApiError, InvalidResponseBodyError

        try:
            return await work
        except ScoutError:
            raise
        except ApifyApiError as exc:
            raise self._api_error(exc, handle, actor_id) from exc
        except (InvalidResponseBodyError, pydantic.ValidationError, ValueError) as exc:
            raise ParseError(f"unexpected response: {str(exc)[:200]}", source=self.name, handle=handle,
                             field="body") from exc
        except impit.HTTPError as exc:
            kind = "timeout" if isinstance(exc, impit.TimeoutException) else "connection failed"
            raise SourceUnavailableError(f"{kind}: {type(exc).__name__}: {exc}", source=self.name,
                                         handle=handle) from exc

    def _api_error(self, exc: Any, handle: str, actor_id: str | None) -> ScoutError:
        if exc.status_code == 404 and actor_id is not None:
            return ConfigurationError(f"apify: actor {actor_id!r} not found ({exc.message}); "
                                      "check SCOUT_APIFY__ACTOR_ID")
        detail = f"{exc.type or 'error'}: {exc.message or ''}"
        error = error_for_status(exc.status_code, {}, source=self.name, handle=handle, detail=detail)
        return error or ParseError(f"unexpected status {exc.status_code}", source=self.name, handle=handle)

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        return normalize_items(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.http_client.aclose()


def _author_handle(items: list[Any]) -> str | None:
    for item in items:
        author = item.get("author") if isinstance(item, dict) else None
        if isinstance(author, dict) and isinstance(author.get("userName"), str):
            return author["userName"]
    return None
