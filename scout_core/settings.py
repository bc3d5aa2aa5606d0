"""The one settings object.

Every knob Scout has lives here, read from the environment with prefix ``SCOUT_`` and nested
delimiter ``__`` (``SCOUT_X_API__BASE_URL``). Nothing else in the code calls ``os.getenv``.
Every source URL is a setting, so one adapter talks to the real service or to the sandbox.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEBIAN_CHROMIUM = "/usr/lib/chromium/chromium"


class SourceSettings(BaseModel):
    """What every source shares: where it lives and how long to wait for it."""

    base_url: str = Field(description="Base URL of the service (the real one, or the sandbox's).")
    timeout_s: float = Field(15.0, gt=0, le=300, description="Per-request timeout in seconds.")
    enabled: bool = Field(True, description="Turn the source off without removing its credentials.")

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    def credential(self) -> SecretStr | None:
        """The source's credential, if it has one configured."""
        return None


class XApiSettings(SourceSettings):
    """X API v2 (bearer-token app auth)."""

    base_url: str = "https://api.x.com"
    bearer_token: SecretStr | None = Field(None, description="App bearer token for X API v2.")
    users_per_request: int = Field(100, ge=1, le=100, description="Usernames per /2/users/by call.")

    def credential(self) -> SecretStr | None:
        return self.bearer_token


class XWebSettings(SourceSettings):
    """X web profile pages scraped with Playwright."""

    base_url: str = "https://x.com"
    session_cookies: list[SecretStr] = Field(
        default_factory=list, description="auth_token cookie values, one per logged-in session."
    )
    browser_path: str | None = Field(None, description="Chromium executable; else Debian's, else Playwright's.")
    pages_per_browser: int = Field(200, ge=1, description="Retire (relaunch) the browser after this many pages.")
    idle_close_s: float = Field(120.0, gt=0, description="Close the browser after this long without work.")
    max_concurrent_pages: int = Field(4, ge=1, le=32, description="Pages open at once in one browser.")
    page_timeout_s: float = Field(15.0, gt=0, le=120, description="Navigation and selector timeout.")

    def credential(self) -> SecretStr | None:
        return self.session_cookies[0] if self.session_cookies else None


class ApifySettings(SourceSettings):
    base_url: str = "https://api.apify.com"
    token: SecretStr | None = Field(None, description="Apify API token.")
    actor_id: str = Field("apidojo/tweet-scraper", description="Actor that scrapes X profiles and posts.")

    def credential(self) -> SecretStr | None:
        return self.token


class GithubSettings(SourceSettings):
    base_url: str = "https://api.github.com"
    token: SecretStr | None = Field(None, description="GitHub personal access token.")

    def credential(self) -> SecretStr | None:
        return self.token


class HuggingfaceSettings(SourceSettings):
    base_url: str = "https://huggingface.co"
    token: SecretStr | None = Field(None, description="Hugging Face access token.")

    def credential(self) -> SecretStr | None:
        return self.token


class ProducthuntSettings(SourceSettings):
    base_url: str = "https://api.producthunt.com"
    token: SecretStr | None = Field(None, description="Product Hunt developer token.")

    def credential(self) -> SecretStr | None:
        return self.token


class SearchSettings(SourceSettings):
    """A web-search API in Tavily's request/response shape."""

    base_url: str = "https://api.tavily.com"
    api_key: SecretStr | None = Field(None, description="Search API key.")
    max_results: int = Field(20, ge=1, le=100, description="Results asked for per topic.")

    def credential(self) -> SecretStr | None:
        return self.api_key


class SandboxSettings(BaseModel):
    """The deterministic synthetic world that stands in for every source."""

    mode: Literal["auto", "on", "off"] = Field(
        "auto", description="auto: use the sandbox when no source has credentials."
    )
    seed: int = Field(7, description="World seed: the same seed gives the same world.")
    size: int = Field(2000, ge=10, le=1_000_000, description="People in the world.")
    host: str = Field("127.0.0.1", description="Address the sandbox server binds.")
    port: int = Field(0, ge=0, le=65535, description="Port (0 = any free port).")
    seconds_per_day: float | None = Field(
        None, gt=0, le=86_400,
        description="World clock speed: real seconds per simulated day (None: the clock stays put "
                    "unless moved, e.g. POST /sandbox/clock).")
    start_day: float = Field(0.0, ge=0, le=3650, description="Simulated day the world clock starts at.")
    horizon_days: int = Field(180, ge=1, le=3650, description="Days of world history drawn ahead.")
    tick_minutes: float = Field(60.0, ge=0.1, le=1440, description="Simulated minutes between world snapshots.")
    fault_schedule: Path | None = Field(None, description="YAML/JSON fault schedule on the world clock.")
    llm: bool = Field(False, description="Judge with the sandbox's deterministic OpenAI-compatible endpoint "
                                         "(<sandbox>/llm/v1) when no LLM endpoint is configured.")


