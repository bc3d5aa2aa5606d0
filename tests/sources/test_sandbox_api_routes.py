"""Wire-format quirks of the sandbox's X API, GitHub and search routes, checked with plain HTTP."""

from __future__ import annotations

import copy
import math
import time

import httpx
import pytest

from scout_core.sandbox.ratelimit import SandboxLimits

AUTH = {"Authorization": "Bearer sandbox-token"}


@pytest.fixture
def x(sandbox_url):
    with httpx.Client(base_url=sandbox_url + "/x-api", headers=AUTH) as client:
        yield client


@pytest.fixture
def gh(sandbox_url):
    with httpx.Client(base_url=sandbox_url + "/github", headers={"Authorization": "token t"}) as client:
        yield client


def test_x_requires_a_bearer_token(sandbox_url):
    response = httpx.get(sandbox_url + "/x-api/2/users/by", params={"usernames": "bob_ml"})
    assert response.status_code == 401 and response.json()["title"] == "Unauthorized"


def test_x_fields_are_opt_in_and_ids_are_strings(x):
    bare = x.get("/2/users/by/username/bob_ml").json()["data"]
    assert bare == {"id": "2244994945", "name": "Bob", "username": "bob_ml"}
    full = x.get("/2/users/by/username/bob_ml", params={"user.fields": "public_metrics,url,entities,location,"
                                                                        "verified,verified_type"}).json()["data"]
    assert full["url"] == "" and "entities" not in full and "location" not in full  # empty means absent/""
    assert full["public_metrics"]["followers_count"] == 120_000 and full["verified_type"] == "blue"


def test_x_bio_links_are_tco_with_code_point_offsets(x):
    user = x.get("/2/users/by/username/Ada_Builds",
                 params={"user.fields": "description,entities,url"}).json()["data"]
    text = user["description"]
    (link,) = user["entities"]["description"]["urls"]
    assert text[link["start"]:link["end"]] == link["url"] and link["url"].startswith("https://t.co/")
    assert link["expanded_url"] == "http://github.com/ada-l" and link["display_url"] == "github.com/ada-l"
    (mention,) = user["entities"]["description"]["mentions"]
    assert text[mention["start"]:mention["end"]] == "@acmeai" and "id" not in mention
    assert user["url"] == user["entities"]["url"]["urls"][0]["url"]
    assert user["entities"]["url"]["urls"][0]["expanded_url"] == "https://ada.dev"


def test_x_post_entities_escaping_and_mention_ids(x):
    body = x.get("/2/users/1234567890123456789/tweets",
                 params={"tweet.fields": "entities,public_metrics,created_at"}).json()
    newest, second = body["data"][0], body["data"][1]
    text = newest["text"]
    assert text.startswith("🚀🚀 shipped") and text.count("&amp;") == 1 and "&amp;amp;" not in text
    (mention,) = newest["entities"]["mentions"]
    assert text[mention["start"]:mention["end"]] == "@bob_ml" and mention["id"] == "2244994945"
    (url,) = newest["entities"]["urls"]
    assert text[url["start"]:url["end"]] == url["url"] and url["expanded_url"] == "https://github.com/ada-l/agentkit"
    assert "&lt;3" in second["text"] and "mentions" not in second.get("entities", {})  # unknown handle: no entity
    assert body["meta"]["result_count"] == 3 and body["meta"]["newest_id"] == newest["id"]


def test_x_timeline_pagination_and_parameter_errors(x):
    first = x.get("/2/users/1234567890123456789/tweets", params={"max_results": 5}).json()
    assert "next_token" not in first["meta"]
    bad = x.get("/2/users/1234567890123456789/tweets", params={"max_results": 4})
    assert bad.status_code == 400 and bad.json()["title"] == "Invalid Request"
    missing = x.get("/2/users/424242/tweets").json()
    assert missing["errors"][0]["title"] == "Not Found Error" and "data" not in missing


def test_x_users_lookup_partial_and_duplicates(x):
    body = x.get("/2/users/by", params={"usernames": "bob_ml,ghost_user,BOB_ML"}).json()
    assert [u["username"] for u in body["data"]] == ["bob_ml", "bob_ml"]
    assert body["errors"][0]["value"] == "ghost_user" and body["errors"][0]["parameter"] == "usernames"
    assert x.get("/2/users/by", params={"usernames": "not valid"}).status_code == 400


def test_x_recent_search_covers_seven_days_and_expands_authors(x):
    body = x.get("/2/tweets/search/recent", params={"query": "AI agents -is:retweet", "expansions": "author_id",
                                                    "user.fields": "public_metrics"}).json()
    assert [t["author_id"] for t in body["data"]] == ["1234567890123456789", "2244994945"]
    assert {u["username"] for u in body["includes"]["users"]} == {"Ada_Builds", "bob_ml"}
    old = x.get("/2/tweets/search/recent", params={"query": "RAG"}).json()  # only a 40-day-old post matches
    assert old == {"meta": {"result_count": 0}}


