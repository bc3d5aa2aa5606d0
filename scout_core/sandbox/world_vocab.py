"""Word lists the sandbox world is generated from: names, topics, AI vocabulary, noise phrases.

Plain data, no logic. Lists (not sets) so that iteration order, and so the world, never depends on
PYTHONHASHSEED.
"""

from __future__ import annotations

ARCHETYPE_MIX: tuple[tuple[str, float], ...] = (
    ("early_founder", 0.15),
    ("ai_researcher", 0.15),
    ("ai_operator", 0.20),
    ("angel_investor", 0.10),
    ("noise", 0.40),
)
BUILDERS = ("early_founder", "ai_researcher", "ai_operator")

FIRST_NAMES = [
    "Jane", "John", "Maya", "Arjun", "Wei", "Li", "Sofia", "Lucas", "Amara", "Kenji", "Priya", "Omar",
    "Elena", "Mateo", "Aisha", "Noah", "Chloé", "Liam", "Yuki", "Ravi", "Fatima", "Ethan", "Ingrid", "Diego",
    "Hana", "Samuel", "Leila", "Daniel", "Mei", "Ahmed", "Olivia", "Tomás", "Nia", "Felix", "Sara", "Ivan",
    "Zara", "Benjamin", "Ana", "Hiroshi", "Emma", "Kwame", "Isabel", "Max", "Ling", "Rohan", "Grace", "Pedro",
    "Anika", "David", "Chen", "Lucía", "Michael", "Nadia", "Oscar", "Jun", "Camille", "Tariq", "Julia", "Ali",
    "Katarina", "Andrew", "Min", "José", "Rachel", "Vikram", "Ava", "Marco", "Ji-woo", "Elijah", "Sana",
    "Henrik", "Alexander", "Neha", "Gabriel", "Yara", "Christopher", "Aiko", "Jakob", "Tanvi", "William",
    "Zoë", "Kofi", "Matthew", "Laila", "Stefan", "Irene", "Hamza", "Nora", "Anton", "Siddharth", "Lena",
    "Jonathan", "Esra", "Raphael", "Ming", "Catherine", "Dmitri", "Keisha", "Robert", "Amelia", "Bashir",
    "Elizabeth", "Joaquín", "Chiara", "Thomas", "Ayumi", "Rafael", "Kavya", "Patrick", "Yasmin", "Nikolai",
    "Renée", "Abhishek", "Margaret", "Emeka", "Victoria", "Joseph", "Astrid", "Kai", "Theresa", "Marcus",
]
LAST_NAMES = [
    "Doe", "Smith", "Patel", "Chen", "Garcia", "Kim", "Nguyen", "Müller", "Rossi", "Okafor", "Tanaka",
    "Singh",
    "Johnson", "Silva", "Ivanova", "Haddad", "Kowalski", "Andersen", "Martin", "Costa", "Yamamoto", "Khan",
    "Williams", "Lopez", "Schmidt", "Park", "Sharma", "Brown", "Dubois", "Mensah", "Ferreira", "Novak",
    "Larsen", "Rahman", "Moreau", "Takahashi", "Gupta", "Wilson", "Hernández", "Lee", "Fischer", "Bianchi",
    "Adeyemi", "Suzuki", "Iyer", "Taylor", "Ramos", "Wang", "Becker", "Romano", "Osei", "Kato", "Reddy",
    "Anderson", "Torres", "Zhang", "Wagner", "Ricci", "Eze", "Sato", "Mehta", "Thomas", "Flores", "Liu",
    "Hoffmann", "Marino", "Boateng", "Ito", "Nair", "Jackson", "Rivera", "Huang", "Koch", "Greco", "Abubakar",
    "Watanabe", "Joshi", "White", "Morales", "Zhao", "Richter", "Conti", "Owusu", "Nakamura", "Kapoor",
    "Harris", "Ortiz", "Wu", "Klein", "Gallo", "Nwosu", "Kobayashi", "Chopra", "Clark", "Castillo", "Xu",
    "Wolf", "Mancini", "Danso", "Yoshida", "Malhotra", "Lewis", "Vargas", "Sun", "Schröder", "Costello",
    "Achebe", "Hayashi", "Bose", "Walker", "Mendoza", "Ma", "Neumann", "Lombardi", "Appiah", "Shimizu",
    "Desai", "Young", "Guerrero", "Zhu", "Schwarz", "Fontana", "Okonkwo", "Inoue", "Banerjee", "King",
    "Delgado", "Hu", "Zimmermann", "Caruso", "Agyeman", "Kimura", "Pillai", "Wright", "Navarro", "Lin",
    "Krüger", "Santoro", "Adjei", "Matsumoto", "Verma", "Scott", "Medina", "Guo", "Hartmann", "Rinaldi",
]
NICKNAMES = {
    "Jane": "Janie", "John": "Johnny", "Samuel": "Sam", "Daniel": "Dan", "Benjamin": "Ben", "Michael": "Mike",
    "Alexander": "Alex", "Christopher": "Chris", "Matthew": "Matt", "William": "Will", "Jonathan": "Jon",
    "Elizabeth": "Liz", "Robert": "Bob", "Katarina": "Kat", "Andrew": "Andy", "Catherine": "Cat",
    "Margaret": "Maggie", "Joseph": "Joe", "Victoria": "Vicky", "Thomas": "Tom", "Siddharth": "Sid",
    "Abhishek": "Abhi", "Nikolai": "Niko", "Gabriel": "Gabe", "Patrick": "Pat", "Theresa": "Tess",
    "Rafael": "Rafa", "Olivia": "Liv", "Isabel": "Izzy", "Dmitri": "Dima", "Raphael": "Raph",
}
EMOJI = ["🚀", "🤖", "🧠", "✨", "⚡", "🔥", "🛠️", "📈", "🦾", "🌱", "💡", "🧪", "🤗", "🎙️", "📚"]
NOISE_EMOJI = ["🚀", "💎", "🙌", "🌕", "🐸", "👑", "📉", "📈", "😂", "💀", "🔥", "🐂"]