class RayCfg(BaseModel):
    """Enrichment compute."""

    namespace: str = Field("scout", description="Ray namespace for the named actor pools.")
    api_workers: int = Field(2, ge=1, le=256, description="API worker actors in the pool.")
    browser_workers: int = Field(1, ge=0, le=64, description="Browser worker actors in the pool.")
    num_cpus: int | None = Field(None, ge=1, description="CPUs for a local Ray (None = all).")
    detached: bool = Field(False, description="Keep named actors alive across flow runs.")


class PipelineSettings(BaseModel):
    """What one discovery cycle does."""

    topics: list[str] = Field(
        default_factory=lambda: ["AI agents", "LLM apps", "RAG", "open-source models", "AI devtools"],
        description="Seed topics searched each cycle.",
    )
    limit: int = Field(100, ge=1, le=100_000, description="Candidates enriched per cycle.")
    batch_size: int = Field(25, ge=1, le=1000, description="Candidates per enrichment batch task.")
    max_followers: int = Field(10_000, ge=1, description="Filter: drop profiles with this many followers or more.")
    max_days_since_post: int = Field(25, ge=1, description="Filter: drop profiles silent for longer.")
    x_tier: Literal["x_api", "x_web"] = Field("x_api", description="First tier for X profiles.")


class ScoringSettings(BaseModel):
    """How profiles are judged (scoring/classify.py)."""

    startup_accounts_as_founders: bool = Field(
        False, description="Let a startup's own account (an organization shipping its own AI product to under "
                           "5,000 followers) be an early founder; by default every organization is noise.")


class LlmSettings(BaseModel):
    """The LLM judge: any OpenAI-compatible chat-completions endpoint (DeepSeek, OpenAI, vLLM, Ollama).

    Unset ``base_url`` or ``model`` means no judge: the score rescales the other five components.
    """

    base_url: str | None = Field(None, description="Endpoint root, e.g. https://api.deepseek.com/v1.")
    model: str | None = Field(None, description="Model name sent in each request, e.g. deepseek-chat.")
    api_key: SecretStr | None = Field(None, description="Bearer token (local servers may need none).")
    timeout_s: float = Field(30.0, gt=0, le=600, description="Per-request timeout in seconds.")
    max_retries: int = Field(3, ge=0, le=10, description="Retries of a rate-limited or failed request.")
    price_prompt_per_1k: float = Field(0.0, ge=0, description="USD per 1,000 prompt tokens.")
    price_completion_per_1k: float = Field(0.0, ge=0, description="USD per 1,000 completion tokens.")
    max_post_chars: int = Field(4000, ge=200, le=100_000, description="Post text sent to the judge, at most.")

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)


class MlSettings(BaseModel):
    """The traction model: MLflow names and what counts as a high score."""

    model_name: str = Field("scout-traction", description="Registered model name in the MLflow registry.")
    experiment: str = Field("scout-traction", description="MLflow experiment of the training runs.")
    high_score: float = Field(60.0, ge=0, le=100, description="Overall score from which a builder is 'high'.")
    test_share: float = Field(0.25, gt=0.05, lt=0.9, description="Share of people held out for evaluation.")
    seed: int = Field(7, description="Seed of the person split and of the model.")
    min_labels: int = Field(40, ge=4, description="Fewest labelled profiles training accepts.")


