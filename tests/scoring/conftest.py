"""Small hand-made profiles, one per kind of account, shared by the scoring tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scout_core.schema import ExtractedLink, InternalProfile, LinkedProfile, Post

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def make_posts(texts: list[str], *, likes: int = 20, every_days: int = 2,
               urls: dict[int, list[str]] | None = None) -> list[Post]:
    """Posts newest first, one every ``every_days`` days back from NOW, with fixed engagement."""
    urls = urls or {}
    return [
        Post(post_id=str(100 + i), text=text, created_at=NOW - timedelta(days=i * every_days),
             like_count=likes, reply_count=3, repost_count=2, urls=urls.get(i, []))
        for i, text in enumerate(texts)
    ]


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(name="make_posts")
def make_posts_fixture():
    return make_posts


@pytest.fixture
def builder() -> InternalProfile:
    return InternalProfile(
        source_platform="x", handle="ada_builds", display_name="Ada Lovelace",
        bio="Building open-source LLM agents. RAG, evals and fine-tuning with LoRA. "
            "Founder @ Tensorforge (YC W24).",
        website="https://adalabs.dev", location="San Francisco", avatar_url="https://pbs.twimg.com/a.jpg",
        followers_count=2400,
        linked_profiles=[LinkedProfile(platform="github", handle="ada"),
                         LinkedProfile(platform="huggingface", handle="ada")],
        extracted_links=[ExtractedLink(url="https://www.producthunt.com/posts/agentkit", kind="launch",
                                       found_in="bio")],
        recent_posts=make_posts(
            ["Just shipped v0.3 of our agent framework: tool calling + evals",
             "Fine-tuned a Llama 3 model with QLoRA, quantized to GGUF, weights on HF",
             "our RAG pipeline now uses a vector database with hybrid embeddings search",
             "launching on Product Hunt tomorrow! demo inside",
             "inference latency down 40% with vLLM"],
            urls={0: ["https://github.com/ada/agentkit"], 1: ["https://huggingface.co/ada/llama3-agent-gguf"]},
        ),
    )


@pytest.fixture
def empty() -> InternalProfile:
    return InternalProfile(source_platform="x", handle="nobody")


@pytest.fixture
def researcher() -> InternalProfile:
    return InternalProfile(
        source_platform="x", handle="phd_rl", display_name="Dr. R", followers_count=800,
        bio="PhD student at a university NLP lab. Research on RLHF, interpretability and evals of language "
            "models. Papers at NeurIPS and ICML.",
        recent_posts=make_posts(["New paper on arXiv: scaling laws for reward models",
                                 "our benchmark results are in, ablations in the appendix"]),
    )


@pytest.fixture
def operator() -> InternalProfile:
    return InternalProfile(
        source_platform="x", handle="mlops_jo", followers_count=1500,
        bio="Staff ML engineer on the inference platform team. MLOps, GPU clusters, Kubernetes, vLLM "
            "in production.",
        recent_posts=make_posts(["p99 latency for our model serving stack is finally under 200ms",
                                 "on-call week: debugging CUDA OOMs in prod"]),
    )


@pytest.fixture
def angel() -> InternalProfile:
    return InternalProfile(
        source_platform="x", handle="angel_amy", followers_count=5000,
        bio="Angel investor. Writing first checks into AI founders at pre-seed. Partner at Foo Ventures. "
            "DM me your deck.",
        recent_posts=make_posts(["Excited to back another AI agents team in our portfolio",
                                 "deal flow in AI is wild right now"]),
    )


@pytest.fixture
def noise() -> InternalProfile:
    return InternalProfile(
        source_platform="x", handle="moonboi", followers_count=9000,
        bio="gm 🚀 crypto degen. 100x gems daily. NFA. WAGMI",
        recent_posts=make_posts(["gm gm! new airdrop live, like and retweet to win",
                                 "BREAKING: BTC to the moon 🚀🚀", "memecoin season, wagmi"]),
    )
