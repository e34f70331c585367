import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.env import (
    ImproperSetting,
    database_from_url,
    development_secrets,
    encryption_key,
    env_bool,
    env_int,
    key_ring,
)


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
    with pytest.raises(ImproperSetting, match="WORKERS='four' is not an integer"):
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


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://x@y/z", "only postgres:// and sqlite:// are supported"),
        ("postgres://host:5432/", "names no database"),
        ("sqlite://", "names no file"),
    ],
)
def test_database_url_refuses_what_it_cannot_serve(url, reason):
    with pytest.raises(ImproperSetting, match=reason):
        database_from_url(url)


def test_encryption_key_must_be_32_bytes():
    with pytest.raises(ImproperSetting, match="FIELD_ENCRYPTION_KEY must be 32 bytes"):
        encryption_key("c2hvcnQ=", "FIELD_ENCRYPTION_KEY")


def test_development_secrets_are_made_once_and_kept(tmp_path):
    first = development_secrets(tmp_path)
    assert development_secrets(tmp_path) == first
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o077 == 0
    assert len(encryption_key(first["FIELD_ENCRYPTION_KEY"], "k")) == 32


def test_a_secret_added_later_is_made_and_the_others_kept(tmp_path):
    old = {"SECRET_KEY": "s" * 50, "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(b"f" * 32).decode()}
    (tmp_path / "dev-secrets.json").write_text(json.dumps(old))
    values = development_secrets(tmp_path)
    assert {name: values[name] for name in old} == old
    assert len(encryption_key(values["LEDGER_HMAC_KEY"], "LEDGER_HMAC_KEY")) == 32
    assert development_secrets(tmp_path) == values


KEY_A = base64.urlsafe_b64encode(b"a" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"b" * 32).decode()


def test_the_key_ring_reads_ids_and_keys():
    assert key_ring(KEY_A, []) == ("1", {"1": b"a" * 32})
    assert key_ring(f"2:{KEY_B}", [f"1:{KEY_A}"]) == ("2", {"2": b"b" * 32, "1": b"a" * 32})
    with pytest.raises(ImproperSetting, match="key id '1' is used by two different keys"):
        key_ring(KEY_B, [f"1:{KEY_A}"])  # the new key given without an id would hide the old one
    with pytest.raises(ImproperSetting, match="FIELD_ENCRYPTION_KEYS: a key id is 1 to 16 letters"):
        key_ring(KEY_B, [f"bad id:{KEY_A}"])
    with pytest.raises(ImproperSetting, match="FIELD_ENCRYPTION_KEYS must be 32 bytes"):
        key_ring(KEY_B, ["2:c2hvcnQ="])


def settings_with(**env) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with these variables, as a deployment starts."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [sys.executable, "-c", "import qianniu.settings"],
        env={**keep, **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
    )


def test_production_needs_the_ledger_key(tmp_path):
    production = {
        "QIANNIU_PRODUCTION": "1",
        "SECRET_KEY": "s" * 50,
        "FIELD_ENCRYPTION_KEY": KEY_A,
        "DATABASE_URL": "postgres://qianniu@db/qianniu",
        "QIANNIU_DATA_DIR": str(tmp_path),
    }
    assert "LEDGER_HMAC_KEY must be set" in settings_with(**production).stderr
    assert settings_with(**production, LEDGER_HMAC_KEY=KEY_B).returncode == 0


def test_rotated_field_keys_need_the_blind_index_key_named(tmp_path):
    rotated = {"QIANNIU_DATA_DIR": str(tmp_path), "QIANNIU_SECRETS_DIR": str(tmp_path), "LEDGER_HMAC_KEY": KEY_A}
    rotated |= {"FIELD_ENCRYPTION_KEY": f"2:{KEY_B}", "FIELD_ENCRYPTION_KEYS": f"1:{KEY_A}"}
    assert "FIELD_BLIND_INDEX_KEY must be set once field keys rotate" in settings_with(**rotated).stderr
    assert settings_with(**rotated, FIELD_BLIND_INDEX_KEY=KEY_A).returncode == 0
    del rotated["FIELD_ENCRYPTION_KEYS"]  # the old key removed after `reencrypt_fields`: still needed
    assert "FIELD_BLIND_INDEX_KEY must be set" in settings_with(**rotated).stderr


def test_env_map_reads_names_and_values_and_refuses_nonsense(monkeypatch):
    from core.env import env_map

    assert env_map("QIANNIU_SMS_TEMPLATES", {"*": "SMS_0"}) == {"*": "SMS_0"}
    monkeypatch.setenv("QIANNIU_SMS_TEMPLATES", " task_offered = SMS_1 ,crisis=SMS_2,*=SMS_0,")
    assert env_map("QIANNIU_SMS_TEMPLATES", {}) == {"task_offered": "SMS_1", "crisis": "SMS_2", "*": "SMS_0"}
    for nonsense, reason in [("task_offered", "is not <name>=<value>"), ("a=1,a=2", "'a' is given twice")]:
        monkeypatch.setenv("QIANNIU_SMS_TEMPLATES", nonsense)
        with pytest.raises(ImproperSetting, match=reason):
            env_map("QIANNIU_SMS_TEMPLATES", {})


def test_the_sms_templates_are_read_from_the_environment(tmp_path):
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env = {**keep, "QIANNIU_DATA_DIR": str(tmp_path), "QIANNIU_SECRETS_DIR": str(tmp_path)}
    env["QIANNIU_SMS_TEMPLATES"] = "task_offered=SMS_1,crisis=SMS_2,*=SMS_0"
    code = "import json, qianniu.settings as s; print(json.dumps(s.NOTIFY_SMS_TEMPLATES))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True
    )
    assert json.loads(done.stdout) == {"task_offered": "SMS_1", "crisis": "SMS_2", "*": "SMS_0"}, done.stderr
