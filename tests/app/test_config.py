import base64
import re

import pytest

from app import create_app
from app.config import Config, check_config, load_config
from app.errors import ConfigError
from tests.conftest import ROOT

PRODUCTION_SETTINGS = Config.REQUIRED_IN_PRODUCTION


def test_production_start_names_every_missing_setting(monkeypatch):
    for name in ("SECRET_KEY", "DATA_ENCRYPTION_KEY", "DATABASE_URL", "REDIS_URL", "WECHAT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as excinfo:
        create_app({"APP_ENV": "production"})
    message = str(excinfo.value)
    for name in ("SECRET_KEY", "DATA_ENCRYPTION_KEY", "DATABASE_URL", "REDIS_URL", "WECHAT_SECRET"):
        assert name in message


def test_development_login_is_refused_outside_development(tmp_path):
    with pytest.raises(ConfigError, match="WECHAT_DEV_LOGIN"):
        create_app(
            {
                "APP_ENV": "test",
                "WECHAT_DEV_LOGIN": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db",
            }
        )


def test_bad_encryption_key_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="32 bytes"):
        create_app(
            {
                "APP_ENV": "test",
                "DATA_ENCRYPTION_KEY": "c2hvcnQ=",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db",
            }
        )


def test_unset_database_url_defaults_to_sqlite_under_instance():
    url = load_config("production", environ={}).SQLALCHEMY_DATABASE_URI
    assert url.startswith("sqlite:///") and "instance" in url


def test_mysql_url_gets_utf8mb4():
    environ = {"DATABASE_URL": "mysql+pymysql://root@127.0.0.1/app"}
    url = load_config("production", environ=environ).SQLALCHEMY_DATABASE_URI
    assert url.endswith("?charset=utf8mb4")


def test_settings_are_read_when_the_app_is_created_not_at_import(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDIO_RETENTION_DAYS", "7")
    app = create_app({"APP_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"})
    assert app.config["AUDIO_RETENTION_DAYS"] == 7


def test_production_check_reads_the_given_settings_not_the_environment(monkeypatch):
    for name in PRODUCTION_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    given = dict.fromkeys(PRODUCTION_SETTINGS, "set")
    given["DATA_ENCRYPTION_KEY"] = base64.b64encode(b"k" * 32).decode()
    check_config({"APP_ENV": "production", **given})  # no DATABASE_URL in the environment
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        check_config({"APP_ENV": "production", **given, "DATABASE_URL": None})


def _readme_settings() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}


# Read by a library rather than by Config, and documented because operators set them.
READ_ELSEWHERE = {"PROMETHEUS_MULTIPROC_DIR"}


def test_readme_settings_table_lists_exactly_the_settings_config_reads():
    read = set(load_config("production", environ={}).env.names)
    documented = _readme_settings()
    assert sorted(read - documented) == [], "settings Config reads that the README omits"
    assert sorted(documented - read - READ_ELSEWHERE) == [], "README settings nothing reads"
