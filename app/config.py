"""Settings, read from the environment by create_app. Secrets have no default outside dev and tests."""

import base64
import os
from collections.abc import Mapping
from pathlib import Path

from app.errors import ConfigError

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = BASE_DIR / "instance"


class Environment:
    """The process environment as settings read it; remembers every name read (README test)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self.names: list[str] = []

    def __call__(self, name: str, default: str | None = None) -> str | None:
        if name not in self.names:
            self.names.append(name)
        value = self.environ.get(name)
        return value if value not in (None, "") else default

    def int(self, name: str, default: int) -> int:
        return int(self(name, str(default)))

    def bool(self, name: str, default: bool = False) -> bool:
        value = self(name)
        return default if value is None else value.lower() in {"1", "true", "yes", "on"}


def _database_url(url: str | None) -> str:
    if url is None:
        return f"sqlite:///{INSTANCE_DIR / 'interview.sqlite3'}"
    if url.startswith("mysql") and "charset=" not in url:
        # Chinese text needs 4-byte UTF-8; MySQL's "utf8" is only 3 bytes.
        url += ("&" if "?" in url else "?") + "charset=utf8mb4"
    return url


# Development-only defaults; a production start refuses to run on them.
DEV_SECRET_KEY = "dev-secret-key-not-for-production"  # noqa: S105
DEV_DATA_KEY = base64.b64encode(b"development-data-key-32-bytes!!!").decode()


class Config:
    """Settings read from the environment when the app is created (create_app), not at import."""

    # flask-smorest: one OpenAPI 3 document at /openapi.json.
    API_TITLE = "AI Interview API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"

    # Settings without which a production process must not start.
    REQUIRED_IN_PRODUCTION = (
        "SECRET_KEY",
        "DATA_ENCRYPTION_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "WECHAT_APPID",
        "WECHAT_SECRET",
        "DINGTALK_APP_KEY",
        "DINGTALK_APP_SECRET",
        "DINGTALK_AGENT_ID",
    )

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = self.env = Environment(environ)
        # development | production | test; production refuses dev shortcuts and missing secrets.
        self.APP_ENV = env("APP_ENV", "production")
        # SQLAlchemy URL; unset -> SQLite file under instance/ (the embedded default).
        self.DATABASE_URL = env("DATABASE_URL")
        self.SQLALCHEMY_DATABASE_URI = _database_url(self.DATABASE_URL)
        # Reconnect dropped MySQL connections instead of failing the request.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 3600}
        # redis://host:port/db; unset -> background jobs run inline in the web process.
        self.REDIS_URL = env("REDIS_URL")
        # Flask session and token signing key.
        self.SECRET_KEY = env("SECRET_KEY")
        # base64 of 32 random bytes: AES-GCM key for personal data at rest (and blind indexes).
        self.DATA_ENCRYPTION_KEY = env("DATA_ENCRYPTION_KEY")
        # Where uploaded resumes and audio are kept (encrypted files).
        self.STORAGE_DIR = env("STORAGE_DIR", str(INSTANCE_DIR / "files"))
        # Largest request body accepted (bytes); resumes are further limited to 10 MB, audio to 20 MB.
        self.MAX_CONTENT_LENGTH = env.int("MAX_CONTENT_LENGTH", 64 * 1024 * 1024)
        # Lifetime of an HR admin token and of a mini-program session token, in seconds.
        self.HR_TOKEN_TTL_S = env.int("HR_TOKEN_TTL_S", 12 * 3600)
        self.MP_TOKEN_TTL_S = env.int("MP_TOKEN_TTL_S", 7 * 24 * 3600)
        # The admin page's session cookie: HttpOnly, SameSite=Lax, Secure unless told otherwise
        # (development and tests serve plain HTTP); it lasts as long as an HR token.
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", True)
        self.PERMANENT_SESSION_LIFETIME = env.int("HR_TOKEN_TTL_S", 12 * 3600)
        # Seconds the candidate API keeps a mini-program token's candidate and a question's text,
        # time limit and keywords in each process (app/services/hot_cache.py); 0 switches it off.
        self.HOT_CACHE_TTL_S = env.int("HOT_CACHE_TTL_S", 30)
        # Bearer token a Prometheus scrape of /metrics must send; unset -> loopback clients only.
        self.METRICS_TOKEN = env("METRICS_TOKEN")
        # Failed HR logins allowed per username+ip per minute before 429.
        self.LOGIN_ATTEMPTS_PER_MINUTE = env.int("LOGIN_ATTEMPTS_PER_MINUTE", 5)
        # A task left pending/queued/running longer than this is re-enqueued by the sweep.
        self.TASK_STALE_AFTER_S = env.int("TASK_STALE_AFTER_S", 300)
        # A worker touches its running task this often; a running task silent for TASK_DEAD_AFTER_S
        # belongs to a killed worker and is re-dispatched by the next sweep (workers sweep every
        # ~15-20 s), so killed work restarts within a minute.
        self.TASK_HEARTBEAT_S = env.int("TASK_HEARTBEAT_S", 10)
        self.TASK_DEAD_AFTER_S = env.int("TASK_DEAD_AFTER_S", 30)
        # Local PaddleSpeech conformer_wenetspeech model directory; unset -> ASR unavailable.
        self.ASR_MODEL_DIR = env("ASR_MODEL_DIR")
        # Days after which interview audio is deleted.
        self.AUDIO_RETENTION_DAYS = env.int("AUDIO_RETENTION_DAYS", 30)
        # WeChat mini-program credentials and subscribe-message template ids.
        self.WECHAT_APPID = env("WECHAT_APPID")
        self.WECHAT_SECRET = env("WECHAT_SECRET")
        self.WECHAT_PUSH_TOKEN = env("WECHAT_PUSH_TOKEN")
        # EncodingAESKey of the message push in safe mode (安全模式); unset -> plain mode only.
        self.WECHAT_PUSH_AES_KEY = env("WECHAT_PUSH_AES_KEY")
        # Subscribe-message template ids (from the mini-program's admin console).
        self.WECHAT_TEMPLATE_INVITATION = env("WECHAT_TEMPLATE_INVITATION")
        self.WECHAT_TEMPLATE_REPORT_READY = env("WECHAT_TEMPLATE_REPORT_READY")
        self.WECHAT_TEMPLATE_FINAL_ROUND = env("WECHAT_TEMPLATE_FINAL_ROUND")
        # Base URL of the WeChat API; set to the local emulator in development and tests.
        self.WECHAT_API_BASE_URL = env("WECHAT_API_BASE_URL")
        # dev:<openid> login codes, only with APP_ENV=development (production refuses to start).
        self.WECHAT_DEV_LOGIN = env.bool("WECHAT_DEV_LOGIN")
        # DingTalk internal app credentials (work notifications, robot, event subscription).
        self.DINGTALK_CORP_ID = env("DINGTALK_CORP_ID")
        self.DINGTALK_APP_KEY = env("DINGTALK_APP_KEY")
        self.DINGTALK_APP_SECRET = env("DINGTALK_APP_SECRET")
        self.DINGTALK_AGENT_ID = env("DINGTALK_AGENT_ID")
        self.DINGTALK_API_BASE_URL = env("DINGTALK_API_BASE_URL")
        # DingTalk event subscription (HTTP callback): the token and 43-character EncodingAESKey
        # from the developer console; the receiver id is DINGTALK_APP_KEY. Unset -> 503.
        self.DINGTALK_CALLBACK_TOKEN = env("DINGTALK_CALLBACK_TOKEN")
        self.DINGTALK_CALLBACK_AES_KEY = env("DINGTALK_CALLBACK_AES_KEY")
        # How robot messages and events reach us: "http" (DingTalk calls /bots/dingtalk/robot and
        # /bots/dingtalk/events; needs a public HTTPS address) or "stream" (the `flask dingtalk-stream`
        # process keeps an outbound websocket to DingTalk; no public address). See the README.
        self.DINGTALK_MODE = env("DINGTALK_MODE", "http")
        # DingTalk's new open API (the Stream gateway's open-connection endpoint lives there).
        self.DINGTALK_OPENAPI_BASE_URL = env("DINGTALK_OPENAPI_BASE_URL")
        # China-time hour after which the daily DingTalk digest goes out (once a day; 24 = never).
        self.DINGTALK_DIGEST_HOUR = env.int("DINGTALK_DIGEST_HOUR", 18)
        # China-time hour after which the workbench's data-review flags are recomputed (once a
        # day, in the worker; 24 = never).
        self.ANALYTICS_FLAGS_HOUR = env.int("ANALYTICS_FLAGS_HOUR", 3)
        # Public base URL of this service, for signed DingTalk card buttons (/bots/dingtalk/action).
        self.PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
        # Public base URL of the admin page, used in links sent to HR (DingTalk cards, the bot,
        # the digest); unset -> PUBLIC_BASE_URL + "/admin".
        self.ADMIN_BASE_URL = env("ADMIN_BASE_URL")


class DevelopmentConfig(Config):
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        self.APP_ENV = "development"
        # Development talks to the local emulators (python -m bots.emulators) unless told so.
        for name, default in (
            ("WECHAT_APPID", "wx-emulator-appid"),
            ("WECHAT_SECRET", "wx-emulator-secret"),
            ("WECHAT_API_BASE_URL", "http://127.0.0.1:8901"),
            ("WECHAT_TEMPLATE_INVITATION", "tmpl-invitation"),
            ("WECHAT_TEMPLATE_REPORT_READY", "tmpl-report-ready"),
            ("WECHAT_TEMPLATE_FINAL_ROUND", "tmpl-final-round"),
            ("DINGTALK_APP_KEY", "ding-emulator-appkey"),
            ("DINGTALK_APP_SECRET", "ding-emulator-appsecret"),
            ("DINGTALK_AGENT_ID", "1000001"),
            ("DINGTALK_API_BASE_URL", "http://127.0.0.1:8902"),
            ("DINGTALK_OPENAPI_BASE_URL", "http://127.0.0.1:8902"),
            ("SECRET_KEY", DEV_SECRET_KEY),
            ("DATA_ENCRYPTION_KEY", DEV_DATA_KEY),
        ):
            setattr(self, name, getattr(self, name) or default)
        self.SESSION_COOKIE_SECURE = self.env.bool("SESSION_COOKIE_SECURE", False)  # plain HTTP


class TestConfig(Config):
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ)
        self.APP_ENV = "test"
        self.TESTING = True
        self.SECRET_KEY = "test-secret-key"  # noqa: S105
        self.DATA_ENCRYPTION_KEY = base64.b64encode(b"test-data-encryption-key-32bytes").decode()
        self.SQLALCHEMY_DATABASE_URI = self.env("TEST_DATABASE_URL", "sqlite://")
        self.REDIS_URL = self.env("TEST_REDIS_URL")
        self.WECHAT_DEV_LOGIN = False
        self.LOGIN_ATTEMPTS_PER_MINUTE = 5
        # Tests edit questions and delete candidates between requests; tests of the cache set it.
        self.HOT_CACHE_TTL_S = 0
        self.WECHAT_TEMPLATE_INVITATION = "tmpl-invitation"
        self.WECHAT_TEMPLATE_REPORT_READY = "tmpl-report-ready"
        self.WECHAT_TEMPLATE_FINAL_ROUND = "tmpl-final-round"
        self.SESSION_COOKIE_SECURE = False  # the browser tests serve plain HTTP
        # Tests that count messages must not meet a digest sent by a worker's maintenance pass.
        self.DINGTALK_DIGEST_HOUR = 24
        self.ANALYTICS_FLAGS_HOUR = 24


def load_config(env: str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The settings for `env` (else APP_ENV), read from `environ` (else os.environ) now."""
    reader = Environment(environ)
    env = env or reader("APP_ENV", "production")
    kind = {"development": DevelopmentConfig, "test": TestConfig}.get(env, Config)
    return kind(environ)


