"""Lexicon matching and signal extraction: whole words, aliases, shipping quotes, artifact links."""

from __future__ import annotations

import pickle

import pytest

from scout_core.schema import ExtractedLink, InternalProfile, Post
from scout_core.scoring import extract_signals
from scout_core.scoring.keywords import AI_TERMS, CLASS_CUES
from scout_core.scoring.signals import TermMatcher, ai_matcher, analyze_profile, classify_url, quote
from scout_core.scoring.text import AFTER, BEFORE


def test_terms_match_whole_words_case_insensitively() -> None:
    text = "Our LLM stack; LLMs everywhere. Fine-Tuned with LoRA, not 'ragged' or 'allm'."
    counts = ai_matcher().count(text)
    assert counts["llm"] == 2  # "LLM" and the alias "LLMs"
    assert counts["fine-tuning"] == 1 and counts["lora"] == 1
    assert "rag" not in counts  # "ragged" is not a whole word
    assert sum(counts.values()) == 4


def test_multiword_aliases_span_any_whitespace_and_map_to_canonical() -> None:
    text = "a large\nlanguage   model with retrieval augmented generation and a Vector DB"
    counts = ai_matcher().count(text)
    assert counts == {"llm": 1, "rag": 1, "vector database": 1}


def test_longest_alias_wins_at_the_same_position() -> None:
    matcher = TermMatcher({"seed": (), "pre-seed": ()})
    assert matcher.count("pre-seed and seed") == {"pre-seed": 1, "seed": 1}


def test_no_alias_is_claimed_by_two_terms_in_the_lexicon() -> None:
    owners: dict[str, str] = {}
    for tier in AI_TERMS.values():
        for term, aliases in tier.items():
            for alias in (term, *aliases):
                key = " ".join(alias.lower().split())
                owner = owners.setdefault(key, term)
                assert owner == term, f"{alias!r} belongs to {owner!r} and {term!r}"


def test_every_class_has_cues() -> None:
    assert all(len(cues) >= 10 for cues in CLASS_CUES.values())


@pytest.mark.parametrize(("url", "kind"), [
    ("https://github.com/ada/agentkit", "repo"),
    ("https://github.com/ada", "profile"),
    ("https://github.com/sponsors/ada", "other"),
    ("https://huggingface.co/ada/llama3-gguf", "model"),
    ("https://huggingface.co/datasets/ada/evals", "model"),
    ("https://huggingface.co/papers/2401.00001", "paper"),
    ("https://www.producthunt.com/posts/agentkit", "launch"),
    ("https://arxiv.org/abs/2401.00001", "paper"),
    ("https://adalabs.dev/", "website"),
    ("https://adalabs.dev/blog/post", "other"),
])
def test_classify_url(url: str, kind: str) -> None:
    assert classify_url(url) == kind


def test_extract_signals_fills_keywords_by_frequency_and_quotes_shipping(builder: InternalProfile) -> None:
    enriched = extract_signals(builder)
    assert enriched is not builder and builder.technical_keywords == []
    assert enriched.technical_keywords[0] in {"agents", "evals", "fine-tuning", "lora", "rag"}
    assert {"llm", "rag", "lora", "quantization", "vllm"} <= set(enriched.technical_keywords)
    assert "post 100: 'Just shipped v0.3 of our agent framework" in enriched.shipping_signals[0]
    assert any(s.startswith("post 103: 'launching on Product Hunt") for s in enriched.shipping_signals)
    assert "post 100 links repo github.com/ada/agentkit" in enriched.shipping_signals
    assert "post 101 links model huggingface.co/ada/llama3-agent-gguf" in enriched.shipping_signals
    assert "bio links launch producthunt.com/posts/agentkit" in enriched.shipping_signals


def test_keyword_order_is_most_frequent_first() -> None:
    profile = InternalProfile(source_platform="x", handle="a", bio="rag rag rag. agents agents. llm",
                              recent_posts=[Post(post_id="1", text="RAG again")])
    assert extract_signals(profile).technical_keywords == ["rag", "agents", "llm"]


def test_extract_signals_is_idempotent_and_keeps_normalizer_values(builder: InternalProfile) -> None:
    seeded = builder.model_copy(update={"technical_keywords": ["pytorch-geometric"],
                                        "shipping_signals": ["github: 12 public repos"]})
    once = extract_signals(seeded)
    assert once.technical_keywords[-1] == "pytorch-geometric"
    assert once.shipping_signals[0] == "github: 12 public repos"
    assert extract_signals(once) == once


def test_empty_profile_has_no_signals(empty: InternalProfile) -> None:
    enriched = extract_signals(empty)
    assert enriched.technical_keywords == [] and enriched.shipping_signals == []


