"""Read settings from environment variables, failing loudly on values that make no sense."""

import base64
import ipaddress
import json
import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit


class ImproperSetting(Exception):
    pass


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperSetting(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperSetting(f"{name}={value!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL (postgres://user:pass@host:port/name or sqlite:///path) into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql"}:
        name = parts.path.lstrip("/")
        if not name:
            raise ImproperSetting(f"DATABASE_URL={url!r} names no database")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": f"test_{unquote(name)}"},
        }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path:
            raise ImproperSetting(f"DATABASE_URL={url!r} names no file")
        return sqlite_database(Path(path))
    raise ImproperSetting(f"DATABASE_URL={url!r}: only postgres:// and sqlite:// are supported")


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def development_secrets(directory: Path) -> dict:
    """Secrets for a machine without configuration: made once, kept outside the repository. A secret added
    in a later version is made and added to the file the first time it is missing."""
    path = directory / "dev-secrets.json"
    values = json.loads(path.read_text()) if path.exists() else {}
    makers = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "LEDGER_HMAC_KEY": lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    missing = [name for name in makers if name not in values]
    if not missing:
        return values
    values.update({name: makers[name]() for name in missing})
    directory.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # processes starting together do not share one
    tmp.write_text(json.dumps(values))
    tmp.chmod(0o600)
    tmp.replace(path)
    return values


def encryption_key(value: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(value.encode())
    except (ValueError, TypeError):
        key = b""
    if len(key) != 32:
        raise ImproperSetting(f"{name} must be 32 bytes encoded as URL-safe base64 (44 characters)")
    return key


KEY_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
DEFAULT_KEY_ID = "1"


def key_with_id(value: str, name: str) -> tuple[str, bytes]:
    """`ID:KEY` or a bare `KEY` (its id is then "1"); a key is 32 bytes in URL-safe base64, which has no colon."""
    key_id, colon, key = value.rpartition(":")
    if not colon:
        key_id = DEFAULT_KEY_ID
    if not key_id or len(key_id) > 16 or not set(key_id) <= KEY_ID_CHARACTERS:
        raise ImproperSetting(f"{name}: a key id is 1 to 16 letters, digits, '-' or '_' before a colon")
    return key_id, encryption_key(key.strip(), name)


def key_ring(current: str, older: list[str]) -> tuple[str, dict[str, bytes]]:
    """The current field-encryption key's id and every key by id (FIELD_ENCRYPTION_KEY, FIELD_ENCRYPTION_KEYS).
    Two different keys under one id would make old values unreadable, so they are refused."""
    current_id, current_key = key_with_id(current, "FIELD_ENCRYPTION_KEY")
    ring = {current_id: current_key}
    for item in older:
        key_id, key = key_with_id(item, "FIELD_ENCRYPTION_KEYS")
        if key_id in ring and ring[key_id] != key:
            raise ImproperSetting(
                f"FIELD_ENCRYPTION_KEYS: key id {key_id!r} is used by two different keys; give the new key its own "
                "id (FIELD_ENCRYPTION_KEY=2:...)"
            )
        ring[key_id] = key
    return current_id, ring


def env_hours(name: str, default: dict[str, int]) -> dict[str, int]:
    """A mapping like "crisis=2,urgent=24" of names to whole hours; names not given keep their default."""
    value = env_str(name)
    if value is None:
        return dict(default)
    hours = dict(default)
    for item in value.split(","):
        key, _, number = item.partition("=")
        key = key.strip()
        if key not in default or not number.strip().isdigit() or int(number) <= 0:
            raise ImproperSetting(f"{name}: {item!r} is not one of {sorted(default)}=<hours>")
        hours[key] = int(number)
    return hours


def env_map(name: str, default: dict[str, str]) -> dict[str, str]:
    """A mapping like "task_offered=SMS_1,crisis=SMS_2,*=SMS_0" of names to values (given whole: the default is
    used only when the variable is unset)."""
    value = env_str(name)
    if value is None:
        return dict(default)
    mapping = {}
    for item in value.split(","):
        if not item.strip():
            continue
        key, equals, text = (part.strip() for part in item.partition("="))
        if not key or not equals or not text:
            raise ImproperSetting(f"{name}: {item!r} is not <name>=<value>")
        if key in mapping:
            raise ImproperSetting(f"{name}: {key!r} is given twice")
        mapping[key] = text
    return mapping


def env_networks(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks (10.0.0.5, 10.0.0.0/24, ::1); each is checked and
    written in its canonical form, a single address as a /32 (or /128) network."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperSetting(f"{name}: {item!r} is not an IP address or network") from None
    return networks