def check_config(config: dict) -> None:
    """Fail at start, naming the setting, rather than at the first request that needs it."""
    env = config.get("APP_ENV")
    if env == "production":
        missing = [name for name in Config.REQUIRED_IN_PRODUCTION if not config.get(name)]
        if missing:
            raise ConfigError("missing required setting(s) for production: " + ", ".join(missing))
        if config.get("WECHAT_DEV_LOGIN"):
            raise ConfigError("WECHAT_DEV_LOGIN must not be set in production")
        if config.get("SECRET_KEY") == DEV_SECRET_KEY:
            raise ConfigError("SECRET_KEY is the development default; set a real one")
    aes_key = config.get("WECHAT_PUSH_AES_KEY")
    if aes_key and len(aes_key) != 43:
        raise ConfigError("WECHAT_PUSH_AES_KEY must be the 43-character EncodingAESKey")
    if config.get("DINGTALK_MODE", "http") not in ("http", "stream"):
        raise ConfigError("DINGTALK_MODE must be http or stream")
    key = config.get("DATA_ENCRYPTION_KEY")
    if not key:
        raise ConfigError("missing required setting: DATA_ENCRYPTION_KEY")
    try:
        raw = base64.b64decode(key, validate=True)
    except ValueError as exc:
        raise ConfigError("DATA_ENCRYPTION_KEY must be base64") from exc
    if len(raw) != 32:
        raise ConfigError("DATA_ENCRYPTION_KEY must decode to 32 bytes")
    if config.get("WECHAT_DEV_LOGIN") and env != "development":
        raise ConfigError("WECHAT_DEV_LOGIN is only allowed with APP_ENV=development")
