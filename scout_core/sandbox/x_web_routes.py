"""X web profile pages, client-rendered like x.com, mounted by the sandbox server at ``/x-web``.

``GET /x-web/{handle}`` returns a shell (an empty ``#react-root`` and a script). The script fetches
``/x-web/i/api/profile/{handle}`` with the page's cookies and builds the DOM with X's real
conventions (``data-testid="UserName"``, ``"UserDescription"``, ``a[data-testid="UserUrl"]``,
``a[href$="/verified_followers"] span``, ``article[data-testid="tweet"]``...), the login wall when
the ``auth_token`` cookie is missing or not a sandbox session, or X's "account doesn't exist" page.
A scraper therefore needs a real browser, exactly as on x.com. Counts are sent pre-formatted the
way X shows them ("12.5K"), so the exact integers never reach the page.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Cookie
from fastapi.responses import HTMLResponse, JSONResponse

from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import SandboxPost, World, XAccount
from scout_core.sandbox.wiring import SESSION_PREFIX
from scout_core.sandbox.x_api_render import current_account
from scout_core.sources.compact import format_compact_count

# data-testid values the page uses; a fault knob may hand the page a drifted copy.
TESTIDS: dict[str, str] = {
    name: name for name in (
        "primaryColumn", "UserName", "UserDescription", "UserLocation", "UserUrl", "UserJoinDate",
        "UserProfileHeader_Items", "tweet", "tweetText", "User-Name", "reply", "retweet", "like",
        "loginButton", "emptyState", "sheetDialog",
    )
}
SUSPENDED = "Your account is suspended and is not permitted to access this feature."
TIMELINE_POSTS = 20  # posts rendered on the profile before infinite scroll would load more
DISPLAY_URL_MAX = 26  # X truncates display URLs around this length with "…"
# X autolinks full URLs and bare domains on common TLDs ("github.com/ada"), and @mentions.
_TOKENS = re.compile(
    r"(?P<url>https?://[^\s]+"
    r"|(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|co|dev|ai|io|org|net|app|so|sh|me|gg|tv|xyz)(?:/[^\s]*)?(?![\w.-]))"
    r"|(?<![\w@])@(?P<mention>[A-Za-z0-9_]{1,15})\b", re.I)
_TRAILING = ".,;:!?)'\""  # punctuation after a link is text, not part of it
_TCO = re.compile(r"https?://t\.co/\w+")
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _sandbox_session(cookie: str | None) -> bool:
    return bool(cookie) and cookie.startswith(SESSION_PREFIX)  # type: ignore[union-attr]


def _real_markup(handle: str) -> Mapping[str, str]:
    return TESTIDS


def _all_linked(handle: str) -> int:
    return 0


@dataclass(frozen=True)
class PageHooks:
    """Seams for later fault knobs (expired cookies, DOM drift); the defaults serve X's real page.

    ``unlinked_posts``: how many of the first timeline posts lose their ``/<handle>/status/<id>`` link
    (a post's markup drifting while the rest of the page stays as it was).
    """

    accept_session: Callable[[str | None], bool] = _sandbox_session
    testids: Callable[[str], Mapping[str, str]] = field(default=_real_markup)
    unlinked_posts: Callable[[str], int] = field(default=_all_linked)


def tco_url(url: str) -> str:
    """A stable t.co short link for ``url`` (X wraps every link; the code says nothing of the target)."""
    number = int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big")
    code = ""
    while len(code) < 10:
        number, digit = divmod(number, 62)
        code += _B62[digit]
    return f"https://t.co/{code}"


def display_url(url: str) -> str:
    """X's display form: no scheme, no ``www.``, truncated with an ellipsis when long."""
    shown = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url)
    shown = shown.removeprefix("www.")
    return shown if len(shown) <= DISPLAY_URL_MAX else shown[: DISPLAY_URL_MAX - 1] + "…"


def _link(url: str) -> dict[str, str]:
    return {"href": tco_url(url), "display": display_url(url)}


