"""Rendered X profile pages (HTML) to InternalProfile, with BeautifulSoup.

Reads X's own conventions (see shared/samples/x_profile_page): ``[data-testid="UserName"]`` holds
"Display Name" then "@handle"; counts are compact display text ("12.5K"), so the profile says
``counts_approximate`` when any was abbreviated; ``a[data-testid="UserUrl"]``'s href is a t.co short
link, not the destination, so the website is the display text and the t.co is kept as a link.
Anything required that is missing raises ParseError naming the field: that is how DOM drift shows.
A timeline post whose markup drifted (its time not inside a ``/<handle>/status/<id>`` link) costs only
that post: the profile keeps the posts it could read, is PARTIAL, and says why in ``parse_drift``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from bs4 import BeautifulSoup, NavigableString, Tag
from pydantic import ValidationError

from scout_core.errors import InvalidHandleError, ParseError
from scout_core.schema import EnrichmentQuality, ExtractedLink, InternalProfile, LinkedProfile, Post
from scout_core.sources.compact import parse_compact_count

SOURCE = "x_web"
READY_SELECTOR = '[data-testid="UserName"], [data-testid="loginButton"], [data-testid="emptyState"]'
PageKind = Literal["profile", "suspended", "login_wall", "not_found", "unknown"]

_HANDLE = re.compile(r"@([A-Za-z0-9_]{1,15})")
_POSTS_HEADER = re.compile(r"^\s*(\d[\d.,\s]*\s*[KMB]?)\s+posts?\s*$", re.I)
_STATUS = re.compile(r"^/(?P<handle>[A-Za-z0-9_]{1,15})/status/(?P<id>\d+)$")
_JOINED = re.compile(r"Joined\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})")
_PROFILE_LINK = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.)?(?P<host>github\.com|huggingface\.co)/"
    r"(?P<name>[A-Za-z0-9][\w.-]*)(?P<tail>\S*)", re.I)
_PLATFORM = {"github.com": "github", "huggingface.co": "huggingface"}
# First path segments that are site sections, not people.
_RESERVED = {
    "github": {"orgs", "sponsors", "features", "topics", "about", "marketplace", "explore", "settings"},
    "huggingface": {"models", "datasets", "spaces", "docs", "blog", "papers", "collections", "organizations"},
}


def page_kind(soup: BeautifulSoup) -> PageKind:
    """Which of X's pages this is: a profile, a suspended session, the login wall, or "this account doesn't exist"."""
    if soup.select_one('[data-testid="UserName"]'):
        return "profile"
    if soup.select_one('[data-testid="loginButton"]'):
        # A suspended session is logged out too, but its wall says why: a ban, not an expired cookie.
        return "suspended" if "suspended" in soup.get_text(" ").lower() else "login_wall"
    if soup.select_one('[data-testid="emptyState"]'):
        return "not_found"
    return "unknown"


def read_page(html: str) -> BeautifulSoup:
    """Parse HTML, with X's emoji images turned back into their characters."""
    soup = BeautifulSoup(html, "html.parser")
    for img in soup.select("img[alt]"):
        if img.find_parent(attrs={"data-testid": True}) and len(img["alt"]) <= 4:
            img.replace_with(NavigableString(str(img["alt"])))
    return soup


def parse_profile(html: str, handle: str, fetched_at: datetime) -> InternalProfile:
    """One rendered profile page as an InternalProfile; ParseError(field=...) when markup is off."""
    return _ProfileReader(read_page(html), handle).profile(fetched_at)