class DiscoverySettings(BaseModel):
    """Finding people: the seen-set, re-enrichment intervals, topic choice and recursive discovery."""

    bloom_expected_items: int = Field(
        1_000_000, ge=1_000, le=500_000_000, description="Candidates the seen-set Bloom filter is sized for.")
    bloom_fp_rate: float = Field(0.001, gt=0, lt=0.5, description="Target false-positive rate of the Bloom filter.")
    bloom_name: str = Field("seen", pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                            description="Name of the filter (Redis key part, file name under data_dir).")
    refresh_days: dict[str, float] = Field(
        default_factory=lambda: {"x": 7.0, "github": 14.0, "huggingface": 14.0, "producthunt": 30.0},
        description="Re-enrich a stored profile after this many days, by source name or platform.")
    refresh_days_default: float = Field(14.0, gt=0, description="Re-enrichment interval for anything not listed.")
    retry_partial_hours: float = Field(
        6.0, gt=0, le=24 * 365, description="A profile stored partial or minimal (e.g. its timeline could not be "
                                           "fetched) is due for another fetch after this many hours.")
    refresh_share: float = Field(0.2, ge=0, le=1, description="Most of a cycle's limit given to refreshes.")
    max_depth: int = Field(2, ge=0, le=10, description="Recursive discovery: hops away from a searched profile.")
    run_budget: int = Field(200, ge=0, le=1_000_000, description="Recursive discovery: new candidates per run.")
    edge_weights: dict[str, float] = Field(
        default_factory=lambda: {"link": 1.0, "contributor": 0.8, "mention": 0.6},
        description="Recursive discovery: priority weight per edge kind (mention, contributor, link).")
    min_parent_score: float = Field(0.0, ge=0, le=100, description="Expand only profiles scoring at least this.")
    max_repos_per_profile: int = Field(3, ge=0, le=100, description="Repositories whose contributors are read.")
    max_contributors_per_repo: int = Field(30, ge=1, le=500, description="Contributors read per repository.")
    explore_share: float = Field(0.3, ge=0, le=1, description="Share of a cycle's topics given to untried topics.")
    ucb_c: float = Field(0.5, ge=0, le=10, description="Topic recommender: weight of the exploration bonus.")
    trending_weeks: int = Field(4, ge=2, le=52, description="Weeks of stored posts read for trending keywords.")
    trending_topics: int = Field(2, ge=0, le=50, description="Trending keywords offered as topics each cycle.")
    topics_per_cycle: int = Field(8, ge=1, le=200, description="Topics searched each cycle (choose_topics' n).")

    @field_validator("edge_weights")
    @classmethod
    def _known_edges(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - {"mention", "contributor", "link"})
        if unknown:
            raise ValueError(f"unknown edge kinds {unknown}: use mention, contributor or link")
        if any(weight < 0 for weight in value.values()):
            raise ValueError("edge weights must not be negative")
        return value

    @field_validator("refresh_days")
    @classmethod
    def _positive_days(cls, value: dict[str, float]) -> dict[str, float]:
        if any(days <= 0 for days in value.values()):
            raise ValueError("refresh intervals must be positive numbers of days")
        return value


class BreakerCfg(BaseModel):
    """When a node's circuit opens, and how long it stays open before one probe is let through."""

    failures: int = Field(5, ge=1, description="Consecutive source failures that open the circuit.")
    reset_s: float = Field(60.0, gt=0, description="Seconds the circuit stays open before a half-open probe.")


class QuotaCfg(BaseModel):
    """One rate limit of a source: ``limit`` requests per ``window_s`` per credential."""

    endpoint: str = Field(description="Name of the quota (the source's endpoint or bucket).")
    limit: int = Field(ge=1, description="Requests allowed per window.")
    window_s: float = Field(gt=0, description="Window length in seconds.")
    per: Literal["call", "profile"] = Field(
        "profile", description="call: one request per batch call; profile: `requests` per profile.")
    requests: float = Field(1.0, gt=0, description="Requests per profile (per=profile) or per call.")
    path: str | None = Field(
        None, description="Regex on request paths whose answers report this quota's window (rate-limit "
                          "remaining/reset headers); when set, the service's count rules over Scout's own.")

    @field_validator("path")
    @classmethod
    def _path_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from exc
        return value