# The search API knows these; the first five are PipelineSettings.topics' defaults.
TOPICS = [
    "AI agents", "LLM apps", "RAG", "open-source models", "AI devtools", "evals", "fine-tuning", "inference",
    "vector databases", "voice AI", "multimodal", "AI safety", "code generation", "MLOps", "synthetic data",
    "on-device AI", "AI infrastructure", "prompt engineering", "reinforcement learning", "AI search",
]
# Per topic: phrases used in text, GitHub topic slugs, and words repo/model names are built from.
TOPIC_TERMS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "AI agents": (["AI agents", "agentic workflows", "tool calling", "multi-agent systems"],
                  ["ai-agents", "agents", "llm"], ["agent", "crew", "autopilot", "planner"]),
    "LLM apps": (["LLM apps", "LLMs", "structured outputs", "LLM UX"], ["llm", "chatbot", "openai"],
                 ["chat", "copilot", "assist", "llm"]),
    "RAG": (["RAG", "retrieval-augmented generation", "hybrid search", "chunking strategies"],
            ["rag", "retrieval", "llm"], ["rag", "retriever", "context", "index"]),
    "open-source models": (["open-source models", "open weights", "Llama fine-tunes", "small models"],
                           ["open-source", "llama", "transformers"], ["llama", "mistral", "tiny", "open"]),
    "AI devtools": (["AI devtools", "developer tools for LLMs", "LLM observability", "prompt versioning"],
                    ["developer-tools", "llmops", "sdk"], ["kit", "sdk", "cli", "trace"]),
    "evals": (["evals", "LLM evaluation", "benchmarks", "eval harnesses"], ["evaluation", "benchmark", "llm"],
              ["eval", "bench", "judge", "score"]),
    "fine-tuning": (["fine-tuning", "LoRA", "QLoRA", "instruction tuning"], ["fine-tuning", "lora", "peft"],
                    ["tune", "lora", "adapter", "sft"]),
    "inference": (["inference", "inference optimization", "quantization", "speculative decoding"],
                  ["inference", "quantization", "cuda"], ["infer", "serve", "quant", "fast"]),
    "vector databases": (["vector databases", "vector DBs", "embeddings", "ANN indexes"],
                         ["vector-database", "embeddings", "similarity-search"],
                         ["vector", "embed", "ann", "hnsw"]),
    "voice AI": (["voice AI", "speech-to-text", "TTS", "realtime voice agents"], ["speech", "tts", "asr"],
                 ["voice", "whisper", "speech", "talk"]),
    "multimodal": (["multimodal", "vision-language models", "VLMs", "image understanding"],
                   ["multimodal", "vision", "vlm"], ["vision", "pixel", "clip", "vlm"]),
    "AI safety": (["AI safety", "alignment", "red-teaming", "interpretability"],
                  ["ai-safety", "alignment", "interpretability"], ["guard", "align", "probe", "redteam"]),
    "code generation": (["code generation", "coding agents", "AI code review", "code LLMs"],
                        ["code-generation", "copilot", "llm"], ["code", "patch", "review", "dev"]),
    "MLOps": (["MLOps", "model serving", "feature stores", "ML pipelines"], ["mlops", "kubernetes", "ml"],
              ["pipe", "ops", "deploy", "flow"]),
    "synthetic data": (["synthetic data", "data generation", "distillation", "data curation"],
                       ["synthetic-data", "datasets", "distillation"], ["synth", "data", "distill", "gen"]),
    "on-device AI": (["on-device AI", "edge inference", "WebGPU", "mobile LLMs"],
                     ["edge-ai", "webgpu", "onnx"], ["edge", "mobile", "web", "local"]),
    "AI infrastructure": (["AI infrastructure", "GPU clusters", "training infra", "inference platforms"],
                          ["gpu", "infrastructure", "distributed"], ["gpu", "cluster", "infra", "grid"]),
    "prompt engineering": (["prompt engineering", "prompting", "DSPy", "prompt optimization"],
                           ["prompt-engineering", "prompts", "llm"], ["prompt", "template", "chain", "dsp"]),
    "reinforcement learning": (["reinforcement learning", "RLHF", "reward models", "RL for reasoning"],
                               ["reinforcement-learning", "rlhf", "reward-model"],
                               ["rl", "reward", "policy", "gym"]),
    "AI search": (["AI search", "answer engines", "semantic search", "reranking"],
                  ["search", "reranking", "llm"], ["search", "rerank", "answer", "find"]),
}
REPO_SUFFIXES = ["kit", "lab", "flow", "hub", "bench", "lite", "core", "py", "js", "x", "ops", "stack",
                 "studio"]
