"""Who is behind an account: a person, an organization, a bot (automated or an AI persona), or unknown.

Scout looks for people. Publications, framework and company accounts, communities, and accounts run
by an AI describe themselves with builder words too ("building the future of agents"), so the kind is
judged first, from evidence, each piece with a weight:

* bot — it says so ("run by an AI", "I am an autonomous AI agent", "automated account", "AI companion"),
  a handle or name ending in "bot", the same post repeated, posts at a machine's cadence;
* organization — it says so ("official account", "makers of", "we are a", "founded by", "edited by",
  "est. 2025"), an organization's name or legal form ("Inc.", "Labs", "News", "DAO", "framework"),
  the handle is the name of its own site (kdnuggets / kdnuggets.com), a brand voice (we/our but never
  "I", the account's own name as the subject), mostly links to articles, mostly reposts;
* person — first-person singular, personal details ("he/him", "dad", "opinions my own", "tweets
  personal"), a role at an organization ("Engineering Leader @ Microsoft").

The strongest kind wins when its evidence reaches ``KIND_THRESHOLD`` and beats a person's; a profile
with no text at all is ``unknown``. An organization that ships its own product with a small audience
is a *startup* (``form``): see ``classify.py`` for how a startup's own account is treated.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from scout_core.handles import website_key
from scout_core.schema import AccountKind, InternalProfile
from scout_core.scoring.signals import ProfileSignals, shipping_pattern
from scout_core.scoring.text import AFTER, BEFORE
from scout_core.scoring.voice import Voice

KIND_THRESHOLD = 2.5  # evidence at which an account is an organization or a bot
STARTUP_MAX_FOLLOWERS = 5_000  # an organization with more followers is established, not a startup
CADENCE_MIN_POSTS = 6
CADENCE_MAX_SPREAD = 0.08  # relative spread of the gaps between posts below which posting is scheduled
REPEAT_MIN_SHARE = 0.4  # share of posts that repeat another post's text


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(rf"{BEFORE}(?:{'|'.join(phrases)}){AFTER}", re.IGNORECASE)


# (pattern, weight, evidence) — matched in the name and bio.
BOT_SELF = [
    (_words(r"(?:run|operated|managed|powered|written|posted)\s+by\s+(?:an?\s+)?(?:ai|bot|llm|gpt|agent)",
            r"i(?:'m|’m| am)\s+(?:an?\s+)?(?:autonomous\s+|ai\s+)*(?:ai|bot|agent|llm)(?:\s+agent)?",
            r"(?:this is|this account is)\s+(?:an?\s+)?(?:ai|bot|automated)",
            r"automated account", r"bot account", r"not a human", r"auto-?generated", r"auto-?posts?",
            r"autonomous ai",
            r"ai (?:persona|companion|character|influencer|assistant|teacher|agent) (?:account|that|who)",
            r"an? (?:ai|llm) (?:persona|companion|character|influencer|teacher)",
            r"companion", r"ai-powered bot", r"(?:i'm|i am|just) a bot", r"beep boop"),
     3.0, "says it is automated or an AI"),
]
ORG_SELF = [
    (_words(r"official (?:account|page|twitter|x account)", r"the official", r"makers of", r"the team behind",
            r"we are an?", r"we're an?", r"brought to you by", r"founded by", r"edited by", r"run by",
            r"est\.?\s*(?:19|20)\d\d", r"since (?:19|20)\d\d", r"for (?:business|press) inquiries",
            r"contact us", r"our mission"), 2.0, "describes itself as an organization"),
    (_words(r"inc\.?", r"ltd\.?", r"llc", r"gmbh", r"corp\.?", r"s\.a\.", r"plc", r"pvt", r"co\.,? ltd"),
     2.0, "a company's legal form"),
    (_words(r"news", r"newsletter", r"magazine", r"journal", r"media", r"podcast", r"publication", r"daily",
            r"weekly", r"digest", r"headlines", r"updates on", r"community", r"dao", r"foundation",
            r"association", r"institute", r"university", r"framework", r"library", r"open[- ]source project",
            r"conference", r"summit", r"hackathon", r"agency", r"studio", r"collective", r"marketplace",
            r"platform for", r"the (?:first|leading|fastest|best)", r"layer for", r"delivered", r"subscribe",
            r"join our"),
     1.0, "an organization's kind of name"),
]
PERSON_SELF = [
    (_words(r"he/him", r"she/her", r"they/them", r"he/they", r"she/they", r"dad", r"mom", r"father",
            r"mother", r"husband", r"wife", r"opinions (?:are )?(?:my )?own", r"views (?:are )?(?:my )?own",
            r"tweets (?:are )?(?:my )?(?:own|personal)", r"personal account", r"born in",
            r"student", r"\d\d ?(?:yo|y/o|years old)"), 2.0, "personal details"),
    (_words(r"(?:engineer|founder|ceo|cto|researcher|scientist|lead|leader|manager|director|head of \w+|"
            r"partner|developer|designer|professor|phd student|student)\s+(?:@|at)\s*\w+"),
     1.5, "a role at an organization"),
]
_FIRST_SINGULAR = _words(r"i", r"i'm", r"i’m", r"i've", r"i’ve", r"i'd", r"i'll", r"me", r"my", r"myself")
_FIRST_PLURAL = _words(r"we", r"we're", r"we’re", r"we've", r"our", r"us")
_BOT_NAME = re.compile(r"(?:bot|_ai|gpt)$|^(?:ai|bot)_", re.IGNORECASE)
_ARTICLE_POST = re.compile(r"^(?:learn|discover|read|explore|find out|check out|dive into|here'?s|"
                           r"what|why|how|is|are|can|curious|boost|gain|turn|move)\b", re.IGNORECASE)


@dataclass(frozen=True)
class KindJudgement:
    kind: AccountKind
    evidence: list[str] = field(default_factory=list)
    form: str | None = None  # organizations: "startup" when it ships its own product to a small audience
    weights: dict[str, float] = field(default_factory=dict)


def judge_account_kind(profile: InternalProfile, signals: ProfileSignals) -> KindJudgement:
    """The account's kind with the evidence for it (see the module docstring)."""
    if not signals.sentences:
        return KindJudgement(AccountKind.UNKNOWN, ["no name, bio or posts to judge from"])
    found: dict[str, list[tuple[float, str]]] = {"bot": [], "organization": [], "person": []}
    own = signals.self_description
    found["bot"] += _self_described(BOT_SELF, own) + _bot_behaviour(profile)
    found["organization"] += _self_described(ORG_SELF, own) + _organization_behaviour(profile, signals)
    found["person"] += _self_described(PERSON_SELF, own) + _person_voice(signals)
    weights = {kind: round(sum(w for w, _ in items), 2) for kind, items in found.items()}
    kind = _decide(weights)
    evidence = [f"{why} (+{w:g})" for w, why in found[kind.value]] if kind is not AccountKind.UNKNOWN else []
    if kind is AccountKind.PERSON and not evidence:
        evidence = ["nothing says it is an organization or a bot"]
    form = _organization_form(profile, signals) if kind is AccountKind.ORGANIZATION else None
    if form:
        evidence.append(f"form: {form}")
    return KindJudgement(kind, evidence, form, weights)


