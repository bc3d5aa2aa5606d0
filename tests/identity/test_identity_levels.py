"""The resolver level by level, and its guards: renames, alts, namesakes, company sites, redaction, splits."""

from __future__ import annotations

from scout_core.identity import IdentityResolver
from scout_core.identity.names import NameMatch, compare_names
from tests.identity.conftest import person


def test_level1_same_source_id_is_one_account_across_a_rename():
    resolver = IdentityResolver()
    first = resolver.resolve(person("x", "ada_old", "900", "Ada Lovelace"))
    again = resolver.resolve(person("x", "ada_new", "900", "Ada Lovelace"))
    assert again.canonical_id == first.canonical_id
    assert again.reasons[0]["level"] == 1
    assert "renamed from @ada_old" in again.reasons[0]["evidence"]


def test_level2_same_handle_ignores_case_but_not_a_recycled_handle():
    resolver = IdentityResolver()
    scraped = resolver.resolve(person("x", "AdaBuilds", None, "Ada"))
    by_api = resolver.resolve(person("x", "adabuilds", "900", "Ada"))
    assert by_api.canonical_id == scraped.canonical_id and by_api.reasons[0]["level"] == 2
    recycled = resolver.resolve(person("x", "adabuilds", "901", "Someone Else"))
    assert recycled.canonical_id != by_api.canonical_id


def test_level3_github_twitter_username_joins_x():
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "ada_ai", "900", "Ada 🚀 Lovelace"))
    gh = resolver.resolve(person("github", "ada-l", "11", "Ada Lovelace", links=[("x", "ada_ai")]))
    assert gh.canonical_id == x.canonical_id
    (reason,) = gh.reasons
    assert reason["level"] == 3 and "declares x:@ada_ai" in reason["evidence"] and reason["confidence"] >= 0.9


def test_level3_bio_link_and_product_hunt_twitter_username():
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "grace_h", "1", "Grace Hopper", bio="compilers | github.com/ghopper"))
    gh = resolver.resolve(person("github", "ghopper", "2", "Grace Hopper"))
    ph = resolver.resolve(person("producthunt", "grace_makes", "3", "Grace Hopper", links=[("x", "Grace_H")]))
    assert x.canonical_id == gh.canonical_id == ph.canonical_id
    assert ph.reasons[0]["other"] == "x:1"


def test_level3_shared_personal_website_after_normalization():
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "alanturing", "1", "Alan Turing", website="https://www.alanturing.dev/"))
    gh = resolver.resolve(person("github", "at-42", "2", "Alan Turing", website="http://alanturing.dev"))
    assert gh.canonical_id == x.canonical_id
    assert gh.reasons[0]["kind"] == "site" and "alanturing.dev" in gh.reasons[0]["evidence"]


def test_level4_fuzzy_similarity_never_merges_alone():
    """Same name, same handle, same bio on two platforms, but nothing declared: not merged, only suggested."""
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "janedoe", "1", "Jane Doe", bio="Building RAG pipelines and evals"))
    gh = resolver.resolve(person("github", "janedoe", "2", "Jane Doe", bio="Building RAG pipelines and evals"))
    assert gh.canonical_id != x.canonical_id
    assert gh.suggestions and gh.suggestions[0]["other"] == "x:1" and gh.suggestions[0]["level"] == 4


def test_namesakes_with_the_same_handle_stay_apart():
    resolver = IdentityResolver()
    a = resolver.resolve(person("x", "samlee", "1", "Sam Lee", bio="crypto calls"))
    b = resolver.resolve(person("github", "samlee", "2", "Sam Lee", bio="rust compilers"))
    c = resolver.resolve(person("huggingface", "samlee", "3", "Sam Lee"))
    assert len({a.canonical_id, b.canonical_id, c.canonical_id}) == 3


def test_declared_handle_held_by_someone_else_now_is_no_evidence():
    """GitHub names @oldhandle; the X account holding it now belongs to a person with another name."""
    resolver = IdentityResolver()
    holder = resolver.resolve(person("x", "oldhandle", "77", "Maria Lopez"))
    gh = resolver.resolve(person("github", "kwame", "5", "Kwame Mensah", links=[("x", "oldhandle")]))
    assert gh.canonical_id != holder.canonical_id
    assert "names disagree" in gh.rejected[0]["why"]
    unnamed = resolver.resolve(person("github", "zz9", "6", None, links=[("x", "oldhandle")]))
    assert unnamed.canonical_id != holder.canonical_id and "not corroborated" in unnamed.rejected[0]["why"]


def test_a_declaration_nothing_could_contradict_merges_at_lower_confidence():
    """GitHub (no name) names @matthewbuilds; that X account shows a first name and a tagline only."""
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "matthewbuilds", "8", "Matt (building vector databases)"))
    gh = resolver.resolve(person("github", "m-haddad", "9", None, links=[("x", "matthewbuilds")],
                                 bio="Building vector DBs."))
    assert gh.canonical_id == x.canonical_id
    assert gh.reasons[0]["confidence"] == 0.8 and "declaration" in gh.reasons[0]["corroboration"]


