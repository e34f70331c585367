"""The keyed chain of a county's ledger, and the rounding of service time. Plain Python, no Django.

Each entry's hash is an HMAC-SHA256, under the ledger key, of the hash before it and of every field the record
rules fix (《志愿服务记录与证明出具办法》 Art. 7: volunteer, kind, activity, date, place, content, hours, organiser,
lead) with who recorded it and when, what it reverses and why, the attendance it comes from, the late flag, its
place in the chain and its county, and, for hours that come from elsewhere (a home-service task), that source.
Without the key nobody can make an entry that verifies; the last hash is also kept as the county's head, so
entries removed from the end show too."""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq", "region_id", "volunteer_id", "kind", "activity_name", "on", "place", "content", "hours", "organiser",
    "lead", "recorded_at", "recorded_by_id", "reverses_id", "reason", "attendance_id", "late",
)  # fmt: skip
# Where the hours come from when not from an activity's attendance (a kind and a reference, e.g. a needs task).
# Chained only when set, so the entries written before these fields existed keep their hashes.
SOURCE_FIELDS = ("source_kind", "source_ref")


def canonical(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def entry_hash(key: bytes, prev_hash: str, fields: dict) -> str:
    chained = {name: canonical(fields[name]) for name in CHAINED_FIELDS}
    chained |= {name: fields[name] for name in SOURCE_FIELDS if fields.get(name) is not None}
    payload = json.dumps(chained, ensure_ascii=False, sort_keys=True)
    return hmac.new(key, f"qianniu-ledger-v2|{prev_hash}|{payload}".encode(), hashlib.sha256).hexdigest()


@dataclass
class Break:
    seq: int
    why: str


def first_break(entries, *, key: bytes, head: tuple[int, str] | None) -> Break | None:
    """Walk a county's entries in stored order; name the first that does not follow from the one before:
    a changed entry (its hash), a deleted one (a gap), an inserted or reordered one (its link). Then compare
    the last with the stored head (seq, hash): entries deleted from the end, or all of them, show there."""
    prev_hash, expected_seq = GENESIS, 1
    for fields in entries:
        if fields["seq"] != expected_seq:
            return Break(fields["seq"], f"expected entry {expected_seq}, found {fields['seq']}")
        if fields["prev_hash"] != prev_hash:
            return Break(fields["seq"], "does not link to the entry before it")
        if not hmac.compare_digest(entry_hash(key, prev_hash, fields), fields["hash"]):
            return Break(fields["seq"], "its content was changed")
        prev_hash, expected_seq = fields["hash"], expected_seq + 1
    last_seq = expected_seq - 1
    if head is None:
        return Break(last_seq, "is the last entry but the county has no stored head") if last_seq else None
    head_seq, head_hash = head
    if head_seq > last_seq:
        return Break(last_seq + 1, f"is missing: the chain ends at entry {last_seq}, its head is at entry {head_seq}")
    if head_seq < last_seq:
        return Break(head_seq + 1, f"is beyond the stored head at entry {head_seq}")
    if head_hash != prev_hash:
        return Break(last_seq, "is the last entry but the stored head has another hash")
    return None


def service_hours(start: datetime.datetime, end: datetime.datetime, *, step_minutes: int) -> Decimal:
    """Actual service time in hours, rounded down to whole steps (30 minutes: 1h40 → 1.5)."""
    minutes = max((end - start).total_seconds() // 60, 0)
    steps = int(minutes // step_minutes)
    return (Decimal(steps * step_minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
