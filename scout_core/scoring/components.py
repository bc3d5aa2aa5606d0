"""The score's components, one function each: points within [0, max] and evidence naming what earned them.

Each takes the profile and, optionally, its already computed ``ProfileSignals`` (``score_profile``
computes them once for all). The scale is the predecessor's: LLM evaluation 35, semantic fit 20,
technical depth 15, engagement 15, links 10, completeness 5.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scout_core.handles import website_key
from scout_core.schema import EnrichmentQuality, InternalProfile, Post, ScoreComponent
from scout_core.scoring.signals import ProfileSignals, analyze_profile, term_tiers

COMPONENT_MAX: dict[str, float] = {
    "llm_evaluation": 35.0,
    "semantic_fit": 20.0,
    "technical_depth": 15.0,
    "engagement": 15.0,
    "links": 10.0,
    "completeness": 5.0,
}

# Calibration, as data. Similarity of a strong builder's text to the prototype is about 0.3-0.5.
SEMANTIC_FULL_SIMILARITY = 0.35
SEMANTIC_SIMILARITY_POINTS = 14.0
SEMANTIC_KEYWORD_POINTS = 6.0
DEPTH_TIER_POINTS = {"core": 1.5, "tools": 0.75, "general": 0.25}
DEPTH_BREADTH_MAX, DEPTH_DENSITY_MAX, DEPTH_ARTIFACT_MAX = 7.0, 3.0, 5.0
DEPTH_MIN_WORDS = 30  # density denominator floor: one buzzword in a three-word bio is not depth
RECENT_DAYS = 30
ENGAGEMENT_FULL_RATE = 0.05  # 5% interactions per follower per post is excellent on X
ENGAGEMENT_RATE_POINTS, ENGAGEMENT_FREQUENCY_POINTS = 10.0, 5.0
POSTS_FOR_FULL_FREQUENCY = 10
ARTIFACT_PLATFORMS = {"github": "public repositories", "huggingface": "models", "producthunt": "launches"}
PLATFORM_HOSTS = {
    "github.com": "github", "huggingface.co": "huggingface", "hf.co": "huggingface",
    "producthunt.com": "producthunt", "x.com": "x", "twitter.com": "x", "linkedin.com": "linkedin",
}
SHORTENER_HOSTS = {"t.co", "bit.ly", "buff.ly", "ow.ly", "tinyurl.com", "lnkd.in"}  # not a personal site
LINK_POINTS = {"github": 3.0, "huggingface": 2.0, "producthunt": 1.5, "website": 1.5}
OTHER_PROFILE_POINTS, OTHER_PROFILE_MAX = 0.5, 1.0
ARTIFACT_LINK_POINTS, ARTIFACT_LINK_MAX = 0.5, 1.0


def _component(name: str, points: float, evidence: list[str]) -> ScoreComponent:
    bounded = round(min(max(points, 0.0), COMPONENT_MAX[name]), 2)
    return ScoreComponent(name=name, points=bounded, max_points=COMPONENT_MAX[name], evidence=evidence)


def unknown(name: str, why: str, more: list[str] | None = None) -> ScoreComponent:
    """A component whose inputs are missing: no points (not zero), evidence starting with "unknown"."""
    return ScoreComponent(name=name, points=None, max_points=COMPONENT_MAX[name],
                          evidence=[f"unknown: {why}", *(more or [])])


def _terms_list(terms: list[str], limit: int = 8) -> str:
    shown = ", ".join(terms[:limit])
    return shown + (f" (+{len(terms) - limit} more)" if len(terms) > limit else "")


def semantic_fit(profile: InternalProfile, signals: ProfileSignals | None = None) -> ScoreComponent:
    """0-20: TF-IDF cosine similarity to the AI-builder prototype, plus AI keyword hits."""
    from scout_core.scoring.semantic import AI_BUILDER, semantic_space

    signals = signals or analyze_profile(profile)
    if not signals.text.strip():
        return unknown("semantic_fit", "no name, bio or posts to compare")
    similarity = semantic_space().similarities(signals.text)[AI_BUILDER]
    sim_points = SEMANTIC_SIMILARITY_POINTS * min(1.0, similarity / SEMANTIC_FULL_SIMILARITY)
    keyword_points = min(SEMANTIC_KEYWORD_POINTS, signals.weighted_terms())
    evidence = [f"similarity {similarity:.2f} to the AI-builder prototype (+{sim_points:.1f})"]
    if signals.term_counts:
        terms = signals.ranked_terms()
        evidence.append(f"AI terms: {_terms_list(terms)} (+{keyword_points:.1f})")
    else:
        evidence.append("no AI terms in bio or posts")
    return _component("semantic_fit", sim_points + keyword_points, evidence)


def technical_depth(profile: InternalProfile, signals: ProfileSignals | None = None) -> ScoreComponent:
    """0-15: breadth of AI vocabulary by tier, its density, and shipped artifacts (repos, models)."""
    signals = signals or analyze_profile(profile)
    if not signals.text.strip() and not profile.content_count and not signals.links:
        return unknown("technical_depth", "no text, links or works to read")
    evidence: list[str] = []
    points = _depth_breadth(signals, evidence) + _depth_density(signals, evidence)
    points += _depth_artifacts(profile, signals, evidence)
    return _component("technical_depth", points, evidence)


def _depth_breadth(signals: ProfileSignals, evidence: list[str]) -> float:
    if not signals.term_counts:
        evidence.append("no technical AI terms")
        return 0.0
    tiers = term_tiers()
    points = 0.0
    for tier, per_term in DEPTH_TIER_POINTS.items():
        terms = [t for t in signals.ranked_terms() if tiers[t] == tier]
        if terms:
            points += per_term * len(terms)
            evidence.append(f"{tier} terms: {_terms_list(terms)} (+{per_term * len(terms):.2f})")
    return min(points, DEPTH_BREADTH_MAX)


def _depth_density(signals: ProfileSignals, evidence: list[str]) -> float:
    tiers = term_tiers()
    weight = {"core": 1.0, "tools": 0.75, "general": 0.4}
    hits = sum(count * weight[tiers[term]] for term, count in signals.term_counts.items())
    if not hits:
        return 0.0
    density = 100 * hits / max(signals.word_count, DEPTH_MIN_WORDS)
    points = min(DEPTH_DENSITY_MAX, density * 0.5)
    evidence.append(f"density {density:.1f} weighted AI terms per 100 words (+{points:.1f})")
    return points


def _depth_artifacts(profile: InternalProfile, signals: ProfileSignals, evidence: list[str]) -> float:
    artifacts = [link for link in signals.artifacts() if link.kind in ("repo", "model")]
    points = 1.25 * len(artifacts)
    for link in artifacts[:5]:
        evidence.append(f"{link.kind} {link.display} ({link.where})")
    what = ARTIFACT_PLATFORMS.get(profile.source_platform)
    if what and profile.content_count:
        bonus = min(2.5, 0.25 * profile.content_count)
        points += bonus
        count = profile.content_count
        evidence.append(f"{profile.source_platform} profile with {count} {what} (+{bonus:.2f})")
    if not points:
        evidence.append("no repo or model links")
    return min(points, DEPTH_ARTIFACT_MAX)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC (every source reports UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def recent_posts(profile: InternalProfile, now: datetime, days: int = RECENT_DAYS) -> list[Post]:
    """Dated posts no older than ``days`` before ``now`` (posts dated after ``now`` count as recent)."""
    since = as_utc(now) - timedelta(days=days)
    return [p for p in profile.recent_posts if p.created_at and as_utc(p.created_at) >= since]


# Platforms whose profiles carry posts, so silence there means inactivity.
POSTING_PLATFORMS = frozenset({"x"})


def timeline_unknown(profile: InternalProfile) -> bool:
    """A posting platform's profile stored without its timeline: the fetch failed (or was not made),
    so whether they post is unknown - not "no posts"."""
    return (profile.source_platform in POSTING_PLATFORMS and not profile.recent_posts
            and profile.enrichment_quality in (EnrichmentQuality.PARTIAL, EnrichmentQuality.MINIMAL))


def engagement(profile: InternalProfile, now: datetime) -> ScoreComponent:
    """0-15: engagement rate over the last 30 days' posts, and how often they post.

    Unknown (no points) when the rate cannot be measured: no follower count, or posts without any
    like, reply or repost count (a scraper that did not see them) — never a measured 0%.
    """
    if timeline_unknown(profile):
        return unknown("engagement", f"timeline not fetched ({profile.enrichment_quality.value} profile)")
    recent = recent_posts(profile, now)
    if not recent:
        if profile.recent_posts and not any(p.created_at for p in profile.recent_posts):
            return unknown("engagement", "posts have no dates")
        return _component("engagement", 0, ["no recent posts"])
    frequency_points = min(ENGAGEMENT_FREQUENCY_POINTS,
                           ENGAGEMENT_FREQUENCY_POINTS * len(recent) / POSTS_FOR_FULL_FREQUENCY)
    posted = f"{_count(len(recent), 'post')} in the last {RECENT_DAYS} days"
    evidence = [f"{posted} (+{frequency_points:.1f})"]
    if profile.followers_count is None:
        return unknown("engagement", "follower count unknown: engagement rate not computed", [posted])
    counted = [p for p in recent if (p.like_count, p.reply_count, p.repost_count) != (None, None, None)]
    if not counted:
        return unknown("engagement", f"no like, reply or repost counts on the {_count(len(recent), 'recent post')}",
                       [posted])
    recent = counted
    followers = max(profile.followers_count, 1)
    interactions = [(p.like_count or 0) + (p.reply_count or 0) + (p.repost_count or 0) for p in recent]
    rate = sum(interactions) / len(interactions) / followers
    rate_points = ENGAGEMENT_RATE_POINTS * min(1.0, rate / ENGAGEMENT_FULL_RATE)
    best = max(zip(interactions, recent, strict=True), key=lambda pair: pair[0])
    evidence.append(
        f"engagement rate {rate:.2%} (mean likes+replies+reposts {sum(interactions) / len(recent):.1f} "
        f"per post / {profile.followers_count:,} followers) (+{rate_points:.1f})"
    )
    if best[0]:
        evidence.append(f"top post {best[1].post_id}: {best[0]:,} interactions")
    return _component("engagement", frequency_points + rate_points, evidence)


def _platform_of(url: str) -> str | None:
    return PLATFORM_HOSTS.get(website_key(url).partition("/")[0])


def _short(url: str) -> bool:
    return website_key(url).partition("/")[0] in SHORTENER_HOSTS


def links(profile: InternalProfile, signals: ProfileSignals | None = None) -> ScoreComponent:
    """0-10: presence on GitHub, Hugging Face, Product Hunt, a personal website, other profiles, artifacts."""
    signals = signals or analyze_profile(profile)
    presence = _presence(profile, signals)
    evidence, points = [], 0.0
    for platform, pts in LINK_POINTS.items():
        if platform in presence:
            points += pts
            evidence.append(f"{platform}: {presence[platform]} (+{pts:.1f})")
        else:
            evidence.append(f"no {platform}")
    others = sorted(p for p in presence if p not in LINK_POINTS)
    if others:
        extra = min(OTHER_PROFILE_MAX, OTHER_PROFILE_POINTS * len(others))
        points += extra
        evidence.append(f"other profiles: {', '.join(f'{p} {presence[p]}' for p in others)} (+{extra:.1f})")
    artifacts = signals.artifacts()
    if artifacts:
        extra = min(ARTIFACT_LINK_MAX, ARTIFACT_LINK_POINTS * len(artifacts))
        points += extra
        shown = ", ".join(f"{a.kind} {a.display}" for a in artifacts[:4])
        evidence.append(f"{len(artifacts)} repo/model/launch links: {shown} (+{extra:.1f})")
    others = [link for link in signals.links if not link.own]
    if others:
        shown = ", ".join(link.display for link in others[:3])
        evidence.append(f"{len(others)} links to others' works, not counted: {shown}")
    return _component("links", points, evidence)


def _presence(profile: InternalProfile, signals: ProfileSignals) -> dict[str, str]:
    """platform -> how we know the person is there (first evidence wins), plus 'website' when personal."""
    found: dict[str, str] = {}
    if profile.source_platform in LINK_POINTS:  # being on X is not a link to anywhere else
        found[profile.source_platform] = f"this is a {profile.source_platform} profile"
    for linked in profile.linked_profiles:
        found.setdefault(linked.platform, f"linked profile {linked.handle}")
    for link in signals.links:
        platform = _platform_of(link.url)
        if platform and not link.own:
            continue  # a link to someone else's repo or model is not their presence there
        if platform:
            found.setdefault(platform, f"{link.display} ({link.where})")
        elif link.where in ("website", "bio") and link.kind in ("website", "other") and not _short(link.url):
            found.setdefault("website", link.display)
    return found


def completeness(profile: InternalProfile) -> ScoreComponent:
    """0-5: name, bio, website, location, avatar, and posts (or repos/models/launches off X)."""
    has_content = bool(profile.recent_posts) or (
        profile.source_platform in ARTIFACT_PLATFORMS and bool(profile.content_count))
    checks = [
        ("name", 1.0, bool((profile.display_name or "").strip())),
        ("bio", 1.0, bool((profile.bio or "").strip())),
        ("website", 1.0, bool((profile.website or "").strip())),
        ("location", 0.5, bool((profile.location or "").strip())),
        ("avatar", 0.5, bool(profile.avatar_url)),
        ("posts", 1.0, has_content),
    ]
    points = sum(pts for _, pts, ok in checks if ok)
    evidence = [f"has {what} (+{pts:.1f})" if ok else f"no {what}" for what, pts, ok in checks]
    return _component("completeness", points, evidence)


def llm_evaluation(profile: InternalProfile) -> ScoreComponent:
    """0-35, from an LLM judge. Without one, points are None and the scorecard rescales the rest."""
    return ScoreComponent(name="llm_evaluation", points=None, max_points=COMPONENT_MAX["llm_evaluation"],
                          evidence=["LLM judge not configured"])