LANGUAGES = ["Python", "Python", "Python", "TypeScript", "TypeScript", "Rust", "Go", "Jupyter Notebook",
             "C++"]

LOCATIONS = [
    "San Francisco, CA", "SF", "New York", "NYC", "London", "Berlin", "Paris", "Toronto", "Bangalore",
    "Seattle, WA", "Austin, TX", "Tel Aviv", "Singapore", "Tokyo", "Lagos", "Zürich", "Amsterdam", "Boston",
    "Remote", "🌍", "Bay Area", "Montréal", "Stockholm", "Sydney", "São Paulo", "Nairobi", "", "", "",
]
BIG_COMPANIES = ["Google", "Meta", "Microsoft", "OpenAI", "Anthropic", "NVIDIA", "Stripe", "Databricks",
                 "Apple"]
COMPANY_STEMS = ["Vec", "Neur", "Lumi", "Quant", "Synth", "Cortex", "Tensor", "Prompt", "Agent", "Infer",
                 "Deep", "Hyper", "Nova", "Flux", "Kern", "Astra", "Orbit", "Sigma", "Mosaic", "Arc", "Relay",
                 "Pilot"]
COMPANY_ENDINGS = ["ly", "io", "ai", "labs", "flow", "stack", "mind", "works", "hub", "forge", "base", "loop",
                   "scale", "wave"]
TLDS = [".ai", ".ai", ".io", ".com", ".dev", ".co"]
PRODUCT_WORDS = ["Pilot", "Forge", "Lens", "Scribe", "Beacon", "Relay", "Atlas", "Echo", "Canvas", "Sprout",
                 "Orbit", "Signal", "Nimbus", "Quill", "Harbor", "Spark", "Vault", "Drift"]

# GitHub `blog` values that must never be fetched or trusted.
HOSTILE_BLOGS = ["${jndi:ldap://x.example/a}", "javascript:alert(1)", "<script>alert(1)</script>",
                 "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"]

NOISE_KINDS = ["crypto", "news", "meme"]
NOISE_BRANDS = {
    "crypto": (["CryptoKing", "MoonBoi", "DegenApe", "WhaleAlerts", "GemHunter", "ChartWizard",
                "AlphaCaller"],
               ["crypto", "moon", "degen", "gem", "whale", "alpha"]),
    "news": (["Daily AI News", "Tech Wire", "Breaking Tech", "Market Pulse", "World Brief", "News Now"],
             ["news", "daily", "wire", "brief", "pulse"]),
    "meme": (["Meme Lord", "Dank Dev", "Shitpost Central", "Relatable Coder", "Cat Pics"],
             ["memes", "lol", "dank", "vibes", "cats"]),
}