class RetryCfg(BaseModel):
    """What is retried in a worker, and how long to wait between attempts (exponential, jittered)."""

    attempts: int = Field(3, ge=1, le=20, description="Attempts per request, the first included.")
    base_s: float = Field(0.2, ge=0, description="Backoff multiplier.")
    max_wait_s: float = Field(5.0, ge=0, description="Longest backoff between attempts.")
    max_rate_limit_wait_s: float = Field(
        1.0, ge=0, description="A 429 whose window ends sooner is waited out in place; else the controller pauses.")
    retry_statuses: list[int] = Field(default_factory=lambda: [408, 425, 500, 502, 503, 504],
                                      description="HTTP statuses retried at the transport.")
    retry_kinds: list[str] = Field(default_factory=lambda: ["SourceUnavailableError", "RetryableSourceError"],
                                   description="Error kinds retried around a whole fetch.")


class SessionCfg(BaseModel):
    """Cookie sessions (x_web): pacing, cool-down after a block, retirement."""

    min_interval_s: float = Field(2.0, ge=0, description="Least time between two pages on one session.")
    block_cooldown_s: float = Field(300.0, ge=0, description="Rest a session this long after a block.")
    retire_after_blocks: int = Field(3, ge=1, description="Retire a session after this many blocks in a row.")


class RoutingRule(BaseModel):
    """One routing rule: when ``when`` holds (against ``threshold``), do ``then``. Evaluated in order.

    ``exclude``/``demote`` act on the tiers the condition holds for; ``least_loaded``/``fastest``/``cheapest``
    pick among the remaining tiers for a candidate the condition holds for, and end the evaluation.
    """

    name: str
    when: Literal["tried", "breaker_open", "budget_spent", "paused_above", "error_rate_above", "credits_below",
                  "urgent", "queue_depth_above", "always"]
    threshold: float = 0.0
    then: Literal["exclude", "demote", "least_loaded", "fastest", "cheapest"]


def _default_rules() -> list[RoutingRule]:
    return [RoutingRule(**r) for r in (
        {"name": "tried", "when": "tried", "then": "exclude"},
        {"name": "circuit-open", "when": "breaker_open", "then": "exclude"},
        {"name": "over-budget", "when": "budget_spent", "then": "exclude"},
        {"name": "long-pause", "when": "paused_above", "threshold": 120, "then": "exclude"},
        {"name": "failing", "when": "error_rate_above", "threshold": 0.5, "then": "demote"},
        {"name": "credits-low", "when": "credits_below", "threshold": 0.1, "then": "demote"},
        {"name": "urgent", "when": "urgent", "threshold": 2.0, "then": "fastest"},
        {"name": "backlog", "when": "queue_depth_above", "threshold": 5, "then": "least_loaded"},
        {"name": "cost", "when": "always", "then": "cheapest"},
    )]


class ControllerSettings(BaseModel):
    """The enrichment controller: health, breakers, rate limits, retries, budgets, routing, sessions."""

    key_prefix: str = Field("scout:ctl", description="Prefix of every Redis key the controller writes.")
    redis_retry_s: float = Field(
        30.0, gt=0, le=3600,
        description="When Redis fails, the controller goes on with in-process state and asks Redis again this often.")
    health_window_s: float = Field(300.0, gt=0, description="Sliding window of the health monitor.")
    health_min_samples: int = Field(10, ge=1, description="Calls needed before an error rate counts.")
    breakers: dict[str, BreakerCfg] = Field(
        default_factory=lambda: {"x_api": BreakerCfg(failures=5, reset_s=60),
                                 "apify": BreakerCfg(failures=5, reset_s=120),
                                 "x_web": BreakerCfg(failures=3, reset_s=300)},
        description="Breaker thresholds per node; others use default_breaker.")
    default_breaker: BreakerCfg = Field(default_factory=BreakerCfg)
    rate_limits: dict[str, list[QuotaCfg]] = Field(
        default_factory=lambda: {
            "x_api": [QuotaCfg(endpoint="users_lookup", limit=300, window_s=900, per="call",
                               path=r"/2/users/by(/username/[^/]+)?$"),
                      QuotaCfg(endpoint="user_tweets", limit=1500, window_s=900, path=r"/2/users/[^/]+/tweets$")],
            "github": [QuotaCfg(endpoint="core", limit=5000, window_s=3600, requests=3,
                                path=r"/(users|repos)/")],
            "search": [QuotaCfg(endpoint="search", limit=1000, window_s=60)],
        },
        description="Quotas per source, per credential (the public defaults of each service).")
    rate_headroom: float = Field(0.03, ge=0, lt=0.5, description="Share of each quota left unused for clock skew.")
    retry: RetryCfg = Field(default_factory=RetryCfg)
    budgets_usd: dict[str, float] = Field(
        default_factory=lambda: {"x_api": 50.0, "apify": 20.0, "x_web": 5.0},
        description="Daily spend cap per paid tier in USD; tiers not named are uncapped.")
    routing: list[RoutingRule] = Field(default_factory=_default_rules, description="Routing rules, in order.")
    batch_size: dict[str, int] = Field(default_factory=lambda: {"x_api": 10},
                                       description="Candidates per worker call for sources with batch endpoints.")
    max_in_flight: dict[str, int] = Field(default_factory=lambda: {"x_api": 8, "github": 16},
                                          description="Worker calls in flight per source (default 16).")
    sessions: SessionCfg = Field(default_factory=SessionCfg)
    degrade_to_minimal: bool = Field(
        False, description="Store a handle-only profile when every tier failed and nothing is cached.")
    max_requeues: int = Field(6, ge=0, description="Re-dispatches of one candidate after 429s or lost workers.")


