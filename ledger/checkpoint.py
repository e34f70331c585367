"""Signed checkpoints of the ledger: each county's entry count and last hash at a moment, one JSON line each,
signed with Ed25519. Plain Python, no Django.

The checkpoints are written to files that leave the machine (docs/deploy.md), so a database rewritten
wholesale — entries and heads deleted, or the whole chain recomputed by someone who holds the ledger key —
no longer matches what was certified earlier. The signing key is derived from the ledger key, so there is no
second secret to keep; its public half is all a verifier needs to check that a file was not edited, and it
cannot sign. (An HMAC would make every verifier a possible forger.)"""

import base64
import hashlib
import json
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT = 1


@dataclass(frozen=True)
class Checkpoint:
    county: str  # the county's code
    seq: int  # the last entry's place in the chain
    count: int  # entries up to it
    hash: str  # the last entry's hash
    at: str  # when, ISO 8601 UTC


def signing_key(ledger_key: bytes) -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"qianniu ledger checkpoint ed25519")
    return Ed25519PrivateKey.from_private_bytes(seed.derive(ledger_key))


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.urlsafe_b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode())
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise ValueError("a public key is 32 bytes in URL-safe base64 (44 characters)") from None


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def _compact(record: dict) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signed_line(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> str:
    """One line of a checkpoint file: the record, the id of the key that signed it, and the signature over
    the record's compact JSON with sorted keys (without "sig")."""
    record = {"v": FORMAT, **asdict(checkpoint), "key": key_id(key.public_key())}
    signature = key.sign(_compact(record).encode())
    return _compact({**record, "sig": base64.urlsafe_b64encode(signature).decode()})


def read(lines, key: Ed25519PublicKey, *, source: str = "") -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints of a file whose signatures hold, and a problem for every line that does not."""
    checkpoints, problems = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}".strip()
        try:
            record = json.loads(line)
            signature = base64.urlsafe_b64decode(record.pop("sig").encode())
            fields = {name: record[name] for name in Checkpoint.__dataclass_fields__}
        except (ValueError, KeyError, AttributeError, TypeError):
            problems.append(f"{where}: not a checkpoint")
            continue
        if record.get("key") != key_id(key):
            problems.append(f"{where}: signed with another key ({record.get('key')})")
            continue
        try:
            key.verify(signature, _compact(record).encode())
        except InvalidSignature:
            problems.append(f"{where}: the signature does not match: the line was edited")
            continue
        checkpoints.append(Checkpoint(**fields))
    return checkpoints, problems
