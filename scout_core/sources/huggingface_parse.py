"""Hugging Face Hub bodies → InternalProfile. Pure functions, tested on recorded and hand-built bodies.

Accepted shapes:

* what ``HuggingfaceSource`` stores: ``{"overview": <overview>, "models": [<model>...] | null}``;
* a bare ``/api/users/{u}/overview`` body (camelCase: ``user``, ``fullname``, ``details``, ``numFollowers``,
  ``numFollowing``, ``numModels``, ``isPro``, ``avatarUrl``, ``type`` "user" | "org");
* the same renamed by the Python client's ``User`` (``username``, ``num_followers``, ``avatar_url``...);
* an OAuth userinfo body (``sub``, ``preferred_username``, ``picture``, ``website``).

Quirks handled: ``avatarUrl`` relative to the host (``/avatars/<md5>.svg``); values stored as strings
(``"1"``, ``"False"``) by dataset dumps; GitHub and X links in ``details``, with or without a scheme.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle
from scout_core.schema import EnrichmentQuality, ExtractedLink, InternalProfile, LinkedProfile
from scout_core.sources.fields import FieldReader
from scout_core.sources.links import classify_url, safe_website, urls_in

SOURCE = "huggingface"
HF_HOST = "https://huggingface.co"
MAX_KEYWORDS = 20
MAX_SIGNALS = 10
# Tags that say how a model is hosted, not what it is about.
_HOSTING_TAGS = {"endpoints_compatible", "autotrain_compatible", "text-generation-inference", "safetensors",
                 "pytorch", "tf", "jax", "onnx", "coreml", "rust", "gguf", "custom_code", "has_space", "en"}
_BARE_LINK_HOSTS = ("github.com/", "x.com/", "twitter.com/", "huggingface.co/", "www.producthunt.com/@")
# key in the API body → key in the Python client's renamed shape
_RENAMED = {"user": "username", "avatarUrl": "avatar_url", "numFollowers": "num_followers",
            "numFollowing": "num_following", "numModels": "num_models", "numDatasets": "num_datasets",
            "numSpaces": "num_spaces", "isPro": "is_pro", "type": "user_type"}


def normalize_body(body: Any, *, handle: str | None = None, fetched_at: datetime | None = None) -> InternalProfile:
    read = FieldReader(SOURCE, handle)
    body = read.obj(body, "body")
    stored = "overview" in body
    overview = read.obj(body["overview"], "body.overview") if stored else body
    path = "body.overview" if stored else "body"
    models = _models(body.get("models"), "body.models", read) if stored else []
    if "preferred_username" in overview:
        return _from_userinfo(overview, path, read, fetched_at)
    user = _camel(overview)
    username = _username(user, path, read)
    read = FieldReader(SOURCE, username)
    details = read.optional_str(user, "details", path)
    return read.profile(
        path,
        source_id=read.optional_str(user, "_id", path),
        source_platform="huggingface",
        handle=username,
        display_name=read.optional_str(user, "fullname", path),
        bio=details,
        created_at=read.timestamp(user, "createdAt", path),
        verified=_flag(user.get("isVerified")),
        avatar_url=_avatar(read.optional_str(user, "avatarUrl", path)),
        linked_profiles=_linked(details_links(details)),
        followers_count=read.count(user, "numFollowers", path),
        following_count=read.count(user, "numFollowing", path),
        content_count=_content_count(user, path, read),
        extracted_links=_links(details_links(details), models),
        technical_keywords=_keywords(models),
        shipping_signals=_signals(models),
        enrichment_quality=EnrichmentQuality.FULL if stored and body.get("models") is not None
        else EnrichmentQuality.PARTIAL,
        last_enriched_at=fetched_at,
        enriched_by=SOURCE,
    )


def _camel(overview: dict[str, Any]) -> dict[str, Any]:
    """The overview under the API's key names, whichever shape it came in."""
    user = dict(overview)
    for camel, renamed in _RENAMED.items():
        if camel not in user and renamed in user:
            user[camel] = user[renamed]
    return user


def _username(user: dict[str, Any], path: str, read: FieldReader) -> str:
    key = "name" if user.get("user") is None and user.get("name") is not None else "user"  # orgs are "name"d
    raw = read.required_str(user, key, path)
    try:
        return clean_handle("huggingface", raw)
    except InvalidHandleError as exc:
        raise read.fail(f"invalid Hugging Face username {raw!r:.60}: {exc.reason}", f"{path}.{key}") from exc


