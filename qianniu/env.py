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
    """Secrets for a machine without configuration: made once, kept outside the repository."""
    path = directory / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    directory.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    tmp = path.with_suffix(".tmp")
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
