"""Text templates for bios and posts in the sandbox world, per archetype.

Placeholders: {term} {term2} (topic phrases), {name} (repo/model/product), {url}, {paper}, {n},
{emoji}, {company}, {big}, {uni}, {fund}, {city}. Post text uses X's HTML entities (&amp;, &gt;).
"""

from __future__ import annotations

BIOS: dict[str, list[str]] = {
    "early_founder": [
        "Founder @{company}. Building {term}.", "Building {term} {emoji} | prev {big}",
        "cofounder/CEO {company} — {term} for small teams", "Shipping {term}. 2x founder. {city}",
        "making {term} boring & reliable. founder {company}", "Founder. {term} + {term2}. YC-style hustle.",
    ],
    "ai_researcher": [
        "Research scientist working on {term}. PhD @{uni}.",
        "PhD student, {term} & {term2}. Opinions my own.",
        "ML researcher | {term} | papers & code", "Researcher at {big}. {term}, {term2}.",
        "Postdoc @{uni}. I train models and write about {term}.",
    ],
    "ai_operator": [
        "ML platform eng @{company}. {term} at scale.", "MLOps / infra. {term}. k8s enjoyer",
        "Staff engineer, AI infrastructure. {term} & {term2}.",
        "Running {term} in production so you don't have to",
        "Head of ML platform at {big}. {term}.",
    ],
    "angel_investor": [
        "Angel investor. Pre-seed & seed in {term}.", "Partner @{fund}. Backing AI founders early.",
        "Operator turned angel. {term}, {term2}. DMs open for founders.", "Investing in {term}. ex-founder.",
    ],
    "crypto": ["Crypto degen. NFA. 💎🙌", "100x hunter | DYOR | gm", "Calls, charts & alpha 🚀",
               "web3 maxi. wagmi"],
    "news": ["Breaking news, 24/7.", "The latest headlines, first.", "Tech and market news. Not affiliated.",
             "News you need, fast."],
    "meme": ["memes daily", "professional shitposter", "I post what I find funny", "certified meme reviewer"],
    "alt": ["alt account. unfiltered thoughts on {term}", "shitposts & {term} half-thoughts",
            "lurking. {term}.", "personal account, opinions my own"],
}

TALK: dict[str, list[str]] = {
    "early_founder": [
        "Talking to 20 customers this week about {term}. The pain is real.",
        "Hot take: most {term} demos fall apart in production. Evals first.",
        "Hiring our first engineer to work on {term} &amp; infra. DMs open.",
        "We rewrote our {term} pipeline over the weekend. 3x faster {emoji}",
        "Building in public, week {n}: {term} is finally clicking.",
        "If you're building {term}, what's your biggest headache right now?",
        "Spent the day on {term}. Users want reliability over magic.",
        "Pricing {term} products is harder than building them.",
    ],
    "ai_researcher": [
        "New paper on {term}: small models close most of the gap. {paper}",
        "Our preprint on {term} is up on arXiv {paper}",
        "Reading group this week: three papers on {term}. Thread 🧵",
        "Benchmarks for {term} are saturating. We need better evals.",
        "Accepted at NeurIPS! Work on {term} with amazing collaborators {emoji}",
        "Ablations show {term} matters more than scale here. Details in the appendix.",
        "Hot take: {term} results without error bars are vibes &gt; science.",
    ],
    "ai_operator": [
        "Our inference p99 went from 2.1s to 480ms after moving {term} to a dedicated GPU pool.",
        "MLOps lesson of the week: version your prompts like code. {term} included.",
        "Platform team update: {term} now runs on k8s with autoscaling &amp; spot GPUs.",
        "Debugging {term} in prod at 2am. Observability is everything.",
        "Cost per 1M tokens down 40% after tuning batching for {term}.",
        "Infra for {term} is 80% of the work nobody tweets about.",
        "Our LLM gateway now does retries, caching &amp; fallbacks. {term} got boring, in a good way.",
    ],
    "angel_investor": [
        "Writing angel checks into pre-seed teams building {term}. DMs open.",
        "Thesis: {term} is where the next wave of AI companies comes from.",
        "Proud to back a portfolio company shipping {term} {emoji}",
        "Met 12 founders this week working on {term}. The bar keeps rising.",
        "Pre-seed in AI is brutal right now. What I look for: speed of shipping.",
        "Angel investing tip: talk to users of {term} products before the founders.",
    ],
    "crypto": [
        "gm {emoji}", "gm frens", "$PEPE to the moon {emoji}{emoji}", "100x incoming. Not financial advice.",
        "This AI coin will 1000x {emoji} don't fade it", "wen lambo", "Bought the dip. Again. {emoji}",
        "Airdrop season is here. Retweet &amp; follow to win {emoji}", "HODL. That's the tweet.",
    ],
    "news": [
        "BREAKING: Markets rally as tech stocks surge", "JUST IN: Central bank holds rates steady",
        "Big Tech earnings this week: what to watch", "BREAKING: New AI regulation proposed in the EU",
        "Stocks slide after inflation report", "Report: smartphone sales fall for third quarter",
        "Weather alert: storms expected across the region", "JUST IN: Chipmaker shares jump 8% on AI demand",
    ],
    "meme": [
        "me explaining to my mom what I do for a living {emoji}",
        "nobody:\nabsolutely nobody:\nmy code at 3am",
        "this is the way", "it's not a bug it's a feature {emoji}", "Monday again?? {emoji}",
        "AI will take our jobs lol {emoji}", "when the wifi drops for 2 seconds {emoji}",
    ],
    "alt": [
        "thinking out loud about {term} again", "{term} discourse today is something",
        "off-main thought: {term} is underrated", "ok but who is actually using {term} in prod",
    ],
}