class IdentitySettings(BaseModel):
    """Identity resolution: how much fuzzy (level 4) similarity it takes to corroborate evidence."""

    bio_corroboration: float = Field(
        0.6, ge=0, le=1, description="Bio similarity (0-1) that corroborates a declared link whose names tell nothing.")
    suggest: bool = Field(True, description="List same-name accounts on other platforms for review (never merged).")
    suggest_threshold: float = Field(
        0.8, ge=0, le=1, description="Fuzzy name+bio score from which a pair is suggested for review.")


class QueueSettings(BaseModel):
    """Durable work queues between stages (Redis streams with SCOUT_REDIS_URL, else SQLite in data_dir);
    the pipeline's batch journal is kept in the database, whatever the backend."""

    redis_prefix: str = Field("scout:queue", min_length=1, description="Key prefix of the Redis streams.")
    visibility_timeout_s: float = Field(
        300.0, gt=0, le=86_400, description="Unacked entries go to another consumer after this long.")
    max_deliveries: int = Field(5, ge=1, le=100, description="Deliveries before an entry is dead-lettered.")


class DlqSettings(BaseModel):
    """The dead-letter queue (Redis with a database mirror) and its scheduled replay."""

    redis_prefix: str = Field("scout:dlq", min_length=1, description="Key prefix of the dead letters in Redis.")
    replay_limit: int = Field(100, ge=1, le=100_000, description="Letters a scheduled replay takes at most.")


class InputSettings(BaseModel):
    """Limits on what Scout reads from outside: payload files, JSON lines, JSON bodies."""

    max_bytes: int = Field(50 * 2**20, ge=1024, le=2**34, description="Largest input file or body read, in bytes.")
    max_depth: int = Field(64, ge=4, le=500, description="Deepest JSON nesting accepted (real payloads: 10).")


class PrefectCfg(BaseModel):
    """How runs use a Prefect server's blocks. Only names live here; tasks/ and deployments/ load them."""

    secret_blocks: bool = Field(
        True, description="With PREFECT_API_URL set, read credentials from Secret blocks named scout-<setting> "
                          "(e.g. scout-github-token), falling back to these settings.")
    lake_block: str | None = Field(
        None, description="prefect-aws S3Bucket block holding the raw lake (bucket, folder, AwsCredentials); "
                          "overrides raw_lake_url and raw_lake_s3.")

    results_block: str | None = Field(
        None, description="Storage block for flow results as type/name (e.g. s3-bucket/scout-results); "
                          "unset = data_dir/prefect-results.")


class S3Cfg(BaseModel):
    """S3 access for the raw lake; unset fields leave boto3's own chain (env, profile, instance role)."""

    access_key_id: SecretStr | None = Field(None, description="AWS access key id.")
    secret_access_key: SecretStr | None = Field(None, description="AWS secret access key.")
    session_token: SecretStr | None = Field(None, description="AWS session token (temporary credentials).")
    region: str | None = Field(None, description="AWS region of the bucket.")
    endpoint_url: str | None = Field(None, description="S3-compatible endpoint (MinIO, a moto server).")