def test_declared_old_handle_matches_the_renamed_account():
    resolver = IdentityResolver()
    resolver.resolve(person("x", "kwame_old", "900", "KM | shipping agents"))
    renamed = resolver.resolve(person("x", "kwame_new", "900", None))
    gh = resolver.resolve(person("github", "zz9", "6", None, links=[("x", "kwame_old")]))
    assert gh.canonical_id == renamed.canonical_id
    assert "previous handle" in gh.reasons[0]["evidence"]


def test_alt_account_joins_its_main_only_when_it_says_so():
    resolver = IdentityResolver()
    main = resolver.resolve(person("x", "priya_k", "1", "Priya Kapoor"))
    alt = resolver.resolve(person("x", "priyashitposts", "2", "Priya (alt)", bio="shitposts (alt of @priya_k)"))
    quiet_alt = resolver.resolve(person("x", "notpriya", "3", "not priya", bio="lurking"))
    assert alt.canonical_id == main.canonical_id and alt.reasons[0]["kind"] == "alt_link"
    assert quiet_alt.canonical_id != main.canonical_id


def test_company_site_is_not_evidence_and_undoes_what_it_joined():
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "janedoe_ai", "1", "Jane Doe", website="https://acmeloop.ai"))
    gh = resolver.resolve(person("github", "jd-acme", "2", "Jane Doe", website="acmeloop.ai/"))
    assert gh.canonical_id == x.canonical_id  # same name, same site: joined for now
    colleague = resolver.resolve(person("github", "bsmith", "3", "Bob Smith", website="https://acmeloop.ai"))
    assert colleague.rejected and "company site" in colleague.rejected[0]["why"]
    ids = {resolver.canonical_id(k) for k in ("x:1", "github:2", "github:3")}
    assert len(ids) == 3  # the site merge was retracted once the site proved shared
    later = resolver.resolve(person("huggingface", "jane-d", "4", "Jane Doe", website="https://acmeloop.ai"))
    assert later.canonical_id not in ids


def test_redacted_profiles_are_never_merged():
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "maker1", "1", "[REDACTED]"))
    first = resolver.resolve(person("producthunt", "REDACTED", "0", "[REDACTED]", links=[("x", "maker1")]))
    second = resolver.resolve(person("producthunt", "REDACTED", "0", "[REDACTED]", bio="another maker"))
    assert x.canonical_id is first.canonical_id is second.canonical_id is None  # "[REDACTED]" names nobody
    assert first.reasons[0]["kind"] == "redacted" and first.node_key is None


def test_identical_redacted_profiles_share_no_canonical_id():
    """Product Hunt redacts every maker alike (id "0", "[REDACTED]"): identical records, different people."""
    resolver = IdentityResolver()
    one, two = (resolver.resolve(person("producthunt", "REDACTED", "0", "[REDACTED]")) for _ in range(2))
    assert one.canonical_id is None and two.canonical_id is None


def test_split_sticks_across_later_resolutions():
    resolver = IdentityResolver()
    x = resolver.resolve(person("x", "lee_ai", "1", "Lee Chen"))
    gh = resolver.resolve(person("github", "leechen", "2", "Lee Chen", links=[("x", "lee_ai")]))
    assert gh.canonical_id == x.canonical_id
    after = resolver.split("github:2", "x:1")
    assert after["github:2"] != after["x:1"]
    again = resolver.resolve(person("github", "leechen", "2", "Lee Chen", links=[("x", "lee_ai")]))
    assert again.canonical_id != resolver.canonical_id("x:1")
    assert any("operator split" in r["why"] for r in again.rejected)
    bridge = resolver.resolve(person("producthunt", "lee", "3", "Lee Chen", links=[("x", "lee_ai")],
                                     bio="github.com/leechen"))
    assert resolver.canonical_id("x:1") != resolver.canonical_id("github:2")
    assert bridge.canonical_id in {resolver.canonical_id("x:1"), resolver.canonical_id("github:2")}


def test_two_clusters_with_the_same_platform_are_not_joined():
    resolver = IdentityResolver()
    resolver.resolve(person("github", "ann-a", "1", "Ann Lee", links=[("x", "ann_lee")]))
    resolver.resolve(person("github", "ann-b", "2", "Ann Lee", links=[("x", "annlee2")]))
    x = resolver.resolve(person("x", "ann_lee", "9", "Ann Lee", bio="github.com/ann-b"))
    assert resolver.canonical_id("github:1") != resolver.canonical_id("github:2")
    assert any("already hold a github account" in r["why"] for r in x.rejected)


def test_names_compare_through_nicknames_initials_and_brands():
    assert compare_names("Mike Chen 🚀", "Michael Chen")[0] is NameMatch.STRONG
    assert compare_names("JD | building agents", "Jane Doe")[0] is NameMatch.COMPATIBLE
    assert compare_names("not ji-woo", "Ji-woo Sato")[0] is NameMatch.COMPATIBLE
    assert compare_names("CryptoKing 👑", "Jane Doe")[0] is NameMatch.UNKNOWN
    assert compare_names("Jane Doe", "Bob Smith")[0] is NameMatch.CONFLICT
    assert compare_names(None, "Bob Smith")[0] is NameMatch.UNKNOWN
