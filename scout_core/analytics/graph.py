"""The interaction graph between builders: PageRank, betweenness, Louvain communities and neighbours.

Nodes are canonical builders; an edge a → b sums every mention, contribution and link from any of a's
profiles to any of b's (a builder's links to their own other profiles are not edges). PageRank runs on
the directed weighted graph; betweenness and communities on its undirected form. Betweenness is exact
up to ``EXACT_BETWEENNESS_NODES`` nodes and sampled from ``k`` sources above (Brandes' approximation,
seeded, so the same graph gives the same answer); Louvain is seeded too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from scout_core.store.analytics_records import Edge, GraphMetrics

EXACT_BETWEENNESS_NODES = 2_000
BETWEENNESS_SAMPLES = 64
SEED = 14
NEIGHBORS_KEPT = 10
TOP_MEMBERS = 10
TOP_TOPICS = 5


def graph_metrics(edges: Iterable[Edge], topics_of: Mapping[str, list[str]] | None = None,
                  samples: int = BETWEENNESS_SAMPLES) -> GraphMetrics:
    """Every graph figure of the builders that take part in at least one interaction."""
    directed = nx.DiGraph()
    for edge in edges:
        if edge.source != edge.target:
            directed.add_edge(edge.source, edge.target, weight=edge.weight)
    metrics = GraphMetrics()
    if directed.number_of_nodes() == 0:
        return metrics
    metrics.pagerank = nx.pagerank(directed, alpha=0.85, weight="weight", tol=1e-08)
    undirected = _undirected(directed)
    k = None if undirected.number_of_nodes() <= EXACT_BETWEENNESS_NODES else min(samples, len(undirected))
    metrics.betweenness = nx.betweenness_centrality(undirected, k=k, normalized=True, seed=SEED)
    metrics.betweenness_samples = k
    groups = nx.community.louvain_communities(undirected, weight="weight", seed=SEED)
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    for number, members in enumerate(ordered, start=1):
        for member in members:
            metrics.community[member] = number
    metrics.communities = [_community(number, members, undirected, metrics.pagerank, topics_of or {})
                           for number, members in enumerate(ordered, start=1)]
    metrics.neighbors = _neighbors(directed)
    return metrics


def _undirected(directed: nx.DiGraph) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(directed)
    for a, b, data in directed.edges(data=True):
        weight = data["weight"] + (graph[a][b]["weight"] if graph.has_edge(a, b) else 0)
        graph.add_edge(a, b, weight=weight)
    return graph


def _community(number: int, members: set[str], graph: nx.Graph, pagerank: Mapping[str, float],
               topics_of: Mapping[str, list[str]]) -> dict[str, object]:
    top = sorted(members, key=lambda m: (-pagerank.get(m, 0.0), m))[:TOP_MEMBERS]
    counts: Counter[str] = Counter(t for m in members for t in dict.fromkeys(topics_of.get(m, [])))
    total = max(1, len(members))
    topics = [[topic, round(n / total, 4)] for topic, n in counts.most_common(TOP_TOPICS)]
    internal = graph.subgraph(members).number_of_edges()
    return {"community_id": number, "size": len(members), "top_topics": topics, "top_members": top,
            "internal_edges": internal}


def _neighbors(directed: nx.DiGraph) -> list[tuple[str, str, int, int, int]]:
    """(builder, other, weight, outgoing, incoming) for each builder's strongest links."""
    both: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for a, b, data in directed.edges(data=True):
        both[a][b][0] += data["weight"]
        both[b][a][1] += data["weight"]
    found = []
    for node, others in both.items():
        ranked = sorted(others.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))[:NEIGHBORS_KEPT]
        found += [(node, other, out + inc, out, inc) for other, (out, inc) in ranked]
    return found
