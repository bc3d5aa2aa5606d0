"""The LLM judge: the 35-point component from any OpenAI-compatible chat-completions endpoint.

    judge = make_llm_judge(settings, repo=repo, run_id=run_id)   # None when no base_url/model is set
    card = score_profile(profile, llm=judge)

One request per profile: ``POST {base_url}/chat/completions`` with ``response_format`` json_object and
temperature 0. The message content must be a JSON object ``{"points": 0-35, "rationale": str,
"evidence": [str], "label": <classification or null>, "account_kind": "person" | "organization" | "bot" |
"unknown", "first_person_evidence": [str]}``, validated with pydantic (the last two may be absent from
older servers' replies). Rate limits (429),
5xx, timeouts and connection failures are retried (tenacity, ``max_retries``; Retry-After honoured);
nothing else is. Token usage becomes a cost in USD, recorded in the cost ledger (source ``llm``).
A reply that is not such JSON raises ParseError from the client; the judge turns any failure into a
component without points, so the scorecard rescales the other five and its note says why.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from scout_core.errors import ConfigurationError, ParseError, RetryableSourceError, ScoutError
from scout_core.schema import AccountKind, Classification, InternalProfile, ScoreComponent
from scout_core.settings import LlmSettings, Settings
from scout_core.sources.http import USER_AGENT, error_for_status, parse_json, transport_error

SOURCE = "llm"
MAX_POINTS = 35.0
MAX_RETRY_WAIT_S = 60.0
POSTS_IN_PROMPT = 10
SYSTEM_PROMPT = (
    "You evaluate people for a venture fund that backs AI builders early. Given one social profile, "
    "judge how strongly it shows someone who builds and ships AI products (not just talks about AI): "
    "shipped products, repositories, models, launches, technical depth, momentum. First decide who is "
    "behind the account: a person, an organization (company, publication, framework, community) or a "
    "bot (automated, or an AI persona). Count only what the person says of themselves or their own work: "
    "posts about, quoting or reposting others, and links to other people's repositories or models, are "
    "not their evidence. Organizations and bots are noise. If nothing shows that they build, the label is "
    "noise. Answer with one JSON object only: {\"points\": <number 0-35>, \"rationale\": \"<one or two "
    'sentences>", "evidence": ["<short quote or fact from the profile>", ...], "label": <one of '
    '"early_founder", "ai_researcher", "ai_operator", "angel_investor", "noise", or null>, "account_kind": '
    '<one of "person", "organization", "bot", "unknown">, "first_person_evidence": ["<a quote in which '
    'they say what they themselves built, shipped, research or invest in>", ...]}.'
)


class JudgeVerdict(BaseModel):
    """What the model must answer."""

    model_config = ConfigDict(extra="ignore")

    points: float = Field(ge=0, le=MAX_POINTS)
    rationale: str = Field(min_length=1, max_length=2000)
    evidence: list[str] = Field(default_factory=list, max_length=20)
    label: Classification | None = None
    account_kind: AccountKind | None = None
    first_person_evidence: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("label", "account_kind", mode="before")
    @classmethod
    def _blank_label(cls, value: Any) -> Any:
        return None if value in ("", "null", "none") else value


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int
    usd: float

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


CostSink = Callable[[Usage], None]


class LlmClient:
    """A synchronous chat-completions client that returns parsed JSON objects."""

    def __init__(self, cfg: LlmSettings, transport: httpx.BaseTransport | None = None,
                 on_usage: CostSink | None = None) -> None:
        if not cfg.configured:
            raise ConfigurationError("LLM client needs SCOUT_LLM__BASE_URL and SCOUT_LLM__MODEL")
        headers = {"User-Agent": USER_AGENT}
        if cfg.api_key is not None:
            headers["Authorization"] = f"Bearer {cfg.api_key.get_secret_value()}"
        self.cfg = cfg
        self.on_usage = on_usage
        self._http = httpx.Client(base_url=f"{cfg.base_url}/", timeout=httpx.Timeout(cfg.timeout_s),
                                  headers=headers, transport=transport)

    def close(self) -> None:
        self._http.close()

    def complete_json(self, messages: list[dict[str, str]], handle: str | None = None) -> dict[str, Any]:
        """The reply's content as a JSON object, retrying only retryable failures."""
        retrying = Retrying(stop=stop_after_attempt(self.cfg.max_retries + 1), wait=_wait,
                            retry=retry_if_exception_type(RetryableSourceError), reraise=True)
        body = retrying(self._post, messages, handle)
        self._account(body, handle)
        return _content_json(body, handle)

    def _post(self, messages: list[dict[str, str]], handle: str | None) -> Any:
        request = {"model": self.cfg.model, "messages": messages, "temperature": 0,
                   "response_format": {"type": "json_object"}}
        try:
            response = self._http.post("chat/completions", json=request)
        except httpx.HTTPError as exc:
            raise transport_error(exc, source=SOURCE, handle=handle) from exc
        error = error_for_status(response.status_code, response.headers, source=SOURCE, handle=handle,
                                 detail=response.text)
        if error is not None:
            raise error
        return parse_json(response.content, source=SOURCE, handle=handle)

    def _account(self, body: Any, handle: str | None) -> None:
        usage = body.get("usage") if isinstance(body, dict) else None
        if not isinstance(usage, dict) or self.on_usage is None:
            return
        prompt, completion = _tokens(usage.get("prompt_tokens")), _tokens(usage.get("completion_tokens"))
        usd = prompt / 1000 * self.cfg.price_prompt_per_1k + completion / 1000 * self.cfg.price_completion_per_1k
        self.on_usage(Usage(prompt, completion, round(usd, 8)))