def _decide(weights: dict[str, float]) -> AccountKind:
    """A bot's own word wins over a personal voice (AI personas say "I"); an organization must also
    outweigh the evidence of a person."""
    bot, org, person = weights["bot"], weights["organization"], weights["person"]
    if bot >= KIND_THRESHOLD and bot >= org:
        return AccountKind.BOT
    if org >= KIND_THRESHOLD and org > person:
        return AccountKind.ORGANIZATION
    return AccountKind.PERSON


def _self_described(table: list[tuple[re.Pattern[str], float, str]], text: str) -> list[tuple[float, str]]:
    found = []
    for pattern, weight, why in table:
        match = pattern.search(text)
        if match:
            found.append((weight, f"{why}: '{match.group(0).strip()}'"))
    return found


def _bot_behaviour(profile: InternalProfile) -> list[tuple[float, str]]:
    found = []
    texts = [" ".join(p.text.lower().split()) for p in profile.recent_posts if p.text.strip()]
    repeats = sum(n - 1 for n in Counter(texts).values() if n > 1)
    if len(texts) >= 4 and repeats / len(texts) >= REPEAT_MIN_SHARE:
        found.append((1.5, f"{repeats} of {len(texts)} posts repeat another post word for word"))
    gaps = _gaps_minutes(profile)
    if len(gaps) >= CADENCE_MIN_POSTS - 1 and statistics.mean(gaps) > 0:
        spread = statistics.pstdev(gaps) / statistics.mean(gaps)
        if spread <= CADENCE_MAX_SPREAD:
            found.append((2.0, f"posts every {statistics.mean(gaps):.0f} minutes like clockwork "
                               f"(spread {spread:.0%})"))
    minutes = [p.created_at.minute for p in profile.recent_posts if p.created_at]
    if len(minutes) >= CADENCE_MIN_POSTS:
        common, n = Counter(m // 3 for m in minutes).most_common(1)[0]
        if n / len(minutes) >= 0.8:
            found.append((1.5, f"{n} of {len(minutes)} posts go out in the same minutes of the hour "
                               f"(:{common * 3:02d}-:{common * 3 + 2:02d}): scheduled"))
    if _BOT_NAME.search(profile.handle) or _BOT_NAME.search((profile.display_name or "").strip()):
        found.append((1.5, f"named like a bot: {profile.handle}"))
    return found


def _gaps_minutes(profile: InternalProfile) -> list[float]:
    dates = sorted(p.created_at for p in profile.recent_posts if p.created_at)
    return [(b - a).total_seconds() / 60 for a, b in zip(dates, dates[1:], strict=False)]


def _organization_behaviour(profile: InternalProfile, signals: ProfileSignals) -> list[tuple[float, str]]:
    found = []
    site = website_key(profile.website or "").partition("/")[0]
    label = site.split(".")[-2] if site.count(".") >= 1 else ""
    handle = re.sub(r"[^a-z0-9]", "", profile.handle.lower())
    if len(label) >= 4 and (handle.startswith(label) or label.startswith(handle)) and not _personal_site(site):
        found.append((1.0, f"the handle is its own site's name ({site})"))
    posts = [s for s in signals.sentences if s.where.startswith("post")]
    singular = sum(bool(_FIRST_SINGULAR.search(s.text)) for s in posts)
    plural = sum(bool(_FIRST_PLURAL.search(s.text)) for s in posts)
    self_subject = sum(s.voice is Voice.OWN and _names_itself(s.text, signals.names) for s in posts)
    if posts and not singular and not _FIRST_SINGULAR.search(signals.self_description) and (
            plural or self_subject >= 2):
        found.append((1.0, "a brand's voice: 'we' and its own name, never 'I'"))
    articles = sum(bool(_ARTICLE_POST.match(p.text.strip())) and bool(p.urls) for p in profile.recent_posts)
    if len(profile.recent_posts) >= 4 and articles / len(profile.recent_posts) >= 0.5:
        found.append((1.0, f"{articles} of {len(profile.recent_posts)} posts promote articles"))
    reposts = sum(p.text.lstrip().startswith("RT @") for p in profile.recent_posts)
    if len(profile.recent_posts) >= 4 and reposts / len(profile.recent_posts) >= 0.6:
        found.append((1.0, f"{reposts} of {len(profile.recent_posts)} posts are reposts"))
    followers, following = profile.followers_count, profile.following_count
    if followers and following is not None and followers >= 50_000 and followers >= 100 * max(following, 1):
        found.append((0.5, f"{followers:,} followers for {following:,} followed: an audience, not a network"))
    return found


def _personal_site(site: str) -> bool:
    return site.endswith(("github.io", "medium.com", "substack.com", "linktr.ee", "bio.link", "carrd.co"))


def _names_itself(text: str, names: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"{BEFORE}{re.escape(n)}{AFTER}", lowered) for n in names if len(n) >= 4)


