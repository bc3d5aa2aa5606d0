"""Posts' claims on works elsewhere: repos, models and launches join accounts; others' work never does."""

from __future__ import annotations

import pytest

from scout_core.identity import IdentityResolver
from scout_core.identity.claims import CLAIM, REFERENCE, post_links, post_reading
from scout_core.identity.names import handles_agree
from scout_core.identity.store_backend import StoreResolver
from scout_core.schema import ExtractedLink, InternalProfile, Post
from scout_core.sources.links import urls_in
from tests.identity.conftest import person

REPO = "https://github.com/jdoe/agentkit"


def poster(handle: str, source_id: str, name: str | None, *texts: str, **fields: object) -> InternalProfile:
    """An X profile whose timeline holds ``texts``, their URLs expanded as the X normalizer gives them."""
    posts = [Post(post_id=f"{source_id}{i}", text=t, urls=urls_in(t)) for i, t in enumerate(texts)]
    return person("x", handle, source_id, name, recent_posts=posts, **fields)


def maker(handle: str, source_id: str, name: str, *slugs: str) -> InternalProfile:
    """A Product Hunt maker with their launches, as the Product Hunt normalizer lists them."""
    launches = [ExtractedLink(url=f"https://www.producthunt.com/posts/{s}", kind="launch", found_in="profile")
                for s in slugs]
    return person("producthunt", handle, source_id, name, extracted_links=launches)


@pytest.mark.parametrize("github_first", [True, False])
def test_shipping_post_joins_x_to_the_repo_owner_in_either_order(github_first):
    resolver = IdentityResolver()
    gh = person("github", "jdoe", "1", "Jane Doe")
    x = poster("janedoe_ai", "2", "Jane 🚀 Doe", f"Just shipped agentkit: agents that work. {REPO}")
    first, second = (gh, x) if github_first else (x, gh)
    resolver.resolve(first)
    joined = resolver.resolve(second)
    assert resolver.canonical_id("github:1") == resolver.canonical_id("x:2")
    (reason,) = joined.reasons
    assert reason["kind"] == "post_claim" and reason["level"] == 3
    assert "x:@janedoe_ai's posts claim github:@jdoe's work" in reason["evidence"]


def test_model_and_launch_claims_join_hugging_face_and_product_hunt():
    resolver = IdentityResolver()
    resolver.resolve(person("huggingface", "ada", "h1", "Ada Lovelace"))
    resolver.resolve(maker("ada_makes", "p1", "Ada Lovelace", "orbit-ai"))
    x = resolver.resolve(poster("ada_l", "x1", "Ada Lovelace",
                                "Released the weights for tiny-7b 🤗 https://huggingface.co/ada/tiny-7b-lora",
                                "We launched Orbit AI on Product Hunt today https://www.producthunt.com/posts/orbit-ai"))
    assert {r["other"] for r in x.reasons} == {"huggingface:h1", "producthunt:p1"}
    assert any("the launch orbit-ai" in r["evidence"] for r in x.reasons)


@pytest.mark.parametrize("text", [
    f"check out {REPO} by @jdoe, really clean RAG code",
    f"congrats @jdoe! agentkit is live {REPO}",
    f"Just shipped RAG support in our app, built on {REPO}",
    f"My PR to {REPO} got merged 🎉",
])
def test_linking_someone_elses_repo_does_not_merge_even_with_the_same_name(text):
    resolver = IdentityResolver()
    gh = resolver.resolve(person("github", "jdoe", "1", "Jane Doe"))
    x = resolver.resolve(poster("jane_d", "2", "Jane Doe", text))
    assert x.canonical_id != gh.canonical_id and not x.reasons
    assert [(link.platform, link.via) for link in resolver.backend.get("x:2").links] == [("github", REFERENCE)]


def test_a_claim_is_vetoed_by_names_that_disagree_and_needs_corroboration_when_they_say_nothing():
    for claimer, why in ((poster("bobsmith", "2", "Bob Smith", f"Just shipped agentkit {REPO}"), "names disagree"),
                         (poster("rag_news", "3", "RAG Daily", f"Just shipped agentkit {REPO}"), "not corroborated")):
        resolver = IdentityResolver()
        gh = resolver.resolve(person("github", "jdoe", "1", "Jane Doe"))
        result = resolver.resolve(claimer)
        assert result.canonical_id != gh.canonical_id and why in result.rejected[0]["why"]


def test_a_claim_without_names_is_corroborated_by_handles_alike():
    resolver = IdentityResolver()
    gh = resolver.resolve(person("github", "sanamuller", "1", None))
    x = resolver.resolve(poster("itssanamuller", "2", "SM | building evals",
                                "Just shipped evalkit https://github.com/sanamuller/evalkit"))
    assert x.canonical_id == gh.canonical_id
    assert "handles @itssanamuller and @sanamuller agree" in x.reasons[0]["corroboration"]


