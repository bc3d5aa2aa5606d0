"""GitHub cross-validation: what a builder's GitHub account shows about shipping and technical depth.

Read from the github source's raw body (``{"user", "repos", "events"}``, see sources/github.py) — the
profile row keeps it in ``raw["body"]``. Gives commit activity over the last 30 days (PushEvents), AI
signals in the person's own repositories (topics, names, descriptions), stars and, when the payload has
them, contributors; plus evidence lines and bounded point adjustments the scorer adds to technical depth.

    gh = github_signals(raw["body"], now=now)
    card = score_profile(profile, github=gh)     # technical_depth gains gh.adjustments, with evidence
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from scout_core.scoring.signals import ai_matcher

ACTIVITY_DAYS = 30
NEW_REPO_DAYS = 90
# Adjustment scale, as data: points added to technical_depth (which stays capped at its 15).
AI_REPO_POINTS, AI_REPO_MAX = 1.0, 3.0
STARS_POINTS_PER_LOG10, STARS_MAX = 1.0, 2.0  # 10 stars +1, 100 stars +2
PUSH_DAY_POINTS, PUSH_MAX = 0.25, 2.0  # a push on 8 distinct days in 30 days earns the full 2
ADJUSTMENT_MAX = 5.0


@dataclass(frozen=True)
class GithubSignals:
    login: str
    pushes_30d: int = 0
    push_days_30d: int = 0
    repos_pushed_30d: int = 0
    repos_created_90d: int = 0
    own_repos: int = 0
    total_stars: int = 0
    top_repo_stars: int = 0
    max_contributors: int | None = None  # None: the payload did not list contributors
    ai_repos: tuple[str, ...] = ()
    ai_terms: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    shipping: tuple[str, ...] = ()  # lines to add to the profile's shipping signals
    adjustments: dict[str, float] = field(default_factory=dict)  # component name -> points to add

    def as_features(self) -> dict[str, float]:
        """Numeric view for the traction model."""
        return {"gh_pushes_30d": float(self.pushes_30d), "gh_push_days_30d": float(self.push_days_30d),
                "gh_repos_created_90d": float(self.repos_created_90d), "gh_own_repos": float(self.own_repos),
                "gh_log_stars": math.log1p(self.total_stars), "gh_ai_repos": float(len(self.ai_repos)),
                "gh_max_contributors": float("nan") if self.max_contributors is None
                else float(self.max_contributors)}


def github_signals(body: dict[str, Any], now: datetime, contributors: dict[str, list[str]] | None = None
                   ) -> GithubSignals | None:
    """Signals from one GitHub raw body; None when it is not the adapter's stored shape."""
    user, repos, events = _parts(body)
    if user is None:
        return None
    own = [r for r in repos if not r.get("fork")]
    pushes = _recent_pushes(events, now)
    ai_repos, ai_terms = _ai_repos(own)
    stars = sorted((_int(r.get("stargazers_count", r.get("watchers"))) for r in own), reverse=True)
    signals = GithubSignals(
        login=str(user.get("login") or ""), pushes_30d=len(pushes),
        push_days_30d=len({when.date() for when, _ in pushes}), repos_pushed_30d=len({name for _, name in pushes}),
        repos_created_90d=_created_since(own, now - timedelta(days=NEW_REPO_DAYS)), own_repos=len(own),
        total_stars=sum(stars), top_repo_stars=stars[0] if stars else 0,
        max_contributors=_max_contributors(own, contributors), ai_repos=tuple(ai_repos), ai_terms=tuple(ai_terms),
    )
    return _explained(signals)


def _parts(body: Any) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]:
    if not isinstance(body, dict) or not isinstance(body.get("user"), dict):
        return None, [], []
    def dicts(value: Any) -> list[dict[str, Any]]:
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
    return body["user"], dicts(body.get("repos")), dicts(body.get("events"))


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _recent_pushes(events: list[dict[str, Any]], now: datetime) -> list[tuple[datetime, str]]:
    since = now - timedelta(days=ACTIVITY_DAYS)
    found = []
    for event in events:
        when = _parse_time(event.get("created_at"))
        if event.get("type") == "PushEvent" and when is not None and since <= when <= now + timedelta(days=1):
            found.append((when, str((event.get("repo") or {}).get("name"))))
    return found


def _repo_text(repo: dict[str, Any]) -> str:
    name = str(repo.get("name") or "").replace("-", " ").replace("_", " ")
    topics = " ".join(str(t).replace("-", " ") for t in repo.get("topics") or [] if isinstance(t, str))
    description = repo.get("description") if isinstance(repo.get("description"), str) else ""
    return f"{name}. {description}. {topics}"


def _ai_repos(repos: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Repos whose name, description or topics use AI vocabulary, and the terms found, most used first."""
    matcher = ai_matcher()
    names, terms = [], {}
    for repo in repos:
        hits = matcher.count(_repo_text(repo))
        if hits:
            names.append(str(repo.get("full_name") or repo.get("name")))
            for term, n in hits.items():
                terms[term] = terms.get(term, 0) + n
    return names, sorted(terms, key=lambda t: (-terms[t], t))


def _created_since(repos: list[dict[str, Any]], since: datetime) -> int:
    return sum(1 for r in repos if (created := _parse_time(r.get("created_at"))) is not None and created >= since)


def _max_contributors(repos: list[dict[str, Any]], contributors: dict[str, list[str]] | None) -> int | None:
    if not contributors:
        return None
    counts = [len(contributors.get(str(r.get("full_name")), [])) for r in repos]
    return max(counts, default=0)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _explained(s: GithubSignals) -> GithubSignals:
    """Evidence, shipping lines and the technical-depth adjustment, each part bounded."""
    ai = min(AI_REPO_MAX, AI_REPO_POINTS * len(s.ai_repos))
    stars = min(STARS_MAX, STARS_POINTS_PER_LOG10 * math.log10(1 + s.total_stars))
    pushes = min(PUSH_MAX, PUSH_DAY_POINTS * s.push_days_30d)
    total = round(min(ADJUSTMENT_MAX, ai + stars + pushes), 2)
    evidence = [f"GitHub {s.login}: {s.pushes_30d} pushes on {s.push_days_30d} days to {s.repos_pushed_30d} repos "
                f"in the last {ACTIVITY_DAYS} days (+{pushes:.2f})",
                f"GitHub stars on own repos: {s.total_stars:,} (top repo {s.top_repo_stars:,}) (+{stars:.2f})"]
    if s.ai_repos:
        shown = ", ".join(s.ai_repos[:4]) + (f" (+{len(s.ai_repos) - 4} more)" if len(s.ai_repos) > 4 else "")
        evidence.append(f"AI repositories: {shown}; terms {', '.join(s.ai_terms[:6])} (+{ai:.2f})")
    else:
        evidence.append("no AI vocabulary in repository names, descriptions or topics")
    if s.max_contributors is not None:
        evidence.append(f"largest own repo has {s.max_contributors} contributors")
    shipping = []
    if s.pushes_30d:
        shipping.append(f"github: {s.pushes_30d} pushes on {s.push_days_30d} days in the last {ACTIVITY_DAYS} days")
    if s.repos_created_90d:
        shipping.append(f"github: {s.repos_created_90d} new repos in the last {NEW_REPO_DAYS} days")
    return GithubSignals(**{**s.__dict__, "evidence": tuple(evidence), "shipping": tuple(shipping),
                            "adjustments": {"technical_depth": total} if total else {}})
