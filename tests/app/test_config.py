import pytest

from app import create_app
from app.errors import ConfigError


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


def test_unset_database_url_defaults_to_sqlite_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from app.config import _database_url

    assert _database_url().startswith("sqlite:///") and "instance" in _database_url()


def test_mysql_url_gets_utf8mb4(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql+pymysql://root@127.0.0.1/app")
    from app.config import _database_url

    assert _database_url().endswith("?charset=utf8mb4")
