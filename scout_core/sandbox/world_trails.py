"""Trails: how a person's accounts point at one another, and how many accounts stay silent.

The account builders already leave the trails people commonly leave, at rates we guessed: GitHub's
``twitter_username`` about half the time, a Product Hunt ``twitterUsername``, bio links, a shared personal
site, posts announcing a repo. Left there, about a quarter of the people with several accounts had one
that pointed at nothing and that nothing pointed at. No resolver can join such an account by evidence
(names alone never merge: namesakes are common), so that share silently set the identity benchmark's
floor. Here it is a stated assumption instead: every further account of a person leaves a trail to
their main account unless it is *silent*, with probability ``silent_share`` per account.

The trails added are the ones the platforms offer, in the shapes people type them: a ``twitter_username``,
a bare ``github.com/jdoe`` in a Hugging Face bio, a GitHub URL as a Product Hunt website, "alt of @main" on
an alt. Already existing trails count only when they name a *current* handle: a GitHub account that still
shows its owner's old X handle has a stale trail, and gets a fresh one elsewhere.
"""

from __future__ import annotations

import random

from scout_core.identity.unionfind import UnionFind
from scout_core.sandbox.model import Person

SILENT_ACCOUNT_SHARE = 0.01
_ALT_TRAILS = (" (alt of @{main})", " · main: @{main}", " — alt account of @{main}", " main acct is @{main}")


def leave_trails(rng: random.Random, person: Person, site: str | None, silent_share: float) -> None:
    """Give each of ``person``'s accounts not yet reachable from their main one a trail (unless silent)."""
    accounts = _accounts(person)
    if len(accounts) < 2:
        return
    groups = UnionFind(accounts)
    for a in accounts:
        for b in accounts:
            if a != b and (_points_to(person, a, b) or _same_site(person, a, b, site)):
                groups.union(a, b)
    root = accounts[0]
    for name in accounts[1:]:
        if groups.connected(name, root) or rng.random() < silent_share:
            continue
        _add_trail(rng, person, name, root)
        groups.union(name, root)


def _accounts(person: Person) -> list[str]:
    """The person's accounts, main first: X, then GitHub, Hugging Face, Product Hunt, the X alt."""
    present = {"x": person.x, "github": person.github, "huggingface": person.huggingface,
               "producthunt": person.producthunt, "x_alt": person.x_alt}
    return [name for name, account in present.items() if account is not None]


def _profile_url(person: Person, name: str) -> str:
    if name in ("x", "x_alt"):
        account = person.x if name == "x" else person.x_alt
        assert account is not None
        return f"x.com/{account.handle}"
    if name == "github":
        assert person.github is not None
        return f"github.com/{person.github.login}"
    if name == "huggingface":
        assert person.huggingface is not None
        return f"huggingface.co/{person.huggingface.username}"
    assert person.producthunt is not None
    return f"producthunt.com/@{person.producthunt.username}"


def _fields(person: Person, name: str) -> list[str]:
    """What an account shows about other accounts: bio, website and the platform's own link fields."""
    if name in ("x", "x_alt"):
        account = person.x if name == "x" else person.x_alt
        assert account is not None
        return [account.bio, account.website or ""]
    if name == "github":
        assert person.github is not None
        twitter = person.github.twitter_username
        return [person.github.bio or "", person.github.blog, f"x.com/{twitter}" if twitter else ""]
    if name == "huggingface":
        assert person.huggingface is not None
        return [person.huggingface.details]
    assert person.producthunt is not None
    twitter = person.producthunt.twitter_username
    return [person.producthunt.website_url or "", f"x.com/{twitter}" if twitter else ""]


def _points_to(person: Person, a: str, b: str) -> bool:
    if a == "x_alt" and b == "x" and person.x is not None:
        return f"@{person.x.handle}".lower() in (person.x_alt.bio if person.x_alt else "").lower()
    target = _profile_url(person, b).lower()
    variants = (target, target.replace("x.com/", "twitter.com/"))
    return any(_names_exactly(text.lower(), v) for text in _fields(person, a) for v in variants)


def _names_exactly(text: str, url: str) -> bool:
    """``url`` in ``text`` as a whole profile address (``github.com/jdoe`` does not name ``github.com/jdoe2``)."""
    start = text.find(url)
    while start >= 0:
        end = start + len(url)
        if end == len(text) or not (text[end].isalnum() or text[end] in "_-"):
            return True
        start = text.find(url, start + 1)
    return False


def _same_site(person: Person, a: str, b: str, site: str | None) -> bool:
    if not site:
        return False
    key = site.removeprefix("https://").lower()
    return all(any(key in text.lower() for text in _fields(person, n)) for n in (a, b))


def _add_trail(rng: random.Random, person: Person, name: str, root: str) -> None:
    """One link from account ``name`` to the main account ``root``, in a shape people really use."""
    url = _profile_url(person, root)
    handle = url.rsplit("/", 1)[-1].removeprefix("@")
    if name == "x_alt":
        assert person.x_alt is not None
        person.x_alt.bio += rng.choice(_ALT_TRAILS).format(main=handle)
    elif name == "github":
        assert person.github is not None
        if root == "x" and not person.github.twitter_username:
            person.github.twitter_username = handle
        else:
            person.github.bio = f"{person.github.bio or ''} · {rng.choice(['', 'https://'])}{url}".lstrip(" ·")
    elif name == "huggingface":
        assert person.huggingface is not None
        shown = url.replace("x.com/", "twitter.com/") if root == "x" and rng.random() < 0.3 else url
        person.huggingface.details = f"{person.huggingface.details} {rng.choice(['', 'https://'])}{shown}".strip()
    else:
        assert person.producthunt is not None
        if root == "x":
            person.producthunt.twitter_username = handle if rng.random() < 0.85 else handle.lower()
        else:
            person.producthunt.website_url = "https://" + url

