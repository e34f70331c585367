"""Re-chain every county's ledger with the keyed HMAC (LEDGER_HMAC_KEY) in place of the plain SHA-256 chain.

Each chain is verified under its old hash first, head included. A chain that is already broken is not
re-chained, since that would hide the break: the migration stops, names the county and the entry, and changes
nothing. Restore the ledger from a backup taken before the break, then migrate again.

Both hash functions are frozen here, as they were when this migration was written, so that a later change of
`ledger/chain.py` does not change what this step computes."""

import datetime
import hashlib
import hmac
import json
from decimal import Decimal

from django.conf import settings
from django.db import migrations

GENESIS = "0" * 64
BATCH = 1000
SHA256_FIELDS = (
    "seq", "volunteer_id", "kind", "activity_name", "on", "place", "content", "hours", "organiser", "lead",
    "recorded_at", "recorded_by_id", "reverses_id", "reason",
)  # fmt: skip
HMAC_FIELDS = (
    "seq", "region_id", "volunteer_id", "kind", "activity_name", "on", "place", "content", "hours", "organiser",
    "lead", "recorded_at", "recorded_by_id", "reverses_id", "reason", "attendance_id", "late",
)  # fmt: skip
SQLITE_TRIGGER = """
    CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (UPDATE refused)'); END;
"""


class BrokenChain(Exception):
    pass


def canonical(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def payload(entry, names):
    return json.dumps({name: canonical(getattr(entry, name)) for name in names}, ensure_ascii=False, sort_keys=True)


def sha256_hash(prev_hash, entry):
    return hashlib.sha256(f"{prev_hash}|{payload(entry, SHA256_FIELDS)}".encode()).hexdigest()


def hmac_hash(prev_hash, entry):
    message = f"qianniu-ledger-v2|{prev_hash}|{payload(entry, HMAC_FIELDS)}"
    return hmac.new(settings.LEDGER_HMAC_KEY, message.encode(), hashlib.sha256).hexdigest()


class AppendOnlyOff:
    """Lift the database's refusal of UPDATE on the ledger for this transaction only."""

    def __init__(self, schema_editor):
        self.schema_editor, self.vendor = schema_editor, schema_editor.connection.vendor

    def has_trigger(self, name):
        with self.schema_editor.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [name])
            else:
                cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
            return cursor.fetchone() is not None

    def __enter__(self):
        if self.vendor == "postgresql":
            self.lifted = self.has_trigger("ledger_entry_append_only")
            if self.lifted:
                self.schema_editor.execute("ALTER TABLE ledger_ledgerentry DISABLE TRIGGER ledger_entry_append_only")
        elif self.vendor == "sqlite":
            self.lifted = self.has_trigger("ledger_entry_no_update")
            if self.lifted:
                self.schema_editor.execute("DROP TRIGGER ledger_entry_no_update")

    def __exit__(self, *exc):
        if self.lifted and self.vendor == "postgresql":
            self.schema_editor.execute("ALTER TABLE ledger_ledgerentry ENABLE TRIGGER ledger_entry_append_only")
        elif self.lifted and self.vendor == "sqlite":
            self.schema_editor.execute(SQLITE_TRIGGER)


def store(connection, batch):
    """One UPDATE for the batch (bulk_update's CASE grows with the square of the batch on SQLite)."""
    rows = ", ".join(["(%s, %s, %s)"] * len(batch))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH new (id, prev_hash, hash) AS (VALUES {rows}) "
            "UPDATE ledger_ledgerentry SET prev_hash = new.prev_hash, hash = new.hash "
            "FROM new WHERE ledger_ledgerentry.id = new.id",
            [value for entry in batch for value in (entry.pk, entry.prev_hash, entry.hash)],
        )


def rechain(apps, schema_editor, *, old, new, old_name):
    LedgerEntry = apps.get_model("ledger", "LedgerEntry")
    ChainHead = apps.get_model("ledger", "ChainHead")
    Region = apps.get_model("regions", "Region")
    counties = set(LedgerEntry.objects.values_list("region_id", flat=True))
    counties |= set(ChainHead.objects.values_list("region_id", flat=True))
    if not counties:
        return
    with AppendOnlyOff(schema_editor):
        for region_id in sorted(counties):
            code = Region.objects.get(pk=region_id).code

            def refuse(seq, why, code=code):
                raise BrokenChain(
                    f"the ledger of county {code} is broken under its {old_name} chain: entry {seq} {why}. It is not "
                    "re-chained over a break, which would hide it. Restore the ledger from a backup taken before the "
                    "break (`manage.py verify_ledger` of the previous version names it), then migrate again."
                )

            old_prev = new_prev = GENESIS
            last_seq = 0
            while True:
                batch = list(LedgerEntry.objects.filter(region_id=region_id, seq__gt=last_seq).order_by("seq")[:BATCH])
                if not batch:
                    break
                for entry in batch:
                    if entry.seq != last_seq + 1:
                        refuse(last_seq + 1, f"is missing (found {entry.seq})")
                    if entry.prev_hash != old_prev or old(old_prev, entry) != entry.hash:
                        refuse(entry.seq, "was changed")
                    old_prev, last_seq = entry.hash, entry.seq
                    entry.prev_hash, entry.hash = new_prev, new(new_prev, entry)
                    new_prev = entry.hash
                store(schema_editor.connection, batch)
            head = ChainHead.objects.filter(region_id=region_id).first()
            if head is None or head.seq != last_seq or head.hash != old_prev:
                refuse(last_seq, "is the last entry, but the stored head is elsewhere")
            head.hash = new_prev
            head.save(update_fields=["hash"])


def to_hmac(apps, schema_editor):
    rechain(apps, schema_editor, old=sha256_hash, new=hmac_hash, old_name="SHA-256")


def to_sha256(apps, schema_editor):
    rechain(apps, schema_editor, old=hmac_hash, new=sha256_hash, old_name="HMAC")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0008_reversed_once_message"), ("regions", "0001_initial")]
    operations = [migrations.RunPython(to_hmac, to_sha256)]
