"""The scoring lexicon, as data: AI terms in tiers, shipping phrases, class cues and prototype texts.

Every matcher built from these tables is case-insensitive and matches whole words only (a term never
matches inside a longer word). Terms map aliases to one canonical name, so "fine-tuned" and
"finetuning" both count as "fine-tuning". Change the vocabulary here, not in the scoring code.
"""

from __future__ import annotations

from scout_core.lexicon import SHIPPING
from scout_core.schema import Classification

# Weight of one distinct term of each tier in technical depth and AI-vocabulary checks.
TIER_WEIGHTS: dict[str, float] = {"core": 1.5, "tools": 1.0, "general": 0.5}

# tier -> canonical term -> aliases (the canonical spelling always matches too).
AI_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "core": {
        "llm": ("llms", "large language model", "large language models", "language model", "language models"),
        "agents": ("agent", "agentic", "ai agent", "ai agents", "multi-agent", "agent framework"),
        "rag": ("retrieval-augmented", "retrieval augmented generation", "retrieval-augmented generation"),
        "fine-tuning": ("fine-tune", "fine-tuned", "fine tuning", "finetuning", "finetune", "finetuned",
                        "sft"),
        "evals": ("eval", "evaluation harness", "llm evals", "model evals"),
        "inference": ("inference engine", "inference server", "serving"),
        "embeddings": ("embedding", "embedding model", "text embeddings"),
        "transformers": ("transformer", "attention mechanism", "self-attention"),
        "diffusion": ("diffusion model", "diffusion models", "stable diffusion", "latent diffusion"),
        "vector database": ("vector db", "vector dbs", "vector databases", "vector store", "vector search"),
        "prompt engineering": ("prompting", "prompt engineer", "system prompt", "prompt injection"),
        "mlops": ("ml ops", "llmops", "model serving", "model deployment"),
        "open-source model": ("open-source models", "open source model", "open-weight", "open weights",
                              "open-weights", "open model", "open models"),
        "quantization": ("quantized", "quantize", "gguf", "awq", "gptq", "int4", "int8"),
        "lora": ("qlora", "peft", "adapters"),
        "rlhf": ("rlaif", "dpo", "reward model", "preference tuning", "grpo"),
        "tokenizer": ("tokenizers", "tokenization"),
        "multimodal": ("vision-language", "vlm", "vlms", "speech-to-text", "text-to-speech", "tts"),
        "distillation": ("distilled", "knowledge distillation"),
        "function calling": ("tool calling", "tool use", "mcp", "model context protocol"),
        "context window": ("long context", "kv cache", "kv-cache"),
        "mixture of experts": ("moe",),
        "pretraining": ("pre-training", "pretrained", "pre-trained", "foundation model", "foundation models"),
        "synthetic data": ("data generation",),
    },
    "tools": {
        "pytorch": ("torch",),
        "jax": (),
        "tensorflow": (),
        "hugging face": ("huggingface", "hf hub"),
        "langchain": ("langgraph",),
        "llamaindex": ("llama index", "llama_index"),
        "vllm": (),
        "ollama": (),
        "llama.cpp": ("llamacpp",),
        "cuda": ("triton", "cuda kernels"),
        "onnx": ("tensorrt",),
        "gpu": ("gpus", "h100", "a100", "h100s", "a100s"),
        "openai": ("gpt", "gpt-4", "gpt-4o", "gpt-5", "chatgpt"),
        "anthropic": ("claude",),
        "llama": ("llama 3", "llama-3", "llama3"),
        "mistral": ("mixtral",),
        "gemini": (),
        "deepseek": (),
        "qwen": (),
        "whisper": (),
        "bert": (),
        "dspy": (),
        "weights & biases": ("wandb",),
        "cursor": (),
        "copilot": (),
    },
    "general": {
        "ai": ("a.i.", "artificial intelligence", "genai", "generative ai", "gen ai"),
        "machine learning": ("ml",),
        "deep learning": ("dl",),
        "neural network": ("neural networks", "neural net", "neural nets"),
        "nlp": ("natural language processing",),
        "computer vision": ("cv model", "image segmentation", "object detection"),
        "dataset": ("datasets", "training data"),
        "model training": ("training run", "training runs", "trained a model"),
        "data science": ("data scientist",),
        "reinforcement learning": ("rl",),
        "chatbot": ("chatbots",),
        "ai product": ("ai app", "ai apps", "ai startup", "ai tool", "ai tools", "ai-native", "ai native"),
    },
}

