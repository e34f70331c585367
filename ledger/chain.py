"""The hash chain of a county's ledger, and the rounding of service time. Plain Python, no Django."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq", "volunteer_id", "kind", "activity_name", "on", "place", "content", "hours", "organiser", "lead",
    "recorded_at", "recorded_by_id", "reverses_id", "reason",
)  # fmt: skip


def canonical(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def entry_hash(prev_hash: str, fields: dict) -> str:
    payload = json.dumps({name: canonical(fields[name]) for name in CHAINED_FIELDS}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


@dataclass
class Break:
    seq: int
    why: str


def first_break(entries) -> Break | None:
    """Walk a county's entries in stored order; name the first that does not follow from the one before:
    a changed entry (its hash), a deleted one (a gap), an inserted or reordered one (its link)."""
    prev_hash, expected_seq = GENESIS, 1
    for fields in entries:
        if fields["seq"] != expected_seq:
            return Break(fields["seq"], f"expected entry {expected_seq}, found {fields['seq']}")
        if fields["prev_hash"] != prev_hash:
            return Break(fields["seq"], "does not link to the entry before it")
        if entry_hash(prev_hash, fields) != fields["hash"]:
            return Break(fields["seq"], "its content was changed")
        prev_hash, expected_seq = fields["hash"], expected_seq + 1
    return None


def service_hours(start: datetime.datetime, end: datetime.datetime, *, step_minutes: int) -> Decimal:
    """Actual service time in hours, rounded down to whole steps (30 minutes: 1h40 → 1.5)."""
    minutes = max((end - start).total_seconds() // 60, 0)
    steps = int(minutes // step_minutes)
    return (Decimal(steps * step_minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