def text_segments(text: str, urls: list[str] | None = None) -> list[dict[str, str]]:
    """Split text into plain, @mention and link segments, as X's renderer does.

    t.co links in the text stand for ``urls`` in order; expanded URLs are wrapped in a t.co link.
    """
    pending = list(urls or [])
    segments: list[dict[str, str]] = []
    cursor = 0
    for match in _TOKENS.finditer(text):
        if match.start() < cursor:
            continue
        if match.start() > cursor:
            segments.append({"text": text[cursor:match.start()]})
        cursor = match.end()
        if match["mention"]:
            segments.append({"mention": match["mention"]})
            continue
        url = match["url"].rstrip(_TRAILING)
        cursor = match.start() + len(url)
        if not re.match(r"https?://", url, re.I):
            url = f"https://{url}"
        if _TCO.fullmatch(url):
            target = pending.pop(0) if pending else url
            segments.append({"href": url, "display": display_url(target)})
        else:
            if url in pending:
                pending.remove(url)
            segments.append(_link(url))
    if cursor < len(text):
        segments.append({"text": text[cursor:]})
    for url in pending:  # links the text did not show still appear, as X appends them
        segments += [{"text": " "}, _link(url)]
    return segments


def _post_json(post: SandboxPost) -> dict[str, Any]:
    return {
        "id": post.post_id,
        "created_at": post.created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "text": text_segments(html.unescape(post.text), post.urls),
        "reply": format_compact_count(post.reply_count),
        "retweet": format_compact_count(post.repost_count),
        "like": format_compact_count(post.like_count),
        "views": format_compact_count(post.view_count),
    }


def profile_json(account: XAccount) -> dict[str, Any]:
    """What the page script needs, with counts already in X's display form."""
    return {
        "user": {
            "name": account.name,
            "handle": account.handle,
            "verified": account.verified,
            "avatar_url": account.avatar_url,
            "bio": text_segments(html.unescape(account.bio)),
            "location": account.location,
            "url": _link(account.website) if account.website else None,
            "joined": "Joined " + account.created_at.strftime("%B %Y"),
            "following": format_compact_count(account.following),
            "followers": format_compact_count(account.followers),
            "posts": f"{format_compact_count(account.tweet_count)} "
                     + ("post" if account.tweet_count == 1 else "posts"),
        },
        "tweets": [_post_json(p) for p in account.posts[:TIMELINE_POSTS]],
    }


def page_shell(handle: str, testids: Mapping[str, str], unlinked_posts: int = 0) -> str:
    """The HTML x.com serves before its script runs: nothing a plain HTTP client can read."""
    api = f"i/api/profile/{quote(handle, safe='')}"
    config = json.dumps({"api": api, "handle": handle, "testids": dict(testids), "unlinkedPosts": unlinked_posts})
    config = config.replace("<", "\\u003c")  # never close the script element from data
    return _SHELL.replace("__CONFIG__", config).replace("__SCRIPT__", _SCRIPT)


# Profile fields X has renamed before; a drifted page keeps its walls (login, empty state) as they were.
_DRIFTING = ("UserName", "UserDescription", "UserLocation", "UserUrl", "UserJoinDate", "UserProfileHeader_Items",
             "tweet", "tweetText", "User-Name")
DRIFTED_TESTIDS: dict[str, str] = {**TESTIDS, **{name: f"{name}V2" for name in _DRIFTING}}


def faulty_hooks(faults: Any, base: PageHooks | None = None) -> PageHooks:
    """Hooks that consult the live fault knobs (expired cookies, DOM drift) on every request."""
    base = base or PageHooks()

    def accept_session(cookie: str | None) -> bool:
        return not faults.session_rejected() and base.accept_session(cookie)

    def testids(handle: str) -> Mapping[str, str]:
        return DRIFTED_TESTIDS if faults.dom_drifted() else base.testids(handle)

    return PageHooks(accept_session=accept_session, testids=testids, unlinked_posts=base.unlinked_posts)