def _person_voice(signals: ProfileSignals) -> list[tuple[float, str]]:
    posts = [s for s in signals.sentences if s.where.startswith("post") and s.voice is not Voice.OTHER]
    singular = sum(bool(_FIRST_SINGULAR.search(s.text)) for s in posts)
    found = []
    if _FIRST_SINGULAR.search(signals.self_description):
        found.append((1.5, "speaks as 'I' in the bio"))
    if singular:
        found.append((min(2.0, 0.5 * singular), f"speaks as 'I' in {singular} sentences of its posts"))
    return found


def _organization_form(profile: InternalProfile, signals: ProfileSignals) -> str | None:
    """'startup' for a small organization that ships its own AI product; None for any other organization."""
    followers = profile.followers_count
    if followers is not None and followers >= STARTUP_MAX_FOLLOWERS:
        return None
    if re.search(r"\b(?:news|newsletter|magazine|media|podcast|community|dao|foundation|university|"
                 r"conference|agency|daily|weekly|digest|educat\w*|course|academy)\b", signals.self_description,
                 re.IGNORECASE):
        return None
    ships = any(s.voice is Voice.OWN and shipping_pattern().search(s.text) for s in signals.sentences) or bool(
        signals.artifacts()) or re.search(r"\bmakers of\b", signals.self_description, re.IGNORECASE)
    return "startup" if ships and signals.weighted_terms(own_only=True) >= 1.0 else None
