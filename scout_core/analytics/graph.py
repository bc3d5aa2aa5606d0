"""The interaction graph between builders: PageRank, betweenness, Louvain communities and neighbours.

Nodes are canonical builders; an edge a → b sums every mention, contribution and link from any of a's
profiles to any of b's (a builder's links to their own other profiles are not edges). PageRank runs on
the directed weighted graph; betweenness and communities on its undirected form. Betweenness is exact
up to ``EXACT_BETWEENNESS_NODES`` nodes; above, it is Brandes' approximation from ``k`` sampled sources
on the graph's core (the ``CORE_NODES`` builders with the highest PageRank: bridges between communities
are found among well-connected builders, and each BFS then costs the core, not the whole graph; the rest
get 0). Louvain runs on the whole graph, with a coarser stopping threshold above
``LARGE_GRAPH_NODES``. Both are seeded: the same graph gives the same answer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from scout_core.store.analytics_records import Edge, GraphMetrics

EXACT_BETWEENNESS_NODES = 2_000
BETWEENNESS_SAMPLES = 32
CORE_NODES = 5_000
LARGE_GRAPH_NODES = 20_000
LOUVAIN_THRESHOLD = {False: 1e-07, True: 1e-04}  # networkx's default; coarser for a large graph
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
    metrics.betweenness, metrics.betweenness_samples = _betweenness(undirected, metrics.pagerank, samples)
    large = undirected.number_of_nodes() > LARGE_GRAPH_NODES
    groups = nx.community.louvain_communities(undirected, weight="weight", seed=SEED,
                                              threshold=LOUVAIN_THRESHOLD[large])
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    for number, members in enumerate(ordered, start=1):
        for member in members:
            metrics.community[member] = number
    metrics.communities = [_community(number, members, undirected, metrics.pagerank, topics_of or {})
                           for number, members in enumerate(ordered, start=1)]
    metrics.neighbors = _neighbors(directed)
    return metrics


def _betweenness(graph: nx.Graph, pagerank: Mapping[str, float], samples: int) -> tuple[dict[str, float], int | None]:
    if graph.number_of_nodes() <= EXACT_BETWEENNESS_NODES:
        return nx.betweenness_centrality(graph, normalized=True), None
    core = sorted(graph, key=lambda n: (-pagerank.get(n, 0.0), n))[:CORE_NODES]
    sub = graph.subgraph(core)
    k = min(samples, sub.number_of_nodes())
    return nx.betweenness_centrality(sub, k=k, normalized=True, seed=SEED), k


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