def build_router(world: World | LiveWorld, hooks: PageHooks | None = None, faults: Any = None) -> APIRouter:
    """Routes for X profile pages over ``world``; ``hooks`` and ``faults`` are where fault knobs plug in."""
    hooks = faulty_hooks(faults, hooks) if faults is not None else (hooks or PageHooks())
    current = world_reader(world)
    router = APIRouter()

    @router.get("/i/api/profile/{handle}", include_in_schema=False)
    def profile_api(handle: str, auth_token: str | None = Cookie(None)) -> JSONResponse:
        if faults is not None and faults.banned("x_web"):
            return JSONResponse({"errors": [{"code": 64, "message": SUSPENDED}]}, 403)
        if not hooks.accept_session(auth_token):
            return JSONResponse({"errors": [{"code": 32, "message": "Could not authenticate you."}]}, 401)
        account = current_account(current(), handle)
        if account is None:
            return JSONResponse({"errors": [{"code": 50, "message": "User not found."}]}, 404)
        if account.suspended:  # X's GraphQL answers UserUnavailable with the reason; the page says so
            return JSONResponse({"user_unavailable": {"reason": "Suspended", "handle": account.handle}},
                                headers={"Cache-Control": "no-store"})
        return JSONResponse(profile_json(account), headers={"Cache-Control": "no-store"})

    @router.get("/{handle}", response_class=HTMLResponse, include_in_schema=False)
    def profile_page(handle: str) -> HTMLResponse:
        return HTMLResponse(page_shell(handle, hooks.testids(handle), hooks.unlinked_posts(handle)),
                            headers={"Cache-Control": "no-store"})

    return router


_SHELL = """<!DOCTYPE html>
<html dir="ltr" lang="en"><head><meta charset="utf-8"><title>X</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body><noscript>JavaScript is not available.</noscript><div id="react-root"></div>
<script type="application/json" id="scout-config">__CONFIG__</script>
<script>__SCRIPT__</script></body></html>
"""

