"""Every endpoint answers with the store's data, typed as OpenAPI says, from a real server process."""

from __future__ import annotations

import pytest

ENDPOINTS = [
    "/api/v1/builders", "/api/v1/analytics/summary?period=24h", "/api/v1/analytics/trends?metric=avg_score",
    "/api/v1/analytics/trends?metric=shipping&granularity=month", "/api/v1/pipeline/health", "/api/v1/pipeline/alerts",
    "/api/v1/insights/hidden-gems", "/api/v1/insights/rising-stars", "/api/v1/insights/serial-shippers",
    "/api/v1/insights/cross-platform", "/api/v1/insights/network/influencers?by=betweenness",
    "/api/v1/insights/network/communities", "/api/v1/insights/topics/recommended",
    "/api/v1/insights/topics/trending?min_mentions=1", "/api/v1/insights/sources", "/api/v1/dlq/replay", "/metrics",
]


def test_openapi_lists_every_endpoint(server):
    spec = server.client().get("/openapi.json").json()
    paths = set(spec["paths"])
    for endpoint in ENDPOINTS + ["/api/v1/builders/{canonical_id}", "/api/v1/builders/{canonical_id}/labels",
                                 "/api/v1/identity/split", "/api/v1/health"]:
        assert endpoint.split("?")[0] in paths
    assert server.client().get("/docs").status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_answers_200(server, endpoint):
    response = server.client().get(endpoint)
    assert response.status_code == 200, response.text


def test_the_list_pages_by_cursor_and_filters(server):
    client = server.client()
    first = client.get("/api/v1/builders", params={"limit": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get("/api/v1/builders", params={"limit": 10, "cursor": first["next_cursor"]}).json()
    ids = [b["canonical_id"] for b in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 5 and rest["next_cursor"] is None
    gems = client.get("/api/v1/builders", params={"min_score": 80, "follower_tier": "micro"}).json()
    assert [b["canonical_id"] for b in gems["items"]] == [server.known.org, server.known.ada]  # the list keeps orgs
    assert client.get("/api/v1/builders", params={"platform": "github"}).json()["total"] == 1
    assert client.get("/api/v1/builders", params={"shipped_within_days": 30}).json()["total"] == 1
    assert client.get("/api/v1/builders", params={"classification": "noise"}).json()["total"] == 1
    assert client.get("/api/v1/builders", params={"account_kind": "organization"}).json()["total"] == 1
    by_followers = client.get("/api/v1/builders", params={"sort_by": "followers_count"}).json()["items"]
    assert by_followers[0]["canonical_id"] == server.known.bob


def test_a_builder_s_whole_record(server):
    detail = server.client().get(f"/api/v1/builders/{server.known.ada}").json()
    assert {p["platform"] for p in detail["profiles"]} == {"x", "github"}
    assert detail["profiles"][0]["score_components"]["technical_depth"]["evidence"]
    assert detail["profiles"][0]["classification_reasons"] == ["ships weekly"]
    merge = detail["merges"][0]
    assert merge["level"] == 3 and "declares x:@ada_ai" in merge["evidence"]
    assert [r["followers"] for r in detail["follower_history"] if r["platform"] == "x"] == [480, 960]
    assert len(detail["launches"]) == 4 and {x["kind"] for x in detail["launches"]} == {"repo"}
    incoming = {(i["handle"], i["count"]) for i in detail["interactions"]["incoming"]}
    assert ("bob_builds", 3) in incoming
    assert detail["related"][0]["canonical_id"] == server.known.bob and detail["pagerank"] > 0


def test_insights_answer_from_the_tables(server):
    client = server.client()
    assert [b["canonical_id"] for b in client.get("/api/v1/insights/hidden-gems").json()["items"]] == [server.known.ada]
    stars = client.get("/api/v1/insights/rising-stars").json()["items"]
    assert stars[0]["canonical_id"] == server.known.ada and stars[0]["follower_growth_7d"] == 1.0
    trending = client.get("/api/v1/insights/topics/trending", params={"min_mentions": 1}).json()["items"]
    assert trending[0]["topic"] == "rag"
    communities = client.get("/api/v1/insights/network/communities").json()["items"]
    assert sum(c["size"] for c in communities) >= 3
    sources = {s["source"]: s for s in client.get("/api/v1/insights/sources").json()["items"]}
    assert sources["x_api"]["cost_per_profile"] == 0.004
    summary = client.get("/api/v1/analytics/summary", params={"period": "24h"}).json()
    assert summary["new_builders"] == 5 and summary["launches"] == 0
    trend = client.get("/api/v1/analytics/trends", params={"metric": "discoveries", "granularity": "day"}).json()
    assert sum(p["count"] for p in trend["points"]) == 5


def test_pipeline_health_reads_the_store(server):
    health = server.client().get("/api/v1/pipeline/health").json()
    assert sum(health["stages"].values()) == 6 and health["discovered_24h"] == 6
    assert health["cost_today_usd"] == 0.02 and health["dead_letters"] == {"open": 0, "closed": 0, "replayed": 0}
    assert health["analytics_refreshed_at"] is not None and "SCOUT_REDIS_URL" in health["workers_note"]


def test_metrics_speak_prometheus(server):
    text = server.client().get("/metrics").text
    assert "scout_analytics_builders 5.0" in text and 'scout_api_requests_total{route="/api/v1/builders"' in text