def _from_userinfo(info: dict[str, Any], path: str, read: FieldReader,
                   fetched_at: datetime | None) -> InternalProfile:
    raw = read.required_str(info, "preferred_username", path)
    try:
        username = clean_handle("huggingface", raw)
    except InvalidHandleError as exc:
        raise read.fail(f"invalid username {raw!r:.60}", f"{path}.preferred_username") from exc
    website = safe_website(read.optional_str(info, "website", path))
    links = [website] if website else []
    return read.profile(
        path, source_id=read.optional_str(info, "sub", path), source_platform="huggingface", handle=username,
        display_name=read.optional_str(info, "name", path), website=website,
        avatar_url=_avatar(read.optional_str(info, "picture", path)), linked_profiles=_linked(links),
        extracted_links=_links(links, []), enrichment_quality=EnrichmentQuality.MINIMAL,
        last_enriched_at=fetched_at, enriched_by=SOURCE,
    )


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):  # dataset dumps store "False"
        return value.lower() == "true"
    return None


def _avatar(value: str | None) -> str | None:
    if not value:
        return None
    return urljoin(HF_HOST + "/", value) if value.startswith("/") else value


def _content_count(user: dict[str, Any], path: str, read: FieldReader) -> int | None:
    counts = [read.count(user, key, path) for key in ("numModels", "numDatasets", "numSpaces")]
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def details_links(details: str | None) -> list[str]:
    """URLs in the free-text bio, including bare ``github.com/<user>`` forms people type without a scheme."""
    found = urls_in(details or "")
    for word in (details or "").split():
        word = word.strip(".,;:!?()[]<>\"'")
        if not word.startswith(("http://", "https://")) and word.lower().startswith(_BARE_LINK_HOSTS):
            found.append("https://" + word)
    return list(dict.fromkeys(found))


def _linked(urls: list[str]) -> list[LinkedProfile]:
    linked: dict[tuple[str, str], LinkedProfile] = {}
    for url in urls:
        ref = classify_url(url)
        if ref and ref.kind == "profile" and ref.platform != "huggingface":
            linked.setdefault((ref.platform, ref.handle.lower()),
                              LinkedProfile(platform=ref.platform, handle=ref.handle, url=url))
    return list(linked.values())


def _models(value: Any, field: str, read: FieldReader) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise read.fail(f"expected a list, got {type(value).__name__}", field)
    models = [read.obj(item, f"{field}[{i}]") for i, item in enumerate(value)]
    for i, model in enumerate(models):
        read.required_str(model, "id" if "id" in model else "modelId", f"{field}[{i}]")
    return models


def _model_id(model: dict[str, Any]) -> str:
    return str(model.get("id") or model.get("modelId"))


def _links(bio_urls: list[str], models: list[dict[str, Any]]) -> list[ExtractedLink]:
    links: dict[str, ExtractedLink] = {}
    for url in bio_urls:
        ref = classify_url(url)
        links.setdefault(url, ExtractedLink(url=url, kind=ref.kind if ref else "other", found_in="bio"))
    for model in models:
        url = f"{HF_HOST}/{_model_id(model)}"
        links.setdefault(url, ExtractedLink(url=url, display_url=_model_id(model), kind="model",
                                            found_in="profile"))
    return list(links.values())


def _keywords(models: list[dict[str, Any]]) -> list[str]:
    """Pipelines, libraries and topic tags of the person's models, most frequent first."""
    counts: Counter[str] = Counter()
    for model in models:
        words = [model.get("pipeline_tag"), model.get("library_name")] + list(model.get("tags") or [])
        for word in dict.fromkeys(w.lower() for w in words if isinstance(w, str)):
            if ":" not in word and word not in _HOSTING_TAGS:
                counts[word] += 1
    return [word for word, _ in counts.most_common(MAX_KEYWORDS)]


def _signals(models: list[dict[str, Any]]) -> list[str]:
    """Evidence of shipping: how many models, the most downloaded ones, the latest update."""
    if not models:
        return []
    signals = [f"{len(models)} public models on Hugging Face"]
    ranked = sorted(models, key=lambda m: -_int(m.get("downloads")))
    signals += [f"model {_model_id(m)}: {_int(m.get('downloads'))} downloads, {_int(m.get('likes'))} likes"
                for m in ranked[:5] if _int(m.get("downloads")) or _int(m.get("likes"))]
    updated = [str(m.get("lastModified")) for m in models if isinstance(m.get("lastModified"), str)]
    if updated:
        signals.append(f"latest model update {max(updated)[:10]}")
    return signals[:MAX_SIGNALS]


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
