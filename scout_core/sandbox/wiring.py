"""How the sandbox is reached: one server, one path prefix per source, sandbox credentials."""

from __future__ import annotations

from pydantic import SecretStr

from scout_core.settings import Settings

# Path prefix of each source on the sandbox server; adapters append the real service's paths.
PREFIXES: dict[str, str] = {
    "x_api": "/x-api",
    "x_web": "/x-web",
    "apify": "/apify",
    "github": "/github",
    "huggingface": "/hf",
    "producthunt": "/producthunt",
    "search": "/search",
}
LLM_PREFIX = "/llm/v1"  # the deterministic chat-completions judge (sandbox/llm_routes.py)
LLM_MODEL = "sandbox-judge"
SESSION_PREFIX = "sandbox-session-"  # x_web accepts auth_token cookies with this prefix
SANDBOX_TOKEN = "sandbox-token"


def point_settings_at(settings: Settings, base_url: str, sessions: int = 3) -> Settings:
    """A copy of ``settings`` with every source pointed at the sandbox at ``base_url``.

    Sources whose base URL was set explicitly keep it (and their credentials).
    """
    base = base_url.rstrip("/")
    token = SecretStr(SANDBOX_TOKEN)
    updates = {
        "x_api": settings.x_api.model_copy(update={"base_url": base + PREFIXES["x_api"], "bearer_token": token}),
        "x_web": settings.x_web.model_copy(update={
            "base_url": base + PREFIXES["x_web"],
            "session_cookies": [SecretStr(f"{SESSION_PREFIX}{i}") for i in range(sessions)],
        }),
        "apify": settings.apify.model_copy(update={"base_url": base + PREFIXES["apify"], "token": token}),
        "github": settings.github.model_copy(update={"base_url": base + PREFIXES["github"], "token": token}),
        "huggingface": settings.huggingface.model_copy(
            update={"base_url": base + PREFIXES["huggingface"], "token": token}),
        "producthunt": settings.producthunt.model_copy(
            update={"base_url": base + PREFIXES["producthunt"], "token": token}),
        "search": settings.search.model_copy(update={"base_url": base + PREFIXES["search"], "api_key": token}),
    }
    # A base URL the user set explicitly is intent: that source keeps it (e.g. any X-style page server).
    keep = {name for name in updates if "base_url" in settings.source(name).model_fields_set}
    chosen: dict[str, object] = {k: v for k, v in updates.items() if k not in keep}
    if settings.sandbox.llm and not settings.llm.configured:  # a configured endpoint is intent too
        chosen["llm"] = settings.llm.model_copy(update={"base_url": base + LLM_PREFIX, "model": LLM_MODEL})
    return settings.model_copy(update=chosen)
