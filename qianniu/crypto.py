"""Encryption at rest for sensitive values, and keyed blind indexes for exact lookup.

Values are sealed with AES-256-GCM under a subkey of settings.FIELD_ENCRYPTION_KEY with a random nonce, so
equal values give different ciphertexts. A blind index is an HMAC-SHA256 of the normalised value under a
second subkey: equal values give equal indexes, which allows exact lookup and uniqueness without decryption.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v1"


@functools.cache
def _subkey(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"qianniu " + purpose).derive(master)


def _keys() -> tuple[bytes, bytes]:
    master = settings.FIELD_ENCRYPTION_KEY
    return _subkey(master, b"encrypt"), _subkey(master, b"blind-index")


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_keys()[0]).encrypt(nonce, plain.encode(), VERSION.encode())
    return f"{VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    version, _, payload = token.partition(":")
    if version != VERSION:
        raise ValueError(f"unknown ciphertext version {version!r}")
    raw = base64.urlsafe_b64decode(payload.encode())
    return AESGCM(_keys()[0]).decrypt(raw[:12], raw[12:], VERSION.encode()).decode()


def blind_index(kind: str, value: str) -> str:
    return hmac.new(_keys()[1], f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
