"""Hugging Face bodies → profiles: the overview in both key styles, stored payloads, samples, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scout_core.errors import ParseError
from scout_core.schema import EnrichmentQuality
from scout_core.sources.huggingface_parse import details_links, normalize_body
from tests.sources_more.conftest import load_fixture, sample_dir

# The overview as huggingface_hub's ``User`` renames it (vars(User(**body)) minus the objects).
CLIENT_SHAPE = {"username": "noor-h", "fullname": "Noor Haddad", "avatar_url": "/avatars/0f1e.svg",
                "details": "github.com/noorh", "is_pro": True, "num_models": 3, "num_datasets": 1,
                "num_followers": 57, "num_following": 9, "user_type": "user", "orgs": []}


def test_overview_body_in_api_keys():
    profile = normalize_body(load_fixture("hf_overview.json"))
    assert (profile.handle, profile.source_id, profile.display_name) == ("noor-h", "65a1b2c3d4e5f60718293a4b",
                                                                          "Noor Haddad")
    assert profile.avatar_url == "https://huggingface.co/avatars/0f1e2d3c4b5a69788796a5b4c3d2e1f0.svg"
    assert (profile.followers_count, profile.following_count, profile.content_count) == (57, 9, 4)
    assert profile.created_at == datetime(2024, 1, 12, 18, 20, 51, tzinfo=UTC)
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("x", "noor_ml"), ("github", "noorh")]
    assert profile.enrichment_quality == EnrichmentQuality.PARTIAL  # no model listing


def test_python_client_shape_reads_the_same():
    profile = normalize_body(CLIENT_SHAPE)
    assert (profile.handle, profile.followers_count, profile.following_count) == ("noor-h", 57, 9)
    assert profile.avatar_url == "https://huggingface.co/avatars/0f1e.svg" and profile.content_count == 4
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("github", "noorh")]


def test_stored_payload_turns_models_into_links_keywords_and_signals():
    profile = normalize_body(load_fixture("hf_stored.json"))
    models = [link for link in profile.extracted_links if link.kind == "model"]
    assert [m.url for m in models] == ["https://huggingface.co/noor-h/qwen2.5-1b-agents-lora",
                                       "https://huggingface.co/noor-h/phi-3-mini-rag"]
    assert profile.technical_keywords[0] == "text-generation"
    assert {"peft", "lora", "agents", "rag", "transformers"} <= set(profile.technical_keywords)
    assert not {"safetensors", "endpoints_compatible", "license:mit"} & set(profile.technical_keywords)
    assert profile.shipping_signals[0] == "2 public models on Hugging Face"
    assert "model noor-h/qwen2.5-1b-agents-lora: 1204 downloads, 9 likes" in profile.shipping_signals
    assert profile.shipping_signals[-1] == "latest model update 2025-05-20"
    assert profile.bio is None and profile.enrichment_quality == EnrichmentQuality.FULL


def test_bare_links_in_details():
    assert details_links("see github.com/ab-c, and https://x.com/q. (huggingface.co/ab-c/m)") == [
        "https://x.com/q", "https://github.com/ab-c", "https://huggingface.co/ab-c/m"]


@pytest.mark.parametrize(("body", "field"), [
    ([], "body"),
    ({"fullname": "No Name"}, "body.user"),
    ({"user": "has spaces"}, "body.user"),
    ({"user": "ok", "numFollowers": -3}, "body.numFollowers"),
    ({"overview": {"user": "ok"}, "models": {"id": "x"}}, "body.models"),
    ({"overview": {"user": "ok"}, "models": [{"downloads": 3}]}, "body.models[0].modelId"),
])
def test_bad_bodies_name_the_field(body, field):
    with pytest.raises(ParseError) as info:
        normalize_body(body, handle="ok")
    assert info.value.field == field and info.value.source == "huggingface"


def test_recorded_samples():
    folder = sample_dir("huggingface")
    row = json.loads((folder / "hf_user_overview_row_HF-Users_dataset.json").read_text())
    profile = normalize_body(row)  # every value a string, as the dataset stores them
    assert (profile.handle, profile.followers_count, profile.content_count) == ("0-0-WasAlreadyTaken", 0, 1)
    assert profile.avatar_url == "https://huggingface.co/avatars/2828e12ea28ec01cf8d876c70868b496.svg"
    assert profile.bio is None and profile.source_id == "64d718a167c967b015d865a2"
    userinfo = normalize_body(json.loads((folder / "hf_oauth_userinfo_hub_ci.json").read_text()))
    assert (userinfo.handle, userinfo.source_id) == ("hub.js", "62f264b9f3c90f4b6514a269")
    assert userinfo.website == "https://github.com/huggingface/hub.js" and userinfo.linked_profiles == []
    assert [link.kind for link in userinfo.extracted_links] == ["repo"]
    bodies = [step["body"] for path in sorted(folder.glob("hf_model_info_*.json"))
              for step in json.loads(path.read_text()) if isinstance(step.get("body"), dict)]
    stored = normalize_body({"overview": {"user": "google-bert"}, "models": bodies})
    assert "https://huggingface.co/google-bert/bert-base-uncased" in [link.url for link in stored.extracted_links]
    assert "fill-mask" in stored.technical_keywords and len(bodies) == 3