def test_html_entities_are_decoded_before_matching() -> None:
    profile = InternalProfile(source_platform="x", handle="a", bio="R&amp;D on <b>LLMs</b> &amp; RAG")
    assert analyze_profile(profile).term_counts == {"llm": 1, "rag": 1}


def test_links_are_deduplicated_across_website_bio_and_posts() -> None:
    profile = InternalProfile(
        source_platform="x", handle="a", website="https://github.com/ada/agentkit/",
        extracted_links=[ExtractedLink(url="http://www.github.com/ada/agentkit", found_in="bio")],
        recent_posts=[Post(post_id="9", text="repo", urls=["https://github.com/ada/agentkit"])],
    )
    links = analyze_profile(profile).links
    assert [(link.kind, link.where) for link in links] == [("repo", "website")]


def test_quote_is_short_and_single_line() -> None:
    text = "x " * 200 + "we just shipped\nthe thing" + " y" * 200
    start = text.index("just shipped")
    snippet = quote(text, start, start + len("just shipped"))
    assert "just shipped the thing" in snippet and "\n" not in snippet and len(snippet) < 160


def test_signals_pickle(builder: InternalProfile) -> None:
    signals = analyze_profile(builder)
    assert pickle.loads(pickle.dumps(signals)) == signals


def test_trie_pattern_matches_like_a_longest_first_alternation() -> None:
    import random
    import re

    aliases = sorted(ai_matcher().canonical)
    flat = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(aliases, key=len, reverse=True))
    naive = re.compile(rf"{BEFORE}(?:{flat}){AFTER}", re.IGNORECASE)
    rng = random.Random(5)
    filler = ["the", "a", "-", ".", "x", "fine", "tuned", "llama", "3", "open", "source", "😀", "<b>", "&"]
    for _ in range(300):
        glue = rng.choice([" ", "", "-", "\n"])  # no glue and hyphens make overlapping candidates
        text = glue.join(rng.choices(aliases + filler, k=25))
        text = text.upper() if rng.random() < 0.3 else text
        assert [m.group(0) for m in ai_matcher().pattern.finditer(text)] == \
            [m.group(0) for m in naive.finditer(text)], text


@pytest.mark.parametrize(("text", "terms"), [
    ("LLMの学習では、データの質が一番大事。機械学習とファインチューニング", {"llm", "machine learning", "fine-tuning"}),
    ("我们用大模型做智能体，开源了RAG框架", {"llm", "agents", "rag"}),
    ("저는 에이전트와 머신러닝을 연구합니다. LLM 파인튜닝", {"agents", "machine learning", "llm", "fine-tuning"}),
    ("मैं मशीन लर्निंग और एजेंट पर काम करता हूँ, LLM के साथ", {"machine learning", "agents", "llm"}),
    ("Construimos agentes de IA con modelos de lenguaje y aprendizaje automático",
     {"agents", "llm", "machine learning"}),
    ("نعمل على الذكاء الاصطناعي وتعلم الآلة ونماذج اللغة", {"ai", "machine learning", "llm"}),
], ids=["japanese", "chinese", "korean", "hindi", "spanish", "arabic"])
def test_ai_vocabulary_is_found_in_every_script(text: str, terms: set[str]) -> None:
    assert terms <= set(ai_matcher().count(text)), ai_matcher().count(text)


def test_a_latin_term_is_still_a_whole_word_beside_cjk_but_not_inside_latin_words() -> None:
    assert ai_matcher().count("用LLM做") == {"llm": 1}
    assert ai_matcher().count("ragtime allmighty") == {}


@pytest.mark.parametrize(("tag", "words"), [
    ("AIAgents", "AI Agents"), ("LLMs", "LLMs"), ("MachineLearning", "Machine Learning"),
    ("llm_apps", "llm apps"), ("aiagent", "ai agent"), ("buildinpublic", "build in public"), ("airdrop", "airdrop"),
])
def test_hashtags_are_read_as_the_words_they_join(tag: str, words: str) -> None:
    from scout_core.scoring.signals import hashtag_vocabulary
    from scout_core.scoring.text import split_hashtag

    assert split_hashtag(tag, hashtag_vocabulary()) == words


def test_hashtag_terms_count_in_a_profile() -> None:
    profile = InternalProfile(source_platform="x", handle="a", bio="I ship #AIAgents and #llm_evals, never #airdrop")
    assert {"agents", "evals"} <= set(analyze_profile(profile).term_counts)  # "AI Agents", "llm evals"
    assert "ai" not in analyze_profile(profile).term_counts  # "#airdrop" is not "ai" + "rdrop"
