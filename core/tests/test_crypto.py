import base64

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core import crypto


def test_encryption_round_trips_and_never_repeats_a_ciphertext():
    first, second = crypto.encrypt("13812345678"), crypto.encrypt("13812345678")
    assert first != second
    assert "13812345678" not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == "13812345678"


def test_a_tampered_ciphertext_is_refused(settings):
    token = crypto.encrypt("15052119900101123X")
    header, _, payload = token.rpartition(":")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[15] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(f"{header}:{base64.urlsafe_b64encode(bytes(raw)).decode()}")
    settings.FIELD_ENCRYPTION_KEYS = {"1": settings.FIELD_ENCRYPTION_KEY, "2": settings.FIELD_ENCRYPTION_KEY}
    with pytest.raises(InvalidTag):  # the key id is bound to the value too
        crypto.decrypt(token.replace("v2:1:", "v2:2:"))


def test_blind_index_is_stable_and_separates_kinds():
    assert crypto.blind_index("mobile", "13812345678") == crypto.blind_index("mobile", "13812345678")
    assert crypto.blind_index("mobile", "13812345678") != crypto.blind_index("id:resident", "13812345678")


def test_a_different_key_gives_a_different_index(settings):
    settings.FIELD_BLIND_INDEX_KEY = None
    before = crypto.blind_index("mobile", "13812345678")
    settings.FIELD_ENCRYPTION_KEY = b"k" * 32
    assert crypto.blind_index("mobile", "13812345678") != before


OLD, NEW = b"o" * 32, b"n" * 32


@pytest.fixture
def rotated(settings):
    """The key ring after a rotation: key 2 is current, key 1 still opens what it sealed."""
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEY_ID = OLD, "1"
    settings.FIELD_ENCRYPTION_KEYS = {"1": OLD}
    settings.FIELD_BLIND_INDEX_KEY = None
    before = crypto.encrypt("13812345678"), crypto.blind_index("mobile", "13812345678")
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEY_ID = NEW, "2"
    settings.FIELD_ENCRYPTION_KEYS = {"1": OLD, "2": NEW}
    settings.FIELD_BLIND_INDEX_KEY = OLD
    return before


def test_a_value_names_its_key_and_any_key_of_the_ring_opens_it(rotated, settings):
    sealed_before, _ = rotated
    assert crypto.key_id_of(sealed_before) == "1"
    sealed_now = crypto.encrypt("13812345678")
    assert sealed_now.startswith("v2:2:") and crypto.key_id_of(sealed_now) == "2"
    assert crypto.decrypt(sealed_before) == crypto.decrypt(sealed_now) == "13812345678"
    settings.FIELD_ENCRYPTION_KEYS = {"2": NEW}  # the old key removed too early
    with pytest.raises(crypto.UnknownKey, match="sealed with field key '1', which is neither"):
        crypto.decrypt(sealed_before)
    assert crypto.decrypt(sealed_now) == "13812345678"


def test_values_sealed_before_key_ids_still_open(rotated):
    nonce = b"\x01" * 12
    sealed = AESGCM(crypto._subkey(OLD, b"encrypt")).encrypt(nonce, b"15052119900101123X", b"v1")
    legacy = f"v1:{base64.urlsafe_b64encode(nonce + sealed).decode()}"  # as the first version wrote them
    assert crypto.key_id_of(legacy) == "v1"
    assert crypto.decrypt(legacy) == "15052119900101123X"


def test_the_blind_index_keeps_its_key_when_the_field_key_rotates(rotated):
    _, index_before = rotated
    assert crypto.blind_index("mobile", "13812345678") == index_before
