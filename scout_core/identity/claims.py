"""What an account's posts say it made: ownership claims on repos, models and launches elsewhere.

A builder who posts "just shipped agentkit github.com/jdoe/agentkit" says the GitHub account ``jdoe``
is theirs. People also link other people's work, so a link only becomes a *claim* when the post reads
as first-person shipping (a shipping phrase from the scoring lexicon with "I/we/our/my", or a sentence
that starts with the verb: "Just shipped...", "Released the weights...") and gives no credit to someone
else ("congrats @ann", "by @bob", "built on", "my PR to..."; a hat tip is not credit for the work), or
when the same owner is linked from several shipping posts. Every other link to a work is a *reference*:
no evidence, but it tells the resolver how many people link that work (a popular repo proves nothing
about who posts it).

Claims and references become links (``via`` "post_claim" / "post_ref") to the work's owner: the
GitHub login or Hugging Face user in the URL, or a Product Hunt launch slug (pseudo-platform
"launch"), which the maker's profile lists as made ("made" links).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from scout_core.lexicon import SHIPPING as SHIPPING_PHRASES
from scout_core.schema import InternalProfile
from scout_core.sources.links import classify_url, urls_in

CLAIM = "post_claim"  # the account's posts claim the work as its own
REFERENCE = "post_ref"  # the account's posts link the work, without claiming it
MADE = "made"  # the account made the work (a Product Hunt maker's launch)
POST_VIAS = (CLAIM, REFERENCE)
LAUNCH = "launch"  # pseudo-platform: Product Hunt launch slugs
WORK_KINDS = {"repo", "model", "dataset", "space"}
REPEATED_CLAIMS = 2  # shipping posts linking one owner that make a claim without a first-person cue

_SHIPPING = re.compile(rf"(?<!\w)(?:{'|'.join(SHIPPING_PHRASES)}|is out|weights)(?!\w)", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"(?<![\w@])(?:i|i'm|i've|we|we're|we've|our|ours|my|us)(?!\w)", re.IGNORECASE)
# "Just shipped X", "Released the weights": the subject left out is the author.
_SUBJECTLESS = re.compile(
    r"(?:^|[.!?:]\s+|^(?:@\w+\s+)+)(?:just\s+|finally\s+)?"
    r"(?:shipped|launched|released|open[- ]sourced|published|built|made|launching|shipping)\b", re.IGNORECASE)
# Credit to someone else: the linked work is theirs, or the author only contributed to it.
_CREDIT = re.compile(
    r"(?<!\w)(?:congrats|congratulations|kudos|shout-?out|props to|by @|from @|made by|built by|"
    r"pr|prs|pull request|contribut\w*|fork(?:ed)?|fork of|starred|merged|@\w+'s|their|his|her|"
    r"built on|built with|powered by|based on|on top of|using|uses|via|inspired by|playing with)(?!\w)",
    re.IGNORECASE)
_LAUNCH_PATH = ("posts", "products")


@dataclass(slots=True)
class _Tally:
    claims: int = 0  # posts that claim it in the first person
    shipping: int = 0  # shipping posts (first person or not) and own repos' homepages that link it


def work_owner(url: str) -> tuple[str, str] | None:
    """Who a link to a work belongs to: ("github", login), ("huggingface", user) or ("launch", slug)."""
    ref = classify_url(url)
    if ref is not None:
        return (ref.platform, ref.handle.lower()) if ref.kind in WORK_KINDS else None
    return launch_slug(url)


@lru_cache(maxsize=100_000)
def launch_slug(url: str) -> tuple[str, str] | None:
    """``producthunt.com/posts/<slug>`` (or ``/products/<slug>``) → ("launch", slug)."""
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = [p for p in parts.path.split("/") if p]
    if host != "producthunt.com" or len(path) < 2 or path[0] not in _LAUNCH_PATH:
        return None
    slug = path[1].lower()
    return (LAUNCH, slug) if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,127}", slug) else None


def post_reading(text: str) -> tuple[bool, bool]:
    """(claims in the first person, is a shipping post) for one post's text; credit to others claims nothing."""
    if _CREDIT.search(text):
        return False, False
    shipping = _SHIPPING.search(text) is not None
    first_person = _SUBJECTLESS.search(text) is not None or _FIRST_PERSON.search(text) is not None
    return shipping and first_person, shipping


def post_links(profile: InternalProfile) -> list[tuple[str, str, str]]:
    """(platform, handle, via) of each work owner this profile's posts (and repo homepages) link, once each."""
    own = (profile.source_platform, profile.handle.lower())
    tallies: dict[tuple[str, str], _Tally] = {}
    for text, urls, homepage in _linking_texts(profile):
        owners = {o for u in urls if (o := work_owner(u)) and o != own and o[0] != own[0]}
        if not owners:
            continue
        claims, shipping = post_reading(text) if text else (False, homepage)
        for owner in owners:
            tally = tallies.setdefault(owner, _Tally())
            tally.claims += claims
            tally.shipping += shipping
    return [(p, h, CLAIM if _claimed(t) else REFERENCE) for (p, h), t in tallies.items()]


def _claimed(tally: _Tally) -> bool:
    return tally.claims >= 1 or tally.shipping >= REPEATED_CLAIMS


def _linking_texts(profile: InternalProfile) -> Iterable[tuple[str, list[str], bool]]:
    """(text, urls, is a repo homepage) of every post, then links found in posts without their text, and the
    homepages of the account's own repos (a homepage is like one shipping post: the repo's owner chose it)."""
    seen: set[str] = set()
    for post in profile.recent_posts:
        urls = list(dict.fromkeys([*post.urls, *urls_in(post.text)]))
        seen.update(urls)
        yield post.text, urls, False
    for link in profile.extracted_links:
        if link.found_in in ("post", "repo") and link.url not in seen:
            yield "", [link.url], link.found_in == "repo"


def made_links(profile: InternalProfile) -> list[tuple[str, str, str]]:
    """(LAUNCH, slug, MADE) for each launch a Product Hunt maker's profile lists as theirs."""
    if profile.source_platform != "producthunt":
        return []
    slugs = {s for x in profile.extracted_links if x.kind == "launch" and (s := launch_slug(x.url))}
    return [(LAUNCH, slug, MADE) for _, slug in sorted(slugs)]
