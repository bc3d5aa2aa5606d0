"""Finding candidates: topics, search, the seen-set (Bloom filter + store), refreshes, recursion.

    topics = choose_topics(settings, repo, n=8)
    result = await discover_candidates(settings, repo, topics, limit)
    ...enrich and store...
    parents = parents_from_outcomes(repo, outcomes)
    more = await expand_with_contributors(parents, settings, repo)
"""

from scout_core.discovery.bloom import BloomFilter, BloomShape, MemoryBloom, RedisBloom, bloom_shape
from scout_core.discovery.candidates import DiscoveryResult, discover_candidates
from scout_core.discovery.frontier import Frontier
from scout_core.discovery.recursive import (
    Expansion,
    Parent,
    expand,
    expand_with_contributors,
    fetch_contributors,
    parent_yields,
    parents_from_outcomes,
)
from scout_core.discovery.seen import SeenSet, benchmark_false_positives, open_bloom, refresh_interval
from scout_core.discovery.topics import TopicContext, TopicRefresh, choose_topics, refresh_topics, trending_keywords

__all__ = [
    "BloomFilter",
    "BloomShape",
    "DiscoveryResult",
    "Expansion",
    "Frontier",
    "MemoryBloom",
    "Parent",
    "RedisBloom",
    "SeenSet",
    "TopicContext",
    "TopicRefresh",
    "benchmark_false_positives",
    "bloom_shape",
    "choose_topics",
    "discover_candidates",
    "expand",
    "expand_with_contributors",
    "fetch_contributors",
    "open_bloom",
    "parent_yields",
    "parents_from_outcomes",
    "refresh_topics",
    "refresh_interval",
    "trending_keywords",
]