class _ProfileReader:
    """Reads one page; ``handle`` is the handle asked for, used in error messages."""

    def __init__(self, soup: BeautifulSoup, handle: str) -> None:
        self.soup = soup
        self.asked = handle
        self.drift: list[str] = []  # what could not be read while the rest of the page could

    def fail(self, field: str, problem: str) -> ParseError:
        return ParseError(problem, source=SOURCE, handle=self.asked, field=field)

    def profile(self, fetched_at: datetime) -> InternalProfile:
        name, handle, verified = self.user_name()
        followers, followers_approx = self.count('a[href$="/verified_followers"] span', "followers_count",
                                                 fallback='a[href$="/followers"] span')
        following, following_approx = self.count('a[href$="/following"] span', "following_count")
        posts, posts_approx = self.posts_count()
        bio, website = self.text_of('[data-testid="UserDescription"]'), self.website()
        timeline = self.recent_posts(handle)
        try:
            return InternalProfile(
                source_platform="x", handle=handle, display_name=name, bio=bio,
                location=self.text_of('[data-testid="UserLocation"]'),
                website=website.display_url if website else None,
                created_at=self.joined(), verified=verified, avatar_url=self.avatar(),
                followers_count=followers, following_count=following, content_count=posts,
                counts_approximate=followers_approx or following_approx or posts_approx,
                recent_posts=timeline,
                extracted_links=self.links(website),
                linked_profiles=linked_profiles([bio or "", website.display_url if website else ""]),
                last_enriched_at=fetched_at, enriched_by=SOURCE, parse_drift=self.drift,
                enrichment_quality=EnrichmentQuality.PARTIAL if self.drift else EnrichmentQuality.FULL,
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "profile"
            raise self.fail(where, f"page value rejected: {error['msg']}") from exc

    def user_name(self) -> tuple[str | None, str, bool]:
        """Display name, handle and verified badge from the UserName block."""
        block = self.soup.select_one('[data-testid="UserName"]')
        if block is None:
            raise self.fail("UserName", "no [data-testid=UserName] block: not an X profile page, or drifted")
        texts = list(block.stripped_strings)
        at = [i for i, text in enumerate(texts) if _HANDLE.fullmatch(text)]
        if not at:
            raise self.fail("UserName", "UserName block has no @handle line")
        name = " ".join(texts[: at[-1]]).strip() or None
        verified = block.select_one('svg[aria-label*="Verified"]') is not None
        return name, texts[at[-1]][1:], verified

    def count(self, selector: str, field: str, fallback: str | None = None) -> tuple[int, bool]:
        node = self.soup.select_one(selector) or (self.soup.select_one(fallback) if fallback else None)
        if node is None:
            raise self.fail(field, f"no {selector} on the page")
        try:
            return parse_compact_count(node.get_text(" ", strip=True))
        except ValueError as exc:
            raise self.fail(field, str(exc)) from exc

    def posts_count(self) -> tuple[int, bool]:
        """The "83.6K posts" line under the name in the header."""
        text = self.soup.find(string=_POSTS_HEADER)
        if text is None:
            raise self.fail("content_count", "no '<count> posts' header line")
        try:
            return parse_compact_count(str(text))
        except ValueError as exc:
            raise self.fail("content_count", str(exc)) from exc

    def text_of(self, selector: str) -> str | None:
        node = self.soup.select_one(selector)
        text = node.get_text("").strip() if node else ""
        return text or None

    def website(self) -> ExtractedLink | None:
        node = self.soup.select_one('a[data-testid="UserUrl"]')
        if node is None:
            return None
        shown = node.get_text("").strip()
        return ExtractedLink(url=str(node.get("href") or ""), display_url=shown or None,
                             kind=link_kind(shown, "website"), found_in="website")

    def joined(self) -> datetime | None:
        """The join date has month precision: the first day of that month, UTC."""
        text = self.text_of('[data-testid="UserJoinDate"]')
        if text is None:
            return None
        match = _JOINED.search(text)
        try:
            month = datetime.strptime(match["month"], "%B").month if match else None
        except ValueError:
            month = None
        if match is None or month is None:
            raise self.fail("UserJoinDate", f"not 'Joined <Month> <Year>': {text!r}")
        return datetime(int(match["year"]), month, 1, tzinfo=UTC)

    def avatar(self) -> str | None:
        img = self.soup.select_one('a[href$="/photo"] img[src]')
        return str(img["src"]) if img else None

    def recent_posts(self, handle: str) -> list[Post]:
        posts: list[Post] = []
        unlinked = 0
        for article in self.soup.select('article[data-testid="tweet"]'):
            try:
                post = self.post(article, handle)
            except ParseError as exc:
                if exc.field != "recent_posts.post_id":
                    raise
                unlinked += 1
                continue
            if post is not None:
                posts.append(post)
        if unlinked:
            self.drift.append(f"recent_posts.post_id: {unlinked} post(s) with a time but no /<handle>/status/<id> "
                              f"link, skipped ({len(posts)} read)")
        return posts

    def post(self, article: Tag, handle: str) -> Post | None:
        """One timeline post; None for promoted posts (no time) and reposts of other people."""
        time = article.select_one("time[datetime]")
        if time is None:
            return None
        link = time.find_parent("a")
        match = _STATUS.match(str(link.get("href", ""))) if link else None
        if match is None:
            raise self.fail("recent_posts.post_id", "post time is not inside a /<handle>/status/<id> link")
        if match["handle"].lower() != handle.lower():
            return None
        text = article.select_one('[data-testid="tweetText"]')
        try:
            created = datetime.fromisoformat(str(time["datetime"]))
        except ValueError as exc:
            raise self.fail("recent_posts.created_at", f"bad datetime {time['datetime']!r}") from exc
        return Post(
            post_id=match["id"], text=text.get_text("") if text else "", created_at=created,
            reply_count=self.action(article, '[data-testid="reply"]'),
            repost_count=self.action(article, '[data-testid="retweet"]'),
            like_count=self.action(article, '[data-testid="like"]'),
            view_count=self.action(article, 'a[href$="/analytics"]'),
            mentions=_mentions(text), urls=[destination(a) for a in _web_links(text)],
        )

    def action(self, article: Tag, selector: str) -> int | None:
        node = article.select_one(selector)
        if node is None:
            return None
        shown = node.get_text(" ", strip=True)
        if not shown:
            return 0  # X leaves zero counts blank
        try:
            return parse_compact_count(shown)[0]
        except ValueError as exc:
            raise self.fail(f"recent_posts.{selector}", str(exc)) from exc

    def links(self, website: ExtractedLink | None) -> list[ExtractedLink]:
        """Every link the person shows: the website, bio links and links in recent posts."""
        found = [website] if website else []
        bio = self.soup.select_one('[data-testid="UserDescription"]')
        for anchor in _web_links(bio):
            found.append(_extracted(anchor, "bio"))
        for text in self.soup.select('article[data-testid="tweet"] [data-testid="tweetText"]'):
            found += [_extracted(anchor, "post") for anchor in _web_links(text)]
        return found


def _web_links(container: Tag | None) -> list[Tag]:
    if container is None:
        return []
    return [a for a in container.select("a[href]") if str(a["href"]).startswith(("http://", "https://"))]


def _mentions(container: Tag | None) -> list[str]:
    if container is None:
        return []
    found = []
    for anchor in container.select('a[href^="/"]'):
        match = _HANDLE.fullmatch(anchor.get_text("").strip())
        if match and match[1] not in found:
            found.append(match[1])
    return found


def destination(anchor: Tag) -> str:
    """Where a link goes, as far as the page says: the display URL when whole, else the t.co."""
    shown = anchor.get_text("").strip()
    if shown and not shown.endswith("…") and "." in shown.split("/", 1)[0]:
        return shown if re.match(r"^https?://", shown) else f"https://{shown}"
    return str(anchor["href"])


def _extracted(anchor: Tag, found_in: str) -> ExtractedLink:
    shown = anchor.get_text("").strip() or None
    return ExtractedLink(url=str(anchor["href"]), display_url=shown,
                         kind=link_kind(shown or "", found_in), found_in=found_in)


def link_kind(display: str, found_in: str) -> str:
    """repo | model | launch | profile | website | other, from the display URL alone."""
    host, _, path = display.lower().removeprefix("www.").partition("/")
    parts = [p for p in path.rstrip("…").split("/") if p]
    if host == "github.com" and parts:
        return "repo" if len(parts) >= 2 else "profile"
    if host == "huggingface.co" and parts:
        if parts[0] in ("spaces", "datasets"):
            return "other"
        return "model" if len(parts) >= 2 else "profile"
    if host == "producthunt.com" and parts and parts[0] in ("posts", "products"):
        return "launch"
    if host in ("x.com", "twitter.com") and parts:
        return "profile"
    return "website" if found_in == "website" else "other"


def linked_profiles(texts: list[str]) -> list[LinkedProfile]:
    """GitHub and Hugging Face profiles named in bio or website text (not repos, not cut-off links)."""
    found: dict[tuple[str, str], LinkedProfile] = {}
    for text in texts:
        for match in _PROFILE_LINK.finditer(text):
            platform = _PLATFORM[match["host"].lower()]
            name, tail = match["name"].rstrip("."), match["tail"]
            if tail.startswith("…") or not re.fullmatch(r"/?[).,;:!?'\"]*", tail):
                continue  # truncated display text, or a deeper path (repo, model)
            if name.lower() in _RESERVED[platform]:
                continue
            try:
                profile = LinkedProfile(platform=platform, handle=name,  # type: ignore[arg-type]
                                        url=f"https://{match['host'].lower()}/{name}")
            except (InvalidHandleError, ValidationError):
                continue  # text that looks like a link but names no valid account
            found.setdefault((platform, name.lower()), profile)
    return list(found.values())
