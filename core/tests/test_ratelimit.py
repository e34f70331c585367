"""The client address every rate limit and the lockout use, and the registration limit behind the proxy."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from core.env import ImproperSetting, env_networks
from core.ratelimit import client_ip

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/6"


def ip(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_connecting_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert ip("198.51.100.7") == "198.51.100.7"
    assert ip("198.51.100.7", "203.0.113.1") == "198.51.100.7"  # a header anyone can send is ignored


def test_behind_a_trusted_proxy_the_forwarded_client_is_taken(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert ip("10.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert ip("10.0.0.1") == "10.0.0.1"  # the proxy said nothing: the proxy it is


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(settings):
    """The proxy appends what it saw; what the client wrote stands to the left and is not believed."""
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert ip("10.0.0.1", "1.2.3.4, 198.51.100.7") == "198.51.100.7"
    assert ip("198.51.100.9", "10.0.0.1") == "198.51.100.9"  # not through the proxy: header ignored


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.168.5.5"]
    assert ip("10.0.0.2", "1.2.3.4, 198.51.100.7, 192.168.5.5, 10.0.0.9") == "198.51.100.7"
    assert ip("10.0.0.2", "2001:db8::1") == "2001:db8::1"


def test_a_malformed_header_never_becomes_an_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert ip("10.0.0.1", "not-an-address") == "10.0.0.1"
    assert ip("10.0.0.1", "<script>, 198.51.100.7") == "198.51.100.7"


def test_trusted_proxies_are_read_and_checked_at_start_up(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16, ::1")
    assert env_networks("TRUSTED_PROXIES", []) == ["10.0.0.1/32", "10.1.0.0/16", "::1/128"]
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1,proxy.local")
    with pytest.raises(ImproperSetting, match="proxy.local"):
        env_networks("TRUSTED_PROXIES", [])


def registration(n):
    return {"name": "那仁", "phone": f"1351234{n:04d}", "password": "short", "id_number": "x", "consent": "on"}


def test_the_registration_limit_counts_clients_behind_the_proxy_apart(world, client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(10):
        response = client.post(
            reverse("people:join"), registration(n), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
        assert response.status_code == 200
    again = dict(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client.post(reverse("people:join"), registration(11), **again).status_code == 429
    other = dict(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert client.post(reverse("people:join"), registration(12), **other).status_code == 200


def redis_reachable() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running at 127.0.0.1:6379")
def test_two_processes_share_the_registration_limit_in_redis(world, client, settings):
    """Ten registrations from this process, the eleventh from another Python process: refused, because
    both count in Redis (as every web process does when REDIS_URL is set)."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    for n in range(10):
        assert client.post(reverse("people:join"), registration(n), REMOTE_ADDR="198.51.100.70").status_code == 200
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.conf import settings\n"
        f"settings.CACHES['default']['KEY_PREFIX'] = {prefix!r}\n"
        "print(Client().post('/join/', {'name': 'x'}, REMOTE_ADDR='198.51.100.70').status_code)\n"
    )
    env = {**os.environ, "REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "qianniu.settings"}
    other = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert other.stdout.strip().splitlines()[-1] == "429"
    assert client.post(reverse("people:join"), registration(11), REMOTE_ADDR="198.51.100.71").status_code == 200
    cache.clear()  # database 6 of Redis is this test's own