def test_x_rate_limit_headers_and_429(serve_world):
    frozen = math.floor(time.time() / 900) * 900 + 1
    with serve_world(SandboxLimits(x_user_tweets=2, clock=lambda: frozen)) as url:
        with httpx.Client(base_url=url + "/x-api", headers=AUTH) as client:
            path = "/2/users/2244994945/tweets"
            remaining = [client.get(path).headers["x-rate-limit-remaining"] for _ in range(2)]
            refused = client.get(path)
            other_token = client.get(path, headers={"Authorization": "Bearer another"})
    assert remaining == ["1", "0"]
    assert refused.status_code == 429 and refused.headers["x-rate-limit-remaining"] == "0"
    assert int(refused.headers["x-rate-limit-reset"]) == math.ceil(frozen - 1 + 900)
    assert other_token.status_code == 200  # windows are per bearer token


def test_x_tokens_of_one_app_spend_one_window(serve_world):
    frozen = math.floor(time.time() / 900) * 900 + 1
    limits = SandboxLimits(x_user_tweets=3, apps={"sandbox-token": "app", "second": "app"}, clock=lambda: frozen)
    with serve_world(limits) as url:
        with httpx.Client(base_url=url + "/x-api", headers=AUTH) as client:
            path = "/2/users/2244994945/tweets"
            first = client.get(path).headers["x-rate-limit-remaining"]
            second = client.get(path, headers={"Authorization": "Bearer second"}).headers["x-rate-limit-remaining"]
            client.get(path)
            refused = client.get(path, headers={"Authorization": "Bearer second"})
            alone = client.get(path, headers={"Authorization": "Bearer third"})
    assert (first, second) == ("2", "1")  # the second token sees what the first one spent
    assert refused.status_code == 429 and alone.status_code == 200  # a token of no app is its own


def test_github_link_pagination_and_headers(gh):
    first = gh.get("/users/ada-l/repos", params={"per_page": 10, "sort": "pushed"})
    assert len(first.json()) == 10 and first.headers["x-ratelimit-limit"] == "5000"
    links = httpx.Response(200, headers={"link": first.headers["link"]}).links
    assert set(links) == {"next", "last"} and "/github/users/ada-l/repos?" in links["next"]["url"]
    assert "page=4" in links["last"]["url"]
    last = gh.get(links["last"]["url"])
    assert len(last.json()) == 5 and set(httpx.Response(200, headers={"link": last.headers["link"]}).links) == {
        "prev", "first"}
    assert first.json()[0]["url"].endswith("/github/repos/ada-l/agentkit")


def test_github_not_found_and_anonymous_limit(sandbox_url, gh):
    missing = gh.get("/users/nobody-here")
    assert missing.status_code == 404 and missing.json()["message"] == "Not Found"
    anonymous = httpx.get(sandbox_url + "/github/users/bobml")
    assert anonymous.headers["x-ratelimit-limit"] == "60"
    assert anonymous.json()["bio"] == "" and anonymous.json()["twitter_username"] is None


def test_github_spent_limit_is_403_with_zero_remaining(serve_world):
    frozen = math.floor(time.time() / 3600) * 3600 + 1
    with serve_world(SandboxLimits(github_anonymous=1, clock=lambda: frozen)) as url:
        assert httpx.get(url + "/github/users/bobml").status_code == 200
        refused = httpx.get(url + "/github/users/bobml")
    assert refused.status_code == 403 and refused.headers["x-ratelimit-remaining"] == "0"
    assert "rate limit" in refused.json()["message"]


def test_search_auth_and_validation(sandbox_url):
    url = sandbox_url + "/search/search"
    assert httpx.post(url, json={"query": "AI agents"}).status_code == 401
    with_key_in_body = httpx.post(url, json={"query": "AI agents", "api_key": "k", "max_results": 3})
    assert with_key_in_body.status_code == 200 and len(with_key_in_body.json()["results"]) == 3
    assert httpx.post(url, json={"query": "", "api_key": "k"}).status_code == 400
    assert httpx.post(url, json={"query": "x", "max_results": 500}, headers=AUTH).status_code == 400
    nothing = httpx.post(url, json={"query": "quantum knitting"}, headers=AUTH).json()
    assert [r["url"] for r in nothing["results"]] == ["https://x.com/search?q=quantum-knitting",
                                                       "https://github.com/topics/quantum-knitting"]


def test_routes_never_mutate_the_world(small_world, serve_world):
    before = copy.deepcopy(small_world)
    with serve_world() as url:
        httpx.get(url + "/x-api/2/users/by", params={"usernames": "ada_builds,bob_ml"}, headers=AUTH)
        httpx.get(url + "/x-api/2/tweets/search/recent", params={"query": "agents"}, headers=AUTH)
        httpx.get(url + "/github/users/ada-l/events/public")
        httpx.get(url + "/github/repos/ada-l/agentkit/contributors")
        httpx.post(url + "/search/search", json={"query": "agents"}, headers=AUTH)
    assert small_world == before
