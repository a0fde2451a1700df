"""Settings, read once from the environment. Secrets have no default outside dev and tests."""

import base64
import os
from pathlib import Path

from app.errors import ConfigError

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = _env("DATABASE_URL")
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
    # development | production | test; production refuses dev shortcuts and missing secrets.
    APP_ENV = _env("APP_ENV", "production")
    # SQLAlchemy URL; unset -> SQLite file under instance/ (the embedded default).
    SQLALCHEMY_DATABASE_URI = _database_url()
    # Reconnect dropped MySQL connections instead of failing the request.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 3600}
    # redis://host:port/db; unset -> background jobs run inline in the web process.
    REDIS_URL = _env("REDIS_URL")
    # Flask session and token signing key.
    SECRET_KEY = _env("SECRET_KEY")
    # base64 of 32 random bytes: AES-GCM key for personal data at rest (and blind indexes).
    DATA_ENCRYPTION_KEY = _env("DATA_ENCRYPTION_KEY")
    # Where uploaded resumes and audio are kept (encrypted files).
    STORAGE_DIR = _env("STORAGE_DIR", str(INSTANCE_DIR / "files"))
    # Largest request body accepted (bytes); resumes are further limited to 10 MB, audio to 20 MB.
    MAX_CONTENT_LENGTH = int(_env("MAX_CONTENT_LENGTH", str(64 * 1024 * 1024)))
    # Lifetime of an HR admin token and of a mini-program session token, in seconds.
    HR_TOKEN_TTL_S = int(_env("HR_TOKEN_TTL_S", str(12 * 3600)))
    MP_TOKEN_TTL_S = int(_env("MP_TOKEN_TTL_S", str(7 * 24 * 3600)))
    # The admin page's session cookie: HttpOnly, SameSite=Lax, Secure unless told otherwise
    # (development and tests serve plain HTTP); it lasts as long as an HR token.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    PERMANENT_SESSION_LIFETIME = int(_env("HR_TOKEN_TTL_S", str(12 * 3600)))
    # Seconds the candidate API keeps a mini-program token's candidate and a question's text,
    # time limit and keywords in each process (app/services/hot_cache.py); 0 switches it off.
    HOT_CACHE_TTL_S = int(_env("HOT_CACHE_TTL_S", "30"))
    # Bearer token a Prometheus scrape of /metrics must send; unset -> loopback clients only.
    METRICS_TOKEN = _env("METRICS_TOKEN")
    # Failed HR logins allowed per username+ip per minute before 429.
    LOGIN_ATTEMPTS_PER_MINUTE = int(_env("LOGIN_ATTEMPTS_PER_MINUTE", "5"))
    # A task left pending/queued/running longer than this is re-enqueued by the sweep.
    TASK_STALE_AFTER_S = int(_env("TASK_STALE_AFTER_S", "300"))
    # A worker touches its running task this often; a running task silent for TASK_DEAD_AFTER_S
    # belongs to a killed worker and is re-dispatched by the next sweep (workers sweep every
    # ~15-20 s), so killed work restarts within a minute.
    TASK_HEARTBEAT_S = int(_env("TASK_HEARTBEAT_S", "10"))
    TASK_DEAD_AFTER_S = int(_env("TASK_DEAD_AFTER_S", "30"))
    # Local PaddleSpeech conformer_wenetspeech model directory; unset -> ASR unavailable.
    ASR_MODEL_DIR = _env("ASR_MODEL_DIR")
    # Days after which interview audio is deleted.
    AUDIO_RETENTION_DAYS = int(_env("AUDIO_RETENTION_DAYS", "30"))
    # WeChat mini-program credentials and subscribe-message template ids.
    WECHAT_APPID = _env("WECHAT_APPID")
    WECHAT_SECRET = _env("WECHAT_SECRET")
    WECHAT_PUSH_TOKEN = _env("WECHAT_PUSH_TOKEN")
    # EncodingAESKey of the message push in safe mode (安全模式); unset -> plain mode only.
    WECHAT_PUSH_AES_KEY = _env("WECHAT_PUSH_AES_KEY")
    # Subscribe-message template ids (from the mini-program's admin console).
    WECHAT_TEMPLATE_INVITATION = _env("WECHAT_TEMPLATE_INVITATION")
    WECHAT_TEMPLATE_REPORT_READY = _env("WECHAT_TEMPLATE_REPORT_READY")
    WECHAT_TEMPLATE_FINAL_ROUND = _env("WECHAT_TEMPLATE_FINAL_ROUND")
    # Base URL of the WeChat API; set to the local emulator in development and tests.
    WECHAT_API_BASE_URL = _env("WECHAT_API_BASE_URL")
    # dev:<openid> login codes, only with APP_ENV=development (production refuses to start).
    WECHAT_DEV_LOGIN = _bool("WECHAT_DEV_LOGIN")
    # DingTalk internal app credentials (work notifications, robot, event subscription).
    DINGTALK_CORP_ID = _env("DINGTALK_CORP_ID")
    DINGTALK_APP_KEY = _env("DINGTALK_APP_KEY")
    DINGTALK_APP_SECRET = _env("DINGTALK_APP_SECRET")
    DINGTALK_AGENT_ID = _env("DINGTALK_AGENT_ID")
    DINGTALK_API_BASE_URL = _env("DINGTALK_API_BASE_URL")
    # DingTalk event subscription (HTTP callback): the token and 43-character EncodingAESKey
    # from the developer console; the receiver id is DINGTALK_APP_KEY. Unset -> 503.
    DINGTALK_CALLBACK_TOKEN = _env("DINGTALK_CALLBACK_TOKEN")
    DINGTALK_CALLBACK_AES_KEY = _env("DINGTALK_CALLBACK_AES_KEY")
    # How robot messages and events reach us: "http" (DingTalk calls /bots/dingtalk/robot and
    # /bots/dingtalk/events; needs a public HTTPS address) or "stream" (the `flask dingtalk-stream`
    # process keeps an outbound websocket to DingTalk; no public address). See the README.
    DINGTALK_MODE = _env("DINGTALK_MODE", "http")
    # DingTalk's new open API (the Stream gateway's open-connection endpoint lives there).
    DINGTALK_OPENAPI_BASE_URL = _env("DINGTALK_OPENAPI_BASE_URL")
    # China-time hour after which the daily DingTalk digest goes out (once a day; 24 = never).
    DINGTALK_DIGEST_HOUR = int(_env("DINGTALK_DIGEST_HOUR", "18"))
    # China-time hour after which the workbench's data-review flags are recomputed (once a
    # day, in the worker; 24 = never).
    ANALYTICS_FLAGS_HOUR = int(_env("ANALYTICS_FLAGS_HOUR", "3"))
    # Public base URL of this service, for signed DingTalk card buttons (/bots/dingtalk/action).
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Public base URL of the admin page, used in links sent to HR (DingTalk cards, the bot,
    # the digest); unset -> PUBLIC_BASE_URL + "/admin".
    ADMIN_BASE_URL = _env("ADMIN_BASE_URL")

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


class DevelopmentConfig(Config):
    APP_ENV = "development"
    # Development talks to the local emulators (python -m bots.emulators) unless told otherwise.
    WECHAT_APPID = Config.WECHAT_APPID or "wx-emulator-appid"
    WECHAT_SECRET = Config.WECHAT_SECRET or "wx-emulator-secret"
    WECHAT_API_BASE_URL = Config.WECHAT_API_BASE_URL or "http://127.0.0.1:8901"
    WECHAT_TEMPLATE_INVITATION = Config.WECHAT_TEMPLATE_INVITATION or "tmpl-invitation"
    WECHAT_TEMPLATE_REPORT_READY = Config.WECHAT_TEMPLATE_REPORT_READY or "tmpl-report-ready"
    WECHAT_TEMPLATE_FINAL_ROUND = Config.WECHAT_TEMPLATE_FINAL_ROUND or "tmpl-final-round"
    DINGTALK_APP_KEY = Config.DINGTALK_APP_KEY or "ding-emulator-appkey"
    DINGTALK_APP_SECRET = Config.DINGTALK_APP_SECRET or "ding-emulator-appsecret"
    DINGTALK_AGENT_ID = Config.DINGTALK_AGENT_ID or "1000001"
    DINGTALK_API_BASE_URL = Config.DINGTALK_API_BASE_URL or "http://127.0.0.1:8902"
    DINGTALK_OPENAPI_BASE_URL = Config.DINGTALK_OPENAPI_BASE_URL or "http://127.0.0.1:8902"
    SECRET_KEY = Config.SECRET_KEY or DEV_SECRET_KEY
    DATA_ENCRYPTION_KEY = Config.DATA_ENCRYPTION_KEY or DEV_DATA_KEY
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)  # plain http://127.0.0.1


