import pytest

from qianniu.env import ImproperSetting, database_from_url, development_secrets, encryption_key, env_bool, env_int


def test_env_bool_fails_loudly_on_nonsense(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperSetting, match="DEBUG"):
        env_bool("DEBUG", False)


def test_env_bool_and_int_read_values(monkeypatch):
    monkeypatch.setenv("DEBUG", "Yes")
    monkeypatch.setenv("WORKERS", "4")
    assert env_bool("DEBUG", False) is True
    assert env_int("WORKERS", 1) == 4
    monkeypatch.setenv("WORKERS", "four")
    with pytest.raises(ImproperSetting):
        env_int("WORKERS", 1)


def test_database_url_for_postgres():
    config = database_from_url("postgres://qn:s%40cret@db.example:6432/qianniu")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "qn",
        "s@cret",
        "db.example",
        "6432",
        "qianniu",
    )


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://host:5432/", "sqlite://"])
def test_database_url_refuses_what_it_cannot_serve(url):
    with pytest.raises(ImproperSetting):
        database_from_url(url)


def test_encryption_key_must_be_32_bytes():
    with pytest.raises(ImproperSetting):
        encryption_key("c2hvcnQ=", "FIELD_ENCRYPTION_KEY")


def test_development_secrets_are_made_once_and_kept(tmp_path):
    first = development_secrets(tmp_path)
    assert development_secrets(tmp_path) == first
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o077 == 0
    assert len(encryption_key(first["FIELD_ENCRYPTION_KEY"], "k")) == 32