class LeaseSettings(BaseModel):
    """One run at a time per database: the run lease, a row its holder renews while it runs."""

    ttl_s: float = Field(60.0, ge=5, le=3600, description="A lease not renewed for this long expires (its run died).")
    wait_s: float = Field(3600.0, ge=0, le=7 * 86_400,
                          description="How long a run waits for another run's lease before it refuses (0: at once).")


class ApiSettings(BaseModel):
    """`scout serve`: who may call the API, and from which web origins."""

    model_config = ConfigDict(populate_by_name=True)  # model_dump() gives access_keys; it must read back

    # Named access_keys, read from SCOUT_API__KEYS: a model attribute called `keys` makes `dict(model)`
    # take it for a mapping (Prefect visits task inputs that way).
    access_keys: SecretStr | None = Field(
        None, alias="keys",
        description='API keys as a JSON map key -> role ("read" or "operator"), e.g. {"k1": "read"}; '
                          "unset = no keys, and the server listens on loopback only.")
    cors_origins: list[str] = Field(
        default_factory=list, description="Web origins allowed to call the API from a browser (CORS); "
                                          "empty = none.")
    max_query_bytes: int = Field(8192, ge=256, le=1_048_576,
                                 description="Longest query string accepted (longer: 414).")


class Settings(BaseSettings):
    """Scout's configuration. Env prefix ``SCOUT_``, nested delimiter ``__``."""

    model_config = SettingsConfigDict(
        env_prefix="SCOUT_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Field(Path("./data"), description="SQLite DB, raw lake, exports and MLflow files.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite under data_dir.")
    redis_url: str | None = Field(None, description="Redis URL; unset = in-process equivalents.")
    ray_address: str | None = Field(None, description="Ray cluster address; unset = local Ray.")
    raw_lake_url: str | None = Field(None, description="s3://bucket/prefix for raw payloads; else data_dir/raw.")
    mlflow_tracking_uri: str | None = Field(None, description="MLflow tracking URI; default SQLite in data_dir.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "WARNING", description="Log level for Scout's loggers (messages go to stderr).")

    x_api: XApiSettings = Field(default_factory=XApiSettings)
    x_web: XWebSettings = Field(default_factory=XWebSettings)
    apify: ApifySettings = Field(default_factory=ApifySettings)
    github: GithubSettings = Field(default_factory=GithubSettings)
    huggingface: HuggingfaceSettings = Field(default_factory=HuggingfaceSettings)
    producthunt: ProducthuntSettings = Field(default_factory=ProducthuntSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    sandbox: SandboxSettings = Field(default_factory=SandboxSettings)
    ray: RayCfg = Field(default_factory=RayCfg)
    pipeline: PipelineSettings = Field(default_factory=PipelineSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    dlq: DlqSettings = Field(default_factory=DlqSettings)
    input: InputSettings = Field(default_factory=InputSettings)
    lease: LeaseSettings = Field(default_factory=LeaseSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    controller: ControllerSettings = Field(default_factory=ControllerSettings)
    discovery: DiscoverySettings = Field(default_factory=DiscoverySettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    ml: MlSettings = Field(default_factory=MlSettings)
    prefect: PrefectCfg = Field(default_factory=PrefectCfg)
    api: ApiSettings = Field(default_factory=ApiSettings)
    raw_lake_s3: S3Cfg = Field(default_factory=S3Cfg)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    SOURCE_FIELDS: ClassVar[tuple[str, ...]] = (
        "x_api", "x_web", "apify", "github", "huggingface", "producthunt", "search")

    def source(self, name: str) -> SourceSettings:
        """The settings group of a source by its registry name."""
        if name not in self.SOURCE_FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def has_credentials(self) -> bool:
        return any(self.source(n).credential() is not None for n in self.SOURCE_FIELDS)

    def wants_sandbox(self) -> bool:
        """Whether `scout run` should start the sandbox and point every source at it."""
        if self.sandbox.mode == "auto":
            return not self.has_credentials()
        return self.sandbox.mode == "on"

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'scout.db').resolve()}"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def resolved_mlflow_uri(self) -> str:
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.data_dir / 'mlflow.db').resolve()}"

    def browser_candidates(self) -> list[str]:
        """Where to look for Chromium, in order: the setting, then Debian's."""
        found = [self.x_web.browser_path] if self.x_web.browser_path else []
        return found + [DEBIAN_CHROMIUM]


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with keyword overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