def _tokens(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def _wait(state: RetryCallState) -> float:
    """Retry-After when the server sent one (bounded), else exponential backoff: 0.5, 1, 2, ... s."""
    error = state.outcome.exception() if state.outcome else None
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        return min(float(retry_after), MAX_RETRY_WAIT_S)
    return min(0.5 * 2 ** (state.attempt_number - 1), MAX_RETRY_WAIT_S)


def _content_json(body: Any, handle: str | None) -> dict[str, Any]:
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ParseError("reply has no choices[0].message.content", source=SOURCE, handle=handle,
                         field="choices") from exc
    if not isinstance(content, str):
        raise ParseError("message content is not text", source=SOURCE, handle=handle, field="content")
    try:
        parsed = json.loads(_unfenced(content))
    except ValueError as exc:
        raise ParseError(f"message content is not JSON: {content[:80]!r}", source=SOURCE, handle=handle,
                         field="content") from exc
    if not isinstance(parsed, dict):
        raise ParseError("message content is JSON but not an object", source=SOURCE, handle=handle,
                         field="content")
    return parsed


def _unfenced(content: str) -> str:
    """Some servers wrap JSON in a ```json fence even in JSON mode."""
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    return text


def profile_prompt(profile: InternalProfile, max_chars: int) -> str:
    """The profile as the judge sees it: identity, bio, links, counts and recent posts (bounded)."""
    lines = [f"platform: {profile.source_platform}", f"handle: @{profile.handle}",
             f"name: {profile.display_name or ''}", f"bio: {profile.bio or ''}",
             f"website: {profile.website or ''}", f"followers: {profile.followers_count}",
             "linked profiles: " + ", ".join(f"{lp.platform}:{lp.handle}" for lp in profile.linked_profiles),
             "links: " + ", ".join(link.url for link in profile.extracted_links[:10]),
             "shipping signals: " + "; ".join(profile.shipping_signals[:10]), "recent posts:"]
    text = "\n".join(lines)
    for post in profile.recent_posts[:POSTS_IN_PROMPT]:
        line = f"\n- {post.text}"
        if len(text) + len(line) > max_chars:
            break
        text += line
    return text


class ChatLlmJudge:
    """A ``score_profile`` judge: profile -> ``llm_evaluation`` component, failures noted, never raised."""

    def __init__(self, client: LlmClient, remember: int = 1024) -> None:
        self.client = client
        self._verdicts: OrderedDict[tuple[str, str], JudgeVerdict] = OrderedDict()
        self._remember = remember

    def verdict(self, profile: InternalProfile) -> JudgeVerdict:
        """Ask the model; ParseError when the reply is not a valid verdict."""
        messages = [{"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": profile_prompt(profile, self.client.cfg.max_post_chars)}]
        reply = self.client.complete_json(messages, handle=profile.handle)
        try:
            verdict = JudgeVerdict.model_validate(reply)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "content"
            raise ParseError(f"verdict invalid: {first['msg']}", source=SOURCE, handle=profile.handle,
                             field=where) from exc
        self._remember_verdict(profile, verdict)
        return verdict

    def __call__(self, profile: InternalProfile) -> ScoreComponent:
        try:
            verdict = self.verdict(profile)
        except ScoutError as exc:
            return ScoreComponent(name="llm_evaluation", points=None, max_points=MAX_POINTS,
                                  evidence=[f"LLM judge failed: {exc}"])
        evidence = [f"LLM: {verdict.rationale}", *verdict.evidence[:8]]
        return ScoreComponent(name="llm_evaluation", points=round(verdict.points, 2), max_points=MAX_POINTS,
                              evidence=evidence)

    def label_for(self, profile: InternalProfile) -> Classification | None:
        """The class label of this profile's latest verdict, if the model gave one."""
        verdict = self._verdicts.get(profile.key)
        return verdict.label if verdict else None

    def verdict_for(self, profile: InternalProfile) -> JudgeVerdict | None:
        """This profile's latest verdict (None when the judge failed or was not asked)."""
        return self._verdicts.get(profile.key)

    def _remember_verdict(self, profile: InternalProfile, verdict: JudgeVerdict) -> None:
        self._verdicts[profile.key] = verdict
        self._verdicts.move_to_end(profile.key)
        while len(self._verdicts) > self._remember:
            self._verdicts.popitem(last=False)


def ledger_sink(repo: Any, run_id: str | None) -> CostSink:
    """Record each reply's usage in the cost ledger (source "llm", units = tokens)."""
    def record(usage: Usage) -> None:
        repo.record_cost(source=SOURCE, operation="judge", units=usage.total_tokens, usd=usage.usd, run_id=run_id)
    return record


def make_llm_judge(settings: Settings, repo: Any = None, run_id: str | None = None,
                   transport: httpx.BaseTransport | None = None) -> ChatLlmJudge | None:
    """The configured judge, or None when no endpoint is configured (the score then rescales)."""
    if not settings.llm.configured:
        return None
    sink = ledger_sink(repo, run_id) if repo is not None else None
    return ChatLlmJudge(LlmClient(settings.llm, transport=transport, on_usage=sink))
