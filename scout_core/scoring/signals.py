"""What a profile's text and links say: AI terms, shipping evidence and artifact links.

``analyze_profile`` reads a profile once into ``ProfileSignals``, which every scoring component and the
classifier share; ``extract_signals`` writes the readable part of it back onto a copy of the profile.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from scout_core.handles import website_key
from scout_core.identity.claims import CLAIM, post_links, work_owner
from scout_core.schema import InternalProfile
from scout_core.scoring.keywords import AI_TERMS, ARTIFACT_KINDS, CLASS_CUES, SHIPPING_PHRASES, TIER_WEIGHTS
from scout_core.scoring.lexicon_i18n import AI_TERM_ALIASES, SHIPPING_PHRASES_I18N
from scout_core.scoring.text import AFTER, BEFORE, expand_hashtags, single_words
from scout_core.scoring.voice import Sentence, Voice, profile_sentences, self_names

MAX_SHIPPING_SIGNALS = 12  # enough to explain a score; a hostile profile cannot flood the record
MAX_TEXT_FOR_MATCHING = 60_000  # characters of profile text read per profile
_QUOTE_CHARS = 70
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Path prefixes on github.com / huggingface.co that are site pages, not an owner's repo or model.
_GITHUB_SITE_PATHS = {"orgs", "sponsors", "topics", "features", "marketplace", "settings", "about", "apps"}


def _normalize(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lower())


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many words, factored by common prefixes (a flat alternation of hundreds of words
    is tried word by word at every position; a trie dispatches on the next character). Greedy optional
    tails make the longest word win, so "fine-tuned" beats "fine-tune" at the same position."""
    trie: dict = {}
    for word in sorted(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _render(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 else f"{body}?"


class TermMatcher:
    """Whole-word, case-insensitive matching of aliases, each counted under its canonical term.

    Word edges are script-aware (see text.py): "LLM" matches in "LLMの学習", "#AIAgents" after hashtag
    expansion, and "llm" in "llm_apps"; CJK aliases match inside longer runs of CJK text."""

    def __init__(self, aliases: Mapping[str, Iterable[str]]) -> None:
        self.canonical: dict[str, str] = {}
        for term, more in aliases.items():
            for alias in (term, *more):
                self.canonical.setdefault(_normalize(alias), term)
        self.pattern = re.compile(rf"{BEFORE}(?:{trie_pattern(self.canonical)}){AFTER}", re.IGNORECASE)

    def count(self, text: str) -> Counter[str]:
        return Counter(self.canonical[_normalize(m.group(0))] for m in self.pattern.finditer(text))

    def matches(self, text: str) -> list[tuple[str, int]]:
        """(canonical term, start) of every match, in order."""
        return [(self.canonical[_normalize(m.group(0))], m.start()) for m in self.pattern.finditer(text)]


@lru_cache(maxsize=1)
def ai_matcher() -> TermMatcher:
    return TermMatcher({term: (*aliases, *AI_TERM_ALIASES.get(term, ()))
                        for tier in AI_TERMS.values() for term, aliases in tier.items()})


@lru_cache(maxsize=1)
def hashtag_vocabulary() -> frozenset[str]:
    """Words a lower-case hashtag may be split into: the lexicon's one-word terms and cues, and a few more."""
    terms = [alias for tier in AI_TERMS.values() for term, aliases in tier.items() for alias in (term, *aliases)]
    cues = [cue for cues in CLASS_CUES.values() for cue in cues]
    return single_words([*terms, *cues, *_HASHTAG_WORDS])


# Common words in tech hashtags, so "#aitools" or "#buildinpublic" split (never "ai" + an unknown rest).
_HASHTAG_WORDS = (
    "app", "apps", "tool", "tools", "tooling", "dev", "devs", "news", "ops", "code", "coding", "data", "open",
    "source", "model", "models", "learning", "machine", "deep", "gen", "generative", "engineering", "research",
    "startup", "startups", "build", "builder", "builders", "in", "public", "systems", "system", "tech", "art",
    "agent", "chat", "bot", "bots", "web", "python", "rust", "ship", "shipping", "maker", "makers", "memory",
)


@lru_cache(maxsize=1)
def term_tiers() -> dict[str, str]:
    return {term: tier for tier, terms in AI_TERMS.items() for term in terms}


@lru_cache(maxsize=1)
def shipping_pattern() -> re.Pattern[str]:
    return re.compile(rf"{BEFORE}(?:{'|'.join((*SHIPPING_PHRASES, *SHIPPING_PHRASES_I18N))}){AFTER}", re.IGNORECASE)


@dataclass(frozen=True)
class FoundLink:
    url: str
    kind: str  # repo | model | launch | paper | profile | website | other
    where: str  # bio | website | post <id> | name
    own: bool = True  # False: a work of someone else's, linked without a claim (see identity/claims.py)

    @property
    def display(self) -> str:
        return website_key(self.url)


@dataclass(frozen=True)
class ProfileSignals:
    """Everything the scorers read from one profile's text and links, computed once."""

    term_counts: Counter[str]  # AI terms in the person's own and neutral words (not in reposts or quotes)
    word_count: int
    text: str  # the profile's text (name, bio, posts not about others), for the semantic space
    self_description: str  # name and bio: how the person describes themselves
    shipping: tuple[str, ...]  # first-person shipping statements and links to their own works
    links: tuple[FoundLink, ...] = field(default_factory=tuple)
    sentences: tuple[Sentence, ...] = ()  # every sentence with its voice (own, neutral, other)
    own_term_counts: Counter[str] = field(default_factory=Counter)  # AI terms in their own voice only
    names: tuple[str, ...] = ()  # what the account calls itself (handle, its parts, its site)

    def artifacts(self) -> list[FoundLink]:
        """Their own repos, models and launches (a link to someone else's work is not theirs)."""
        return [link for link in self.links if link.kind in ARTIFACT_KINDS and link.own]

    def weighted_terms(self, own_only: bool = False) -> float:
        """Distinct AI terms, each weighted by its tier (only those said in their own voice, if asked)."""
        tiers = term_tiers()
        return sum(TIER_WEIGHTS[tiers[t]] for t in (self.own_term_counts if own_only else self.term_counts))

    def voices(self) -> Counter[str]:
        return Counter(s.voice.value for s in self.sentences if s.where.startswith("post"))

    def ranked_terms(self) -> list[str]:
        """Distinct terms, most frequent first (ties: higher tier, then alphabetical, so it is stable)."""
        rank = {tier: i for i, tier in enumerate(AI_TERMS)}
        tiers = term_tiers()
        return sorted(self.term_counts, key=lambda t: (-self.term_counts[t], rank[tiers[t]], t))


def profile_texts(profile: InternalProfile) -> list[tuple[str, str]]:
    """(where, text) for every piece of free text, HTML entities decoded, hashtags split into words,
    bounded in total size."""
    pieces = [("name", profile.display_name or ""), ("bio", profile.bio or "")]
    pieces += [(f"post {post.post_id}", post.text) for post in profile.recent_posts]
    texts, budget = [], MAX_TEXT_FOR_MATCHING
    for where, text in pieces:
        if text and budget > 0:
            texts.append((where, expand_hashtags(html.unescape(text[:budget]), hashtag_vocabulary())))
            budget -= len(text)
    return texts


def classify_url(url: str) -> str:
    """The kind of thing a URL points at, from its host and path shape."""
    host, _, path = website_key(url).partition("/")
    parts = [p for p in path.split("/") if p]
    if host == "github.com":
        if not parts or parts[0].lower() in _GITHUB_SITE_PATHS:
            return "other"
        return "repo" if len(parts) >= 2 else "profile"
    if host in ("huggingface.co", "hf.co"):
        return _huggingface_kind(parts)
    if host == "producthunt.com" and parts:
        if parts[0] in ("posts", "products"):
            return "launch"
        return "profile" if parts[0].startswith("@") else "other"
    if host in ("x.com", "twitter.com", "linkedin.com"):
        return "profile" if parts else "other"
    if host == "arxiv.org":
        return "paper"
    return "website" if not parts and "." in host else "other"


def _huggingface_kind(parts: list[str]) -> str:
    if not parts:
        return "other"
    if parts[0] == "papers":
        return "paper"
    if parts[0] in ("datasets", "spaces"):
        return "model" if len(parts) >= 3 else "other"
    return "model" if len(parts) >= 2 else "profile"


def profile_links(profile: InternalProfile, names: tuple[str, ...] = ()) -> list[FoundLink]:
    """Every distinct link on the profile (website, extracted links, post URLs), classified, each marked
    as the person's own or not (see ``_own_work``)."""
    raw: list[tuple[str, str | None, str]] = []
    if profile.website:
        raw.append((profile.website, None, "website"))
    raw += [(link.url, link.kind, link.found_in) for link in profile.extracted_links]
    raw += [(url, None, f"post {post.post_id}") for post in profile.recent_posts for url in post.urls]
    claimed = _claimed_owners(profile)
    own_handles = set(names) | {lp.handle.lower() for lp in profile.linked_profiles}
    found, seen = [], set()
    for url, kind, where in raw:
        key = website_key(url)
        if not url.strip() or key in seen:
            continue
        seen.add(key)
        derived = classify_url(url)
        # Trust a normalizer's specific kind, but let the URL's shape refine a vague one.
        chosen = kind if kind and kind not in ("other", "website") else derived
        own = _own_work(url, where, own_handles, claimed)
        found.append(FoundLink(url=url, kind=chosen, where=where, own=own))
    return found


def _claimed_owners(profile: InternalProfile) -> set[tuple[str, str]]:
    """Owners of works the profile's posts claim in the first person (the identity resolver's reading),
    reposts left out: "RT @ann: we released…" is Ann's claim, not the reposter's."""
    own_posts = [p for p in profile.recent_posts if not p.text.lstrip().lower().startswith("rt @")]
    return {(platform, handle) for platform, handle, via in
            post_links(profile.model_copy(update={"recent_posts": own_posts})) if via == CLAIM}


def _own_work(url: str, where: str, own_handles: set[str], claimed: set[tuple[str, str]]) -> bool:
    """A work linked from the bio or website, owned by the account's own names or linked profiles, or
    claimed by a first-person post is theirs; any other post link to a work is a reference."""
    if not where.startswith("post"):
        return True
    owner = work_owner(url)
    if owner is None:
        return True  # not a repo, model or launch: ownership does not apply
    return owner[1] in own_handles or owner in claimed


def quote(text: str, start: int, end: int) -> str:
    """A short, single-line excerpt of ``text`` around ``[start, end)``."""
    pad = max(0, (_QUOTE_CHARS - (end - start)) // 2)
    lo = max(0, start - pad)
    hi = min(len(text), max(end + pad, lo + _QUOTE_CHARS))  # near the start, show more of what follows
    snippet = _SPACES.sub(" ", text[lo:hi]).strip()
    return ("…" if lo > 0 else "") + snippet[:_QUOTE_CHARS * 2] + ("…" if hi < len(text) else "")


def shipping_from_text(sentences: Iterable[Sentence]) -> list[str]:
    """One signal per piece of text in which the person says they shipped something, quoting it."""
    signals, done = [], set()
    for sentence in sentences:
        if sentence.voice is not Voice.OWN or sentence.where in done:
            continue
        match = shipping_pattern().search(sentence.text)
        if match:
            done.add(sentence.where)
            signals.append(f"{sentence.where}: '{quote(sentence.text, match.start(), match.end())}'")
    return signals


def shipping_from_links(links: Iterable[FoundLink]) -> list[str]:
    return [f"{link.where} links {link.kind} {link.display}" for link in links
            if link.kind in ARTIFACT_KINDS and link.own]


def analyze_profile(profile: InternalProfile) -> ProfileSignals:
    texts = profile_texts(profile)
    names = self_names(profile.handle, profile.website, profile.display_name)
    bio = next((text for where, text in texts if where == "bio"), None)
    posts = [(where, text) for where, text in texts if where.startswith("post")]
    sentences = profile_sentences(bio, posts, names)
    name = [Sentence(text, "name", Voice.OWN) for where, text in texts if where == "name"]
    counts: Counter[str] = Counter()
    own: Counter[str] = Counter()
    words = 0
    for sentence in [*name, *sentences]:
        words += len(_WORD.findall(sentence.text))
        if sentence.voice is Voice.OTHER:
            continue
        found = ai_matcher().count(sentence.text)
        counts.update(found)
        if sentence.voice is Voice.OWN:
            own.update(found)
    links = profile_links(profile, names)
    shipping = (shipping_from_text(sentences) + shipping_from_links(links))[:MAX_SHIPPING_SIGNALS]
    return ProfileSignals(
        term_counts=counts,
        word_count=words,
        text="\n".join(s.text for s in [*name, *sentences] if s.voice is not Voice.OTHER),
        self_description="\n".join(text for where, text in texts if where in ("name", "bio")),
        shipping=tuple(shipping),
        links=tuple(links),
        sentences=tuple([*name, *sentences]),
        own_term_counts=own,
        names=names,
    )


def _merge(first: Iterable[str], then: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *then]))


def extract_signals(profile: InternalProfile, signals: ProfileSignals | None = None) -> InternalProfile:
    """A copy of ``profile`` with ``technical_keywords`` and ``shipping_signals`` filled in.

    Values a normalizer already set are kept (after the derived ones for keywords, before them for
    shipping signals), so calling this twice changes nothing.
    """
    signals = signals or analyze_profile(profile)
    keywords = _merge(signals.ranked_terms(), profile.technical_keywords)
    shipping = _merge(profile.shipping_signals, signals.shipping)
    return profile.model_copy(update={"technical_keywords": keywords, "shipping_signals": shipping})
