import base64

import pytest
from cryptography.exceptions import InvalidTag

from qianniu import crypto


def test_encryption_round_trips_and_never_repeats_a_ciphertext():
    first, second = crypto.encrypt("13812345678"), crypto.encrypt("13812345678")
    assert first != second
    assert "13812345678" not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == "13812345678"


def test_a_tampered_ciphertext_is_refused():
    token = crypto.encrypt("15052119900101123X")
    version, payload = token.split(":")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[15] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(f"{version}:{base64.urlsafe_b64encode(bytes(raw)).decode()}")


def test_blind_index_is_stable_and_separates_kinds():
    assert crypto.blind_index("mobile", "13812345678") == crypto.blind_index("mobile", "13812345678")
    assert crypto.blind_index("mobile", "13812345678") != crypto.blind_index("id:resident", "13812345678")


def test_a_different_key_gives_a_different_index(settings):
    before = crypto.blind_index("mobile", "13812345678")
    settings.FIELD_ENCRYPTION_KEY = b"k" * 32
    assert crypto.blind_index("mobile", "13812345678") != before
