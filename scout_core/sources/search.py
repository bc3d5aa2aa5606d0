"""A web-search API in Tavily's shape, used to turn topics into candidates.

``POST {base}/search`` with ``{"query", "max_results", "search_depth": "basic"}`` and a bearer key
answers ``{"query", "results": [{"title", "url", "content", "score"}], "response_time"}``. Candidates
come from profile and repository URLs in the results (x.com, github.com, huggingface.co,
producthunt.com/@) and from @handles in their text; anything that is not a valid handle is skipped.
"""

from __future__ import annotations

from typing import Any

from scout_core.errors import ConfigurationError, ParseError
from scout_core.schema import Candidate, InternalProfile, RawPayload
from scout_core.sources.http import request_json
from scout_core.sources.http_source import HttpSource
from scout_core.sources.links import classify_url, mentions_in, urls_in


class SearchSource(HttpSource):
    """Discovery only: it finds candidates, it does not enrich profiles."""

    name = "search"
    platform = "website"
    credential_env = "SCOUT_SEARCH__API_KEY"

    async def search(self, query: str) -> dict[str, Any]:
        """The raw search response for one query."""
        payload = {"query": query, "max_results": self.settings.search.max_results, "search_depth": "basic"}
        body, _ = await request_json(self.client(), "POST", "search", source=self.name, json=payload)
        return body

    async def discover(self, topic: str) -> list[Candidate]:
        return candidates_from_results(await self.search(topic), topic)

    async def fetch_profile(self, handle: str) -> RawPayload:
        raise ConfigurationError("search is a discovery source: use discover(topic), not fetch_profile")

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        raise ConfigurationError("search yields candidates, not profiles: use candidates_from_results")



def candidates_from_results(body: Any, topic: str) -> list[Candidate]:
    """Candidates in result order (best first), one per platform and handle."""
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise ParseError("search response has no results list", source="search", field="results")
    found: dict[str, Candidate] = {}
    for result in results:
        if not isinstance(result, dict):
            continue
        score = result.get("score")
        priority = float(score) if isinstance(score, int | float) and score >= 0 else 1.0
        for platform, handle in _people_in(result):
            _add(found, platform, handle, topic, priority)
    return list(found.values())


def _people_in(result: dict[str, Any]) -> list[tuple[str, str]]:
    """(platform, handle) pairs a result points at: its URL, URLs in its text, then @mentions."""
    text = f"{result.get('title') or ''} {result.get('content') or ''}"
    urls = [result["url"]] if isinstance(result.get("url"), str) else []
    people = [(ref.platform, ref.handle) for url in urls + urls_in(text) if (ref := classify_url(url))]
    return people + [("x", handle) for handle in mentions_in(text)]


def _add(found: dict[str, Candidate], platform: str, handle: str, topic: str, priority: float) -> None:
    try:
        candidate = Candidate(platform=platform, handle=handle, discovered_via="search", topic=topic,
                              priority=priority)
    except ValueError:
        return  # not a valid handle on that platform: nothing to enrich
    found.setdefault(candidate.key, candidate)