# Builds the DOM with createElement/textContent only, so hostile bios cannot inject markup.
_SCRIPT = r"""
(() => {
  const C = JSON.parse(document.getElementById("scout-config").textContent);
  const T = C.testids;
  const root = document.getElementById("react-root");
  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "testid") node.setAttribute("data-testid", T[v] || v); else node.setAttribute(k, v);
    }
    for (const kid of kids) {
      if (kid === null || kid === undefined) continue;
      node.append(typeof kid === "string" ? document.createTextNode(kid) : kid);
    }
    return node;
  }
  function badge() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("aria-label", "Verified account"); svg.setAttribute("role", "img");
    svg.setAttribute("viewBox", "0 0 22 22");
    const path = document.createElementNS(ns, "path"); path.setAttribute("d", "M20.4 11 9.6 16.6 6 12.9");
    svg.append(path); return svg;
  }
  function rich(segments) {
    return segments.map((s) => {
      if (s.mention) return el("a", {href: "/" + s.mention, role: "link"}, "@" + s.mention);
      if (s.href) return el("a", {href: s.href, rel: "noopener noreferrer nofollow", target: "_blank",
                                  role: "link"}, s.display);
      return el("span", {}, s.text);
    });
  }
  function count(href, value, label) {
    return el("a", {href: href, role: "link"}, el("span", {}, el("span", {}, value)), " ",
              el("span", {}, el("span", {}, label)));
  }
  function tweet(h, t, unlinked) {
    const status = "/" + h + "/status/" + t.id;
    const when = new Date(t.created_at).toLocaleDateString("en-US", {month: "short", day: "numeric"});
    const action = (name, value) => el("button", {testid: name, role: "button"},
                                       el("span", {}, el("span", {}, value)));
    const time = el("time", {datetime: t.created_at}, when);
    return el("article", {testid: "tweet", role: "article", tabindex: "0"},
      el("div", {testid: "User-Name"}, el("a", {href: "/" + h}, "@" + h), " · ",
         unlinked ? el("span", {}, time) : el("a", {href: status, role: "link"}, time)),
      el("div", {testid: "tweetText", lang: "en", dir: "auto"}, ...rich(t.text)),
      el("div", {role: "group"}, action("reply", t.reply), action("retweet", t.retweet),
         action("like", t.like), unlinked ? el("span", {}, el("span", {}, t.views))
                                          : el("a", {href: status + "/analytics"}, el("span", {}, t.views))));
  }
  function profile(data) {
    const u = data.user, h = u.handle;
    const items = el("div", {testid: "UserProfileHeader_Items"},
      u.location ? el("span", {testid: "UserLocation"}, el("span", {}, u.location)) : null,
      u.url ? el("a", {testid: "UserUrl", href: u.url.href, rel: "noopener noreferrer nofollow",
                       target: "_blank"}, el("span", {}, u.url.display)) : null,
      el("span", {testid: "UserJoinDate"}, el("span", {}, u.joined)));
    const column = el("div", {testid: "primaryColumn"},
      el("div", {}, el("h2", {role: "heading"}, u.name), el("div", {dir: "ltr"}, u.posts)),
      el("a", {href: "/" + h + "/photo"}, el("img", {alt: "Opens profile photo", src: u.avatar_url})),
      el("div", {testid: "UserName"},
         el("div", {}, el("span", {}, u.name), u.verified ? badge() : null),
         el("div", {}, el("span", {}, "@" + h))),
      u.bio.length ? el("div", {testid: "UserDescription", dir: "auto"}, ...rich(u.bio)) : null,
      items,
      el("div", {}, count("/" + h + "/following", u.following, "Following"), " ",
         count("/" + h + "/verified_followers", u.followers, "Followers")),
      el("section", {role: "region"}, el("h1", {}, "@" + h + "’s posts"),
         ...data.tweets.map((t, i) => tweet(h, t, i < (C.unlinkedPosts || 0)))));
    document.title = u.name + " (@" + h + ") / X";
    root.replaceChildren(el("main", {role: "main"}, column));
  }
  function loginWall() {
    document.title = "X";
    root.replaceChildren(el("div", {testid: "sheetDialog", role: "dialog"},
      el("h1", {}, "Sign in to X"),
      el("a", {testid: "loginButton", href: "/i/flow/login", role: "link"}, el("span", {}, "Sign in")),
      el("a", {testid: "signupButton", href: "/i/flow/signup", role: "link"}, "Create account")));
  }
  function suspended(body) {
    // X logs a suspended session out: its wall carries the sign-in button, under the suspension notice.
    document.title = "X";
    const notice = (body.errors && body.errors[0] && body.errors[0].message) || "Your account is suspended";
    root.replaceChildren(el("div", {testid: "sheetDialog", role: "dialog"},
      el("h1", {}, "Your account is suspended"), el("div", {}, notice),
      el("a", {testid: "loginButton", href: "/i/flow/login", role: "link"}, el("span", {}, "Sign in"))));
  }
  function emptyState() {
    root.replaceChildren(el("main", {role: "main"}, el("div", {testid: "primaryColumn"},
      el("div", {testid: "emptyState"}, el("div", {}, "This account doesn’t exist"),
         el("div", {}, "Try searching for another.")))));
  }
  function unavailable(body) {
    // X's page for a suspended account: the header with the handle, then the notice in the empty state.
    const h = body.user_unavailable.handle;
    document.title = "Account suspended / X";
    root.replaceChildren(el("main", {role: "main"}, el("div", {testid: "primaryColumn"},
      el("div", {}, el("h2", {role: "heading"}, "Account suspended"), el("div", {dir: "ltr"}, "@" + h)),
      el("div", {testid: "emptyState"}, el("div", {}, "Account suspended"),
         el("div", {}, "X suspends accounts which violate the X Rules. "),
         el("a", {href: "https://help.x.com/rules-and-policies/x-rules", role: "link"}, "Learn more")))));
  }
  function failure(status) {
    root.replaceChildren(el("div", {role: "alert"}, "Something went wrong. Try reloading. (" + status + ")"));
  }
  fetch(C.api, {credentials: "same-origin", headers: {accept: "application/json"}})
    .then((r) => r.status === 401 ? loginWall() : r.status === 404 ? emptyState()
                 : r.status === 403 ? r.json().then(suspended)
                 : r.ok ? r.json().then((b) => b.user_unavailable ? unavailable(b) : profile(b))
                 : failure(r.status))
    .catch(() => failure("network"));
})();
"""
