"""Encryption at rest for sensitive values, and keyed blind indexes for exact lookup.

Values are sealed with AES-256-GCM under a subkey of a key of the field-encryption key ring, with a random
nonce, so equal values give different ciphertexts. A ciphertext names the key that sealed it
(`v2:<key id>:<nonce and sealed value>`); new values are sealed with the current key (FIELD_ENCRYPTION_KEY), and
any key of the ring (FIELD_ENCRYPTION_KEYS) opens what it sealed, so keys rotate without downtime and
`manage.py reencrypt_fields` moves old values to the current key. Values sealed before key ids existed
(`v1:...`) are opened by the key of the ring that authenticates them.

A blind index is an HMAC-SHA256 of the normalised value under a subkey of its own key, FIELD_BLIND_INDEX_KEY
(by default the field key): equal values give equal indexes, which allows exact lookup and uniqueness without
decryption. It does not rotate with the field key, or every stored index would stop matching.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v2"
LEGACY_VERSION = "v1"


class UnknownKey(ValueError):
    pass


@functools.cache
def _subkey(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"qianniu " + purpose).derive(master)


@functools.cache
def _sealer(master: bytes) -> AESGCM:
    """The AES-GCM cipher of a key of the ring, made once (it holds no state between messages)."""
    return AESGCM(_subkey(master, b"encrypt"))


def key_ring() -> tuple[str, dict[str, bytes]]:
    """The current key's id, and every key of the ring by id."""
    current = settings.FIELD_ENCRYPTION_KEY_ID
    return current, {**settings.FIELD_ENCRYPTION_KEYS, current: settings.FIELD_ENCRYPTION_KEY}


def current_prefix() -> str:
    """How every value sealed with the current key begins."""
    return f"{VERSION}:{key_ring()[0]}:"


def key_id_of(token: str) -> str:
    """The id of the key that sealed a value, or "v1" for a value sealed before keys had ids."""
    version, _, rest = token.partition(":")
    return rest.partition(":")[0] if version == VERSION else version


def encrypt(plain: str) -> str:
    key_id, ring = key_ring()
    header = f"{VERSION}:{key_id}"
    nonce = os.urandom(12)
    sealed = _sealer(ring[key_id]).encrypt(nonce, plain.encode(), header.encode())
    return f"{header}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    version, _, rest = token.partition(":")
    _current, ring = key_ring()
    if version == VERSION:
        key_id, _, payload = rest.partition(":")
        if key_id not in ring:
            raise UnknownKey(
                f"a value was sealed with field key {key_id!r}, which is neither FIELD_ENCRYPTION_KEY nor in "
                "FIELD_ENCRYPTION_KEYS"
            )
        return _open(ring[key_id], payload, f"{VERSION}:{key_id}")
    if version == LEGACY_VERSION:
        for key in sorted(ring.values(), key=lambda key: key != settings.FIELD_ENCRYPTION_KEY):
            try:
                return _open(key, rest, LEGACY_VERSION)
            except InvalidTag:
                continue
        raise InvalidTag
    raise ValueError(f"unknown ciphertext version {version!r}")


def _open(key: bytes, payload: str, header: str) -> str:
    raw = base64.urlsafe_b64decode(payload.encode())
    return _sealer(key).decrypt(raw[:12], raw[12:], header.encode()).decode()


def blind_index(kind: str, value: str) -> str:
    master = settings.FIELD_BLIND_INDEX_KEY or settings.FIELD_ENCRYPTION_KEY
    mac = _index_mac(master).copy()
    mac.update(f"{kind}:{value}".encode())
    return mac.hexdigest()


@functools.cache
def _index_mac(master: bytes) -> hmac.HMAC:
    """The blind index's HMAC keyed once, copied for each value (keying it costs two hashes)."""
    return hmac.new(_subkey(master, b"blind-index"), digestmod=hashlib.sha256)