def test_a_namesake_who_claims_a_popular_repo_does_not_merge():
    resolver = IdentityResolver()
    gh = resolver.resolve(person("github", "jdoe", "1", "Jane Doe"))
    for i, fan in enumerate(("Ann Lee", "Raj Patel")):
        resolver.resolve(poster(f"fan{i}", f"f{i}", fan, f"this is great {REPO}"))
    namesake = resolver.resolve(poster("jane_doe_irl", "9", "Jane Doe", f"Just shipped agentkit {REPO}"))
    assert namesake.canonical_id != gh.canonical_id and not namesake.reasons


def test_two_people_claiming_one_repo_undo_the_first_claim_merge():
    resolver = IdentityResolver()
    resolver.resolve(person("github", "jdoe", "1", "Jane Doe"))
    first = resolver.resolve(poster("jane_doe_irl", "2", "Jane Doe", f"Just shipped agentkit {REPO}"))
    assert first.reasons and resolver.canonical_id("x:2") == resolver.canonical_id("github:1")
    resolver.resolve(poster("janedoe", "3", "Jane Doe", f"v0.2 of agentkit: we shipped evals {REPO}"))
    ids = {resolver.canonical_id(k) for k in ("github:1", "x:2", "x:3")}
    assert len(ids) == 3  # a claimed work with two claimants proves nothing; the earlier merge is retracted


def test_repeated_shipping_posts_claim_without_a_first_person_cue():
    one = poster("a", "1", "A", f"v0.3 is out! agentkit now supports RAG. {REPO}")
    two = poster("a", "1", "A", f"v0.3 is out! agentkit now supports RAG. {REPO}", f"agentkit is live: RAG {REPO}")
    assert [x[2] for x in post_links(one)] == [REFERENCE]
    assert [x[2] for x in post_links(two)] == [CLAIM]


@pytest.mark.parametrize(("text", "expected"), [
    ("Just shipped agentkit", (True, True)),
    ("@bob just launched our evals suite", (True, True)),
    ("Open-sourced agentkit, our RAG toolkit. Stars welcome h/t @ann", (True, True)),
    ("v0.3 is out! agentkit now supports RAG", (False, True)),
    ("We're hiring for our RAG team", (False, False)),
    ("congrats @ann! Just shipped agentkit", (False, False)),
    ("We launched our app, powered by agentkit", (False, False)),
])
def test_post_reading(text, expected):
    assert post_reading(text) == expected


def test_handles_agree():
    assert handles_agree("sanamuller", "itssanamuller")
    assert handles_agree("ito-jakob", "jakobito")
    assert handles_agree("weih", "WeiH")
    assert not handles_agree("ann", "ann_lee_2")
    assert not handles_agree("jdoe", "bobsmith")
    # name parts reordered, or one of them reduced to an initial
    assert handles_agree("chenali", "alichendev") and handles_agree("romanonoah", "itsnoahromano")
    assert handles_agree("lverma", "leilaverma") and handles_agree("e-gallo", "esragallodev")
    assert handles_agree("alia", "ali_agyeman") and handles_agree("agyemana", "ali-agyeman")
    assert not handles_agree("ychen", "yarac") and not handles_agree("jdoebuilds", "samsbuilds")
    assert not handles_agree("lverma", "averma") and not handles_agree("alin", "linarjun")


def test_a_declared_account_without_a_name_is_corroborated_by_name_parts_in_the_handles():
    resolver = IdentityResolver()
    x = resolver.resolve(poster("leilaverma", "1", "LV | building MLOps", "evals", links=[("github", "lverma")]))
    gh = resolver.resolve(person("github", "lverma", "2", None))
    assert gh.canonical_id == x.canonical_id
    assert "handles @" in gh.reasons[0]["corroboration"] and "agree" in gh.reasons[0]["corroboration"]


def test_store_resolver_merges_by_claim_and_retracts_a_contested_claim(identity_engine):
    store = StoreResolver(identity_engine)
    store.resolve(maker("jane_makes", "p1", "Jane Doe", "orbit-ai"))
    launch = "https://www.producthunt.com/posts/orbit-ai"
    joined = store.resolve(poster("jane_doe_irl", "2", "Jane Doe", f"We launched Orbit AI today {launch}"))
    assert joined.reasons and joined.reasons[0]["kind"] == "post_claim"
    assert store.canonical_id("x:2") == store.canonical_id("producthunt:p1")
    store.resolve(poster("janedoe", "3", "Jane Doe", f"Just shipped Orbit AI {launch}"))
    assert len({store.canonical_id(k) for k in ("producthunt:p1", "x:2", "x:3")}) == 3
    assert [m.retired_reason is not None for m in store.merges("x:2")] == [True]