# Phrases that say someone shipped something: shared with identity resolution (scout_core/lexicon.py).
SHIPPING_PHRASES = (
    *SHIPPING,
    r"we(?:'ve| have)? (?:added|integrated|rolled out|plugged in)",
    r"v?\d+\.\d+\.\d+",  # a release number: "AGNT 0.4.1", "v1.2.0"
)

# Link kinds (see signals.classify_url) that are evidence of shipped work.
ARTIFACT_KINDS: tuple[str, ...] = ("repo", "model", "launch")

# Per class: cue -> weight (2 = a strong cue, 1 = a weak one). Matched like AI terms.
CLASS_CUES: dict[Classification, dict[str, float]] = {
    Classification.EARLY_FOUNDER: {
        "founder": 2, "co-founder": 2, "cofounder": 2, "founding": 1.5, "ceo": 2, "cto": 1.5, "yc": 2,
        "y combinator": 2, "pre-seed": 2, "seed round": 2, "stealth": 2, "my startup": 2, "our startup": 2,
        "building": 1, "startup": 1, "we're hiring": 1.5, "customers": 1, "mvp": 1.5, "launch": 1,
        "just launched": 1.5, "shipped": 1, "bootstrapped": 1.5, "indie hacker": 1.5, "solo founder": 2,
        "users": 0.5, "product": 0.5, "raised": 1.5, "building in public": 2, "hiring our first": 2,
        "first hire": 1.5, "talking to customers": 2, "pricing": 1, "we launched": 1.5, "our product": 1,
        "serial founder": 2, "2x founder": 2, "3x founder": 2, "revenue": 1, "arr": 1.5, "mrr": 1.5,
        "bootstrapping": 1.5, "exited": 1.5, "i built": 1.5, "we built": 1.5, "i'm building": 1.5,
        "we're building": 1.5, "we're live": 1.5, "upvote": 1, "early access": 1, "excited to announce": 1,
        "waitlist": 1, "our users": 1, "launching": 1,
    },
    Classification.AI_RESEARCHER: {
        "phd": 2, "ph.d": 2, "postdoc": 2, "paper": 1.5, "papers": 1.5, "arxiv": 2, "research": 1,
        "researcher": 2, "research scientist": 2, "neurips": 2, "icml": 2, "iclr": 2, "acl": 1.5,
        "cvpr": 2, "emnlp": 2, "benchmark": 1, "lab": 1, "preprint": 2, "thesis": 1.5, "professor": 2,
        "university": 1, "ablation": 1.5, "interpretability": 1.5, "alignment": 1, "theory": 1,
        "published": 1, "citation": 1, "phd student": 2,
    },
    Classification.AI_OPERATOR: {
        "engineer": 1, "engineering": 1, "ml engineer": 2, "ai engineer": 2, "mlops": 2, "infra": 1,
        "infrastructure": 1.5, "platform": 1, "platform team": 2, "staff": 1, "staff engineer": 2,
        "principal engineer": 2, "head of ai": 2, "head of ml": 2, "sre": 1.5, "kubernetes": 1.5,
        "production": 0.5, "latency": 1, "pipelines": 1, "on-call": 1.5, "deploy": 1, "at scale": 1,
        "tech lead": 1.5, "senior engineer": 2, "developer": 1, "devops": 1.5,
    },
    Classification.ANGEL_INVESTOR: {
        "angel": 2, "angel investor": 2, "investor": 2, "investing": 2, "invested": 1.5, "portfolio": 2,
        "check": 0.5, "checks": 1.5, "first check": 2, "vc": 2, "venture": 1.5, "partner at": 2,
        "general partner": 2, "gp": 1.5, "lp": 1.5, "fund": 1.5, "backing": 1.5, "backed": 1,
        "deal flow": 2, "dealflow": 2, "pre-seed": 1, "seed": 1, "syndicate": 2, "thesis": 0.5,
        "founders": 1, "dm me your deck": 2, "pitch": 1,
    },
    Classification.NOISE: {
        "crypto": 2, "gm": 2, "gn": 1, "wagmi": 2, "ngmi": 2, "100x": 2, "1000x": 2, "airdrop": 2,
        "nft": 2, "nfts": 2, "memecoin": 2, "shitcoin": 2, "degen": 2, "web3": 1.5, "token": 1,
        "pump": 1.5, "moon": 1, "to the moon": 2, "hodl": 2, "giveaway": 2, "follow for": 1.5,
        "follow back": 2, "breaking": 1.5, "news": 1, "headlines": 1.5, "meme": 1.5, "memes": 1.5,
        "lol": 0.5, "viral": 1, "trending": 1, "like and retweet": 2, "rt to win": 2, "btc": 1.5,
        "eth": 1, "solana": 1.5, "bitcoin": 1.5, "presale": 2, "whitelist": 1.5, "alpha leak": 2,
        # token promotion: "vc" and "backed" are not investing when the thing backed is a coin
        "cashtag": 1.5, "holders": 1.5, "holder": 1, "wallet": 1, "on-chain": 1.5, "onchain": 1.5, "defi": 1.5,
        "memecoins": 2, "pump.fun": 2, "nfa": 1.5, "dyor": 2, "gems": 1.5, "ct": 1,
        # money schemes dressed as AI education
        "make money": 2, "money online": 2, "passive income": 2, "side hustle": 2, "per hour": 1,
        "per day": 1, "per week": 1, "per month": 1, "money claim": 1.5, "free guide": 2, "paid courses": 2,
        "crypto educator": 2, "collabs": 1, "dm for collab": 1.5, "repost this": 1.5, "retweet this": 1.5,
        "comment": 0.5, "giving away": 2,
    },
}