# Shipping posts; {url} is one of the person's own artifacts (repo, model, launch, site).
SHIP: dict[str, list[str]] = {
    "early_founder": [
        "Just shipped {name}: {term} that actually works. {url}",
        "We launched {name} on Product Hunt today {emoji} {url}",
        "v0.{n} is out! {name} now supports {term}. {url}",
        "Open-sourced {name}, our {term} toolkit. Stars welcome {emoji} {url}",
        "{name} is live: {term} for small teams. {url}",
    ],
    "ai_researcher": [
        "Released the weights for {name} {emoji} {url}",
        "Code for our {term} paper is open-sourced: {url}",
        "Just shipped a new {term} benchmark: {name} {url}",
    ],
    "ai_operator": [
        "Just shipped our internal {term} platform as open source: {name} {url}",
        "v{n}.0 of {name} is out, better {term} support {url}",
        "Open-sourced the configs behind our {term} stack {url}",
    ],
}
SHIP_NO_LINK = [
    "Just shipped a new {term} feature. Feedback welcome {emoji}",
    "Launched our {term} beta to the first 50 users today!",
    "v0.{n} is out, with faster {term}.",
]
MENTION_FORMS = ["{text} h/t @{who}", "{text} w/ @{who}", "@{who} {text}", "congrats @{who}! {text}",
                 "{text} (cc @{who} @{who2})"]

GH_BIOS = ["{term} | {term2}", "Building {term}.", "ML engineer. {term}.", "I write code for {term}.",
           "Researcher. {term} & {term2}.", "{company}"]
HF_DETAILS = ["Working on {term}.", "{term} & {term2} models.", "Open models for {term}.",
              "Researcher, {term}."]
PH_HEADLINES = ["Maker of {name}", "Founder @{company} | {term}", "Building {name}: {term}",
                "Indie hacker. {term}."]
REPO_DESCRIPTIONS = ["A lightweight framework for {term}", "{term} in a few lines of Python",
                     "Fast, hackable {term} toolkit", "Benchmarks and evals for {term}",
                     "Production-ready {term} for small teams", "Experiments with {term}"]

UNIVERSITIES = ["Stanford", "MIT", "CMU", "Berkeley", "Oxford", "ETH Zürich", "Mila", "Tsinghua", "UofT",
                "EPFL"]
FUNDS = ["Early Orbit Ventures", "Compute Capital", "Tiny Seed Fund", "Latent Ventures", "Gradient Angels",
         "First Token VC"]
