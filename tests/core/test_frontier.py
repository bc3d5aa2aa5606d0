"""The cycle's frontier: best first, each candidate once, never past the run's limit."""

from scout_core.discovery.frontier import Frontier
from scout_core.schema import Candidate


def cand(handle: str, priority: float, via: str = "search") -> Candidate:
    return Candidate(platform="x", handle=handle, priority=priority, discovered_via=via)


def test_best_first_within_the_limit_and_counted_by_origin():
    frontier = Frontier(limit=3)
    assert frontier.push([cand("low", 0.1), cand("high", 0.9), cand("mid", 0.5)]) == 3
    assert [c.handle for c in frontier.next_batch(2)] == ["high", "mid"]
    assert frontier.push([cand("mentioned", 0.7, "mention"), cand("HIGH", 0.99)]) == 1  # HIGH: same key
    assert [c.handle for c in frontier.next_batch(5)] == ["mentioned"]
    assert frontier.next_batch(5) == [] and frontier.remaining == 0 and len(frontier) == 1
    assert frontier.origins == {"search": 2, "mention": 1}


def test_later_candidates_wait_until_the_first_ones_are_handed_out():
    frontier = Frontier(limit=10)
    frontier.push([cand("left_over", 0.01)])
    frontier.push_later([cand("searched", 0.9)])
    assert [c.handle for c in frontier.next_batch(5)] == ["left_over"]
    frontier.push([cand("mentioned", 0.5, "mention")])
    assert [c.handle for c in frontier.next_batch(5)] == ["mentioned"]
    assert [c.handle for c in frontier.next_batch(5)] == ["searched"]