# Cues that name a role ("founder", "PhD"): in a post they count only when the author names
# themselves with it ("I'm a founder"); otherwise they are about someone else.
ROLE_CUES: frozenset[str] = frozenset({
    "founder", "co-founder", "cofounder", "ceo", "cto", "solo founder", "serial founder", "2x founder",
    "3x founder", "indie hacker", "phd", "ph.d", "postdoc", "researcher", "research scientist", "professor",
    "phd student", "engineer", "ml engineer", "ai engineer", "staff engineer", "principal engineer",
    "senior engineer", "head of ai", "head of ml", "tech lead", "developer", "sre", "devops", "angel",
    "angel investor", "investor", "vc", "partner at", "general partner", "gp", "lp",
})

# Prototype texts for the semantic space: what each kind of account typically writes.
AI_BUILDER_PROTOTYPE = (
    "building ai products with llms and agents. shipped an open-source rag framework, fine-tuning and "
    "evals for language models, inference and embeddings, vector database, prompt engineering. "
    "just launched v0.3 of our agent, demo and repo on github, model on hugging face, launched on "
    "product hunt. pytorch, transformers, lora, quantization, mlops, open-source model."
)

CLASS_PROTOTYPES: dict[Classification, str] = {
    Classification.EARLY_FOUNDER: (
        "founder and ceo building an ai startup. co-founder, pre-seed, yc, stealth. we just launched our "
        "product, shipping fast, talking to customers and users, hiring founding engineers, raised a "
        "seed round, building agents and llm apps for companies, mvp, product market fit. building in "
        "public, hiring our first engineer, pricing, revenue, we launched on product hunt today."
    ),
    Classification.AI_RESEARCHER: (
        "phd student and research scientist working on language models. new paper on arxiv, accepted "
        "at neurips, icml and iclr. benchmark results, ablations, interpretability, alignment, "
        "reinforcement learning, lab at the university, preprint, thesis, training dynamics, theory."
    ),
    Classification.AI_OPERATOR: (
        "ml engineer and ai engineer on the platform and infra team. mlops, model serving and inference "
        "at scale in production, latency, gpu clusters, kubernetes, data pipelines, evals in ci, "
        "staff engineer, head of ai, deploy llms, vllm, observability, on-call, reliability."
    ),
    Classification.ANGEL_INVESTOR: (
        "angel investor and partner at a vc fund. investing in ai founders at pre-seed and seed, "
        "first check, portfolio companies, deal flow, backing founders building ai, syndicate, "
        "venture capital, lp, general partner, dm me your deck, investment thesis."
    ),
    Classification.NOISE: (
        "gm gm crypto airdrop wagmi 100x memecoin to the moon, nft giveaway, follow back, like and "
        "retweet, breaking news headlines today, viral memes lol, trending now, btc eth solana presale, "
        "whitelist, degen alpha, follow for more daily news and memes."
    ),
}

# Generic text fitted alongside the prototypes so everyday words get a vocabulary and low idf weight.
BACKGROUND_TEXTS: tuple[str, ...] = (
    "i love coffee, travel, music and spending time with my family and friends on the weekend.",
    "thoughts are my own. opinions, life updates, sports, books and photos of my dog.",
    "working on something new. more soon. thanks everyone for the support this year.",
    "great conversation today with the team about the future of work and technology.",
)
