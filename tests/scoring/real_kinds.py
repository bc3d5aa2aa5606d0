"""Real-style accounts, one per failure kind seen on real X data, written for the tests (not real people).

Each is an InternalProfile as the X API normalizer gives it: no display name, no engagement counts
(the scraped data had none), posts dated a few days before NOW.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scout_core.schema import InternalProfile, Post

NOW = datetime(2026, 2, 19, 23, tzinfo=UTC)


def account(handle: str, bio: str, posts: list[str], followers: int = 300, following: int = 200,
            website: str | None = None, every_hours: float = 7.3, urls: dict[int, list[str]] | None = None
            ) -> InternalProfile:
    urls = urls or {}
    dated = [Post(post_id=f"{handle}-{i}", text=text, created_at=NOW - timedelta(hours=3 + i * every_hours),
                  urls=urls.get(i, [])) for i, text in enumerate(posts)]
    return InternalProfile(source_platform="x", handle=handle, bio=bio, website=website, followers_count=followers,
                           following_count=following, recent_posts=dated)


# -- bots and AI personas -------------------------------------------------------------------------------
AI_COMPANION = account(
    "opsbuddy_ai", "Cybersecurity and product operations companion. Building the future of secure shipping.",
    ["Shipped a new threat-model checklist for agent builders today.", "Founders: your MVP needs an SBOM.",
     "We launched our incident playbook generator. Try it.", "LLM agents + least privilege = sleep at night."],
    followers=7, following=40)
RUN_BY_AN_AI = account(
    "digest_bot", "This account is run by an AI. I read arXiv so you don't have to.",
    ["New paper on arXiv: sparse attention for long-context LLMs. Benchmark gains of 3%.",
     "Research scientist-grade summary: RLHF with reward model ensembles. Paper link below.",
     "Today's preprint: scaling laws for mixture of experts. Ablations in the appendix."],
    followers=950)
AI_TEACHER = account(
    "learn_with_nova", "Hi! I'm Nova, an autonomous AI teacher. Founder of the first AI-run school for LLM skills.",
    ["I just launched lesson 12: prompt engineering for founders!", "Building in public: my students trained "
     "their first model today.", "We're live on Product Hunt with Nova Academy. Upvote!"],
    followers=120)
CLOCKWORK = account(
    "agentwire_hq", "AI agents, LLM tools and startup growth, every two hours.",
    [f"How AI agents change startup growth, part {i}. Founders building LLM apps should read this." for i in range(8)],
    followers=40, every_hours=2.0)

# -- organizations, publications, frameworks ------------------------------------------------------------------
PUBLICATION = account(
    "mlweeklyhq", "Machine learning, AI and data science news. Edited by @janedoe_ed • Est. 2011 • Newsletter below",
    ["Learn how to fine-tune LLMs with LoRA on a single GPU https://mlweekly.example/lora",
     "Discover how RAG pipelines fail in production https://mlweekly.example/rag",
     "What is the best vector database for AI agents? https://mlweekly.example/vdb",
     "Read our founder interview: how one startup shipped an inference engine https://mlweekly.example/int"],
    followers=220_000, following=300, website="https://mlweekly.example")
FRAMEWORK = account(
    "quarklet_java", "The official account of the Quarklet framework: supersonic Java for the cloud. "
                     "Open-source project under the Example Foundation.",
    ["Quarklet 3.8.1 is out: LangChain4j integration for AI agents and faster native builds.",
     "Quarklet now supports MCP servers. Deploy LLM inference at scale on Kubernetes.",
     "Join us at the Quarklet community call on Thursday!"],
    followers=31_000, following=120, website="https://quarklet.example")
MODEL_REPOSTER = account(
    "hf_model_radar", "Tracking every trending open model on Hugging Face. New GGUF quantizations daily.",
    ["RT @alice_ml: we just released a 7B coder model https://huggingface.co/alice/coder-7b",
     "RT @bob_labs: open weights for our vision-language model https://huggingface.co/boblabs/vlm-2b",
     "RT @carol_ai: fine-tuned Llama with DPO, weights here https://huggingface.co/carol/llama-dpo",
     "Trending today: https://huggingface.co/dave/mistral-gguf by @dave_q, quantized to 4 bits"],
    followers=2_400,
    urls={0: ["https://huggingface.co/alice/coder-7b"], 1: ["https://huggingface.co/boblabs/vlm-2b"],
          2: ["https://huggingface.co/carol/llama-dpo"], 3: ["https://huggingface.co/dave/mistral-gguf"]})

# -- posts about others, token promoters, no evidence ----------------------------------------------------
WEB_AGENCY = account(
    "pixelforge_dev", "Web design & WordPress agency. Websites that convert. DM for a quote.",
    ["The founder of OpenClaw reached out to us about a landing page, wild week!",
     "Congrats @maria_ai on raising your seed round for your AI startup, the CEO @maria_ai deserves it",
     "New client site live: a bakery in Austin. Speed score 98."],
    followers=800)
TOKEN_PROMOTER = account(
    "moonvault_x", "Early in everything. VC-backed gems, venture-grade alpha. NFA.",
    ["$VAULT is backed by top VCs and venture funds. Holders eat first.",
     "AI agent tokens are the next 100x. $VAULT holders get the airdrop.",
     "gm CT. Wallet connected, presale live. Not financial advice."],
    followers=3_100)
HERESY = account("common_sense_q", "The heresy of heresies was common sense.",
                 ["Long walk, long thoughts.", "Reading old letters tonight."], followers=60)

# -- real builders, in other scripts or without engagement counts -------------------------------------------
JAPANESE_RESEARCHER = account(
    "kenji_llm_lab", "LLMの学習と評価を研究しています。博士課程の学生。論文はarXivに。",
    ["LLMの学習では、データの質が一番大事だと思う。新しい論文をarXivに公開しました。",
     "私たちの研究室で大規模言語モデルのファインチューニングの実験を続けています。",
     "強化学習（RLHF）の報酬モデルについての論文をICLRに投稿しました。"],
    followers=1_200)
CHINESE_FOUNDER = account(
    "zhang_agents", "创始人 | 用大模型做智能体。我们的产品已经上线。",
    ["我们发布了智能体平台的第一个版本，欢迎试用！", "我在做一个开源的RAG框架，github.com/zhangagents/ragkit"],
    followers=900, urls={1: ["https://github.com/zhangagents/ragkit"]})
SPANISH_FOUNDER = account(
    "lucia_construye", "Cofundadora de una startup de IA. Construimos agentes de IA para pymes.",
    ["Lanzamos la beta de nuestro agente de IA para facturas. ¡Pruébenlo!",
     "Hemos lanzado la versión 0.3.0 con modelos de lenguaje abiertos."],
    followers=1_500)
CAMELCASE_BUILDER = account(
    "devon_ships", "Indie hacker. I build with #LLMs and #AIAgents. #BuildInPublic",
    ["Just shipped v0.2.0 of my #AgenticWorkflows starter: github.com/devonships/flowkit #OpenSourceAI",
     "I'm building a #llm_eval harness for my own agents, day 12."],
    followers=640, urls={0: ["https://github.com/devonships/flowkit"]})
