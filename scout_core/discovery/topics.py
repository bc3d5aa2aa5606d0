"""Which topics to mine each cycle: seeds, search-mined and LLM-suggested topics, trending keywords,
ranked by a recommender that blends exploitation (past yield) with exploration (untried topics).

A topic's ROI is what a run of it brings: profiles stored per run × the (smoothed) share of them that
score high. Tried topics are ranked by UCB1 (normalized ROI + ``ucb_c * sqrt(ln N / runs)``), so a topic
tried once is not judged on one draw; ``explore_share`` of the slots go to topics never tried.
Trending keywords are the words and two-word phrases of stored posts whose weekly frequency grows fastest.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scout_core.errors import ScoutError
from scout_core.schema import utcnow
from scout_core.settings import Settings
from scout_core.store import discovery as store_q
from scout_core.store.discovery import TopicYield, normalize_topic

log = logging.getLogger(__name__)

STOPWORDS = frozenset("""
a about above after again all also am an and any are as at be because been before being below between both
but by can could did do does doing done down during each few for from further get gets getting got had has
have having he her here hers him his how i if in into is it its itself just let like made make makes many
me more most my new no nor not now of off on once one only or other our out over own per really same she
should so some such than that the their them then there these they this those through to too under until
up us very via was we were what when where which while who whom why will with would you your yours
today week weeks day days time year years thing things way lot lots still even every much well back next
first last always never big small good great better best need needs want wants going try trying use using
used see seen look looking know think thought post posts thread rt amp via http https www com
founder cofounder co-founder ceo cto engineer staff senior head partner maker building built build backing
team teams lightweight framework simple github x twitter product hunt hugging face stealth
""".split())
_TOKEN = re.compile(r"[^\W\d_](?:[\w+#-]*[\w+#])?")
_NOISE = re.compile(r"https?://\S+|(?<!\w)[@#]\w+|&\w+;")
_SENTENCE = re.compile(r"[.!?;:,()\[\]\n|/&—–]+|\s-\s")
TOPIC_ORIGIN_ORDER = ("seed", "llm", "trending", "search", "history")


@dataclass(frozen=True)
class Trend:
    keyword: str
    slope: float  # growth of the weekly frequency, per 1,000 phrases per week
    weekly: tuple[float, ...]  # per-1,000 frequency, oldest week first
    total: int


@dataclass
class TopicContext:
    """What an LLM topic suggester is told: what we mine, how it went, what is trending."""

    seed_topics: list[str]
    yields: dict[str, TopicYield]
    trending: list[str]
    known_topics: list[str] = field(default_factory=list)


SuggestTopics = Callable[[TopicContext], list[str]]


def phrases(text: str) -> list[str]:
    """Keywords of a text: content words and adjacent content-word pairs, within sentence pieces."""
    found: list[str] = []
    for piece in _SENTENCE.split(_NOISE.sub(" ", text.lower())):
        tokens = _TOKEN.findall(piece)
        words = [t if t not in STOPWORDS and len(t) > 1 else None for t in tokens]
        found += [w for w in words if w]
        found += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b]
    return found


def phrases_in_results(texts: list[str], exclude: Iterable[str] = (), min_docs: int = 2) -> list[str]:
    """Two-word phrases shared by several search results, most widespread first; not the topics searched."""
    excluded = {normalize_topic(t) for t in exclude}
    docs: Counter[str] = Counter()
    for text in texts:
        docs.update({p for p in phrases(text) if " " in p})
    ranked = sorted((p for p, n in docs.items() if n >= min_docs and p not in excluded), key=lambda p: (-docs[p], p))
    return ranked


def trending_keywords(posts: Iterable[tuple[str, datetime]], now: datetime, weeks: int = 4,
                      top: int = 5, min_total: int = 3) -> list[Trend]:
    """Keywords whose weekly frequency (per 1,000 phrases) grows fastest over the last ``weeks`` weeks."""
    counts = [Counter[str]() for _ in range(weeks)]  # index 0 = the oldest week
    for text, at in posts:
        age = (now - at).days // 7 if at is not None else weeks
        if 0 <= age < weeks:
            counts[weeks - 1 - age].update(phrases(text))
    sizes = [max(1, sum(c.values())) for c in counts]
    totals = sum(counts, Counter[str]())
    trends = []
    for word, total in totals.items():
        if total < min_total or not counts[-1][word]:
            continue
        weekly = tuple(1000.0 * c[word] / n for c, n in zip(counts, sizes, strict=True))
        trends.append(Trend(word, _slope(weekly), weekly, total))
    trends.sort(key=lambda t: (-t.slope, -t.total, t.keyword))
    return _distinct([t for t in trends if t.slope > 0], top)


def _slope(values: tuple[float, ...]) -> float:
    """Least-squares slope of values over 0, 1, 2, ..."""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den


def _distinct(trends: list[Trend], top: int) -> list[Trend]:
    """Skip a keyword that is part of one already chosen (or contains it): one trend, one topic."""
    chosen: list[Trend] = []
    for trend in trends:
        words = set(trend.keyword.split())
        if any(words <= set(c.keyword.split()) or set(c.keyword.split()) <= words for c in chosen):
            continue
        chosen.append(trend)
        if len(chosen) == top:
            break
    return chosen


def roi(y: TopicYield) -> float:
    """Profiles stored per run × smoothed share of high scorers (Laplace: an untested share counts 1/2)."""
    if y.runs == 0:
        return 0.0
    return (y.profiles_stored / y.runs) * (y.high_scorers + 1) / (y.profiles_stored + 2)


def rank_topics(topics: list[str], yields: dict[str, TopicYield], ucb_c: float) -> list[tuple[str, float]]:
    """Tried topics by UCB1 over normalized ROI, best first (ties keep the given order)."""
    tried = [t for t in topics if normalize_topic(t) in yields]
    rois = {t: roi(yields[normalize_topic(t)]) for t in tried}
    best = max(rois.values(), default=0.0) or 1.0
    total_runs = sum(yields[normalize_topic(t)].runs for t in tried)
    scored = []
    for position, topic in enumerate(tried):
        runs = yields[normalize_topic(topic)].runs
        bonus = ucb_c * math.sqrt(math.log(max(total_runs, 1)) / runs)
        scored.append((rois[topic] / best + bonus, -position, topic))
    return [(topic, score) for score, _, topic in sorted(scored, reverse=True)]


def recommend(pool: list[str], yields: dict[str, TopicYield], n: int, explore_share: float,
              ucb_c: float) -> list[str]:
    """``n`` topics: the best tried ones by UCB, and ``explore_share`` of the slots for untried ones."""
    untried = [t for t in pool if normalize_topic(t) not in yields]
    ranked = [t for t, _ in rank_topics(pool, yields, ucb_c)]
    explore = min(len(untried), max(round(n * explore_share), 1 if untried and n > 1 else 0))
    exploit = ranked[:n - explore]
    explore_picks = untried[:n - len(exploit)]  # untried fill any slots the tried ones leave
    chosen = exploit + explore_picks
    return chosen + [t for t in ranked if t not in chosen][:n - len(chosen)]


@dataclass
class TopicRefresh:
    """Where the topics stand: what is trending, every known topic ranked, and what a cycle would mine next."""

    trends: list[Trend]
    suggested: list[str]
    pool: list[str]
    ranked: list[tuple[str, float]]  # tried topics by UCB score, best first
    yields: dict[str, TopicYield]
    next_cycle: list[str]

    def rows(self) -> list[dict[str, object]]:
        """One row per tried topic, best first: score, runs, found, stored, high scorers, ROI."""
        rows: list[dict[str, object]] = []
        for topic, score in self.ranked:
            y = self.yields[normalize_topic(topic)]
            rows.append({"topic": topic, "ucb_score": round(score, 3), "roi": round(roi(y), 3), "runs": y.runs,
                         "candidates_found": y.candidates_found, "profiles_stored": y.profiles_stored,
                         "high_scorers": y.high_scorers, "next_cycle": topic in self.next_cycle})
        return rows


def refresh_topics(settings: Settings, repo: object, n: int | None = None, *,
                   suggest_topics: SuggestTopics | None = None, now: datetime | None = None) -> TopicRefresh:
    """Recompute trending keywords from stored posts and remember them (and LLM suggestions) as topics,
    then rank every known topic and pick the ``n`` (default: topics_per_cycle) a cycle would mine."""
    now = now or utcnow()
    cfg = settings.discovery
    yields = store_q.topic_yields(repo)  # type: ignore[arg-type]
    posts = store_q.posts_since(repo, now - timedelta(weeks=cfg.trending_weeks))  # type: ignore[arg-type]
    trends = trending_keywords(posts, now, cfg.trending_weeks, cfg.trending_topics)
    trending = [t.keyword for t in trends]
    store_q.remember_topics(repo, trending, "trending", now)  # type: ignore[arg-type]
    known = store_q.known_topics(repo)  # type: ignore[arg-type]
    suggested = _suggestions(suggest_topics, TopicContext(list(settings.pipeline.topics), yields, trending,
                                                          list(known)))
    store_q.remember_topics(repo, suggested, "llm", now)  # type: ignore[arg-type]
    pool = topic_pool(settings.pipeline.topics, suggested, trending, known, yields)
    chosen = recommend(pool, yields, n or cfg.topics_per_cycle, cfg.explore_share, cfg.ucb_c)
    return TopicRefresh(trends, suggested, pool, rank_topics(pool, yields, cfg.ucb_c), yields, chosen)


def choose_topics(settings: Settings, repo: object, n: int, *, suggest_topics: SuggestTopics | None = None,
                  now: datetime | None = None) -> list[str]:
    """The topics to mine this cycle: seeds, remembered and trending ones, and LLM suggestions if any."""
    return refresh_topics(settings, repo, n, suggest_topics=suggest_topics, now=now).next_cycle


def topic_pool(seeds: list[str], suggested: list[str], trending: list[str], known: dict[str, str],
               yields: dict[str, TopicYield]) -> list[str]:
    """Every candidate topic once (compared normalized), seeds first, then LLM, trending, search-mined, past."""
    by_origin = {"seed": seeds, "llm": suggested, "trending": trending,
                 "search": [t for t, origin in known.items() if origin == "search"],
                 "history": [*known, *yields]}
    pool: dict[str, str] = {}
    for origin in TOPIC_ORIGIN_ORDER:
        for topic in by_origin[origin]:
            pool.setdefault(normalize_topic(topic), topic)
    return [topic for key, topic in pool.items() if key]


def _suggestions(suggest_topics: SuggestTopics | None, context: TopicContext) -> list[str]:
    """The LLM's topics; a failing suggester costs its suggestions, never the cycle."""
    if suggest_topics is None:
        return []
    try:
        return [t for t in suggest_topics(context) if isinstance(t, str) and normalize_topic(t)]
    except ScoutError as exc:
        log.warning("topic suggester failed: %s", exc)
        return []