class TestConfig(Config):
    APP_ENV = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    DATA_ENCRYPTION_KEY = base64.b64encode(b"test-data-encryption-key-32bytes").decode()
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite://")
    REDIS_URL = _env("TEST_REDIS_URL")
    WECHAT_DEV_LOGIN = False
    LOGIN_ATTEMPTS_PER_MINUTE = 5
    # Tests edit questions and delete candidates between requests; tests of the cache set it.
    HOT_CACHE_TTL_S = 0
    WECHAT_TEMPLATE_INVITATION = "tmpl-invitation"
    WECHAT_TEMPLATE_REPORT_READY = "tmpl-report-ready"
    WECHAT_TEMPLATE_FINAL_ROUND = "tmpl-final-round"
    SESSION_COOKIE_SECURE = False  # the browser tests serve plain HTTP
    # Tests that count messages must not meet a digest sent by a worker's maintenance pass.
    DINGTALK_DIGEST_HOUR = 24
    ANALYTICS_FLAGS_HOUR = 24


def config_for_env(env: str | None = None) -> type[Config]:
    env = env or _env("APP_ENV", "production")
    return {"development": DevelopmentConfig, "test": TestConfig}.get(env, Config)


def check_config(config: dict) -> None:
    """Fail at start, naming the setting, rather than at the first request that needs it."""
    env = config.get("APP_ENV")
    if env == "production":
        missing = [
            name
            for name in Config.REQUIRED_IN_PRODUCTION
            if not (config.get(name) or (name == "DATABASE_URL" and _env("DATABASE_URL")))
        ]
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
