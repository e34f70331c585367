"""The data migration that re-chains installed ledgers (plain SHA-256 before) with the keyed HMAC."""

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ledger import chain
from ledger.models import ChainHead, LedgerEntry
from ledger.services import chain_verify
from ledger.tests.test_ledger import tamper
from ledger.tests.test_tamper import LEGACY_FIELDS, record, sha256_forgery

SQLITE_TRIGGER = importlib.import_module("ledger.migrations.0009_hmac_chain").SQLITE_TRIGGER
BEFORE = [("ledger", "0008_reversed_once_message")]


@pytest.fixture(autouse=True)
def append_only_kept():
    """These tests commit; on SQLite `tamper` drops the refusal of UPDATE for good, so put it back."""
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'ledger_entry_no_update'")
            if cursor.fetchone() is None:
                cursor.execute(SQLITE_TRIGGER)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def old_schema_chain_verify(region):
    """chain_verify over the columns the schema before the keyed chain has (an entry with no source hashes as
    one from before the source columns)."""
    entries = LedgerEntry.objects.filter(region=region).order_by("seq", "pk")
    head = ChainHead.objects.filter(region=region).values_list("seq", "hash").first()
    rows = entries.values("seq", "prev_hash", "hash", *chain.CHAINED_FIELDS)
    return chain.first_break(rows, key=settings.LEDGER_HMAC_KEY, head=head)


def sha256_chain_intact(region) -> bool:
    prev = "0" * 64
    # The columns of the schema before the keyed chain only: later ones (the entry's source) are not there yet.
    entries = LedgerEntry.objects.filter(region=region).order_by("seq")
    for entry in entries.values("prev_hash", "hash", *LEGACY_FIELDS):
        if entry["prev_hash"] != prev or sha256_forgery(prev, entry) != entry["hash"]:
            return False
        prev = entry["hash"]
    return ChainHead.objects.get(region=region).hash == prev


@pytest.mark.django_db(transaction=True)
def test_an_installed_sha256_ledger_is_rechained_with_the_key(world):
    for hours in ("1", "2", "3"):
        record(world, hours)
    migrate(BEFORE)  # back to the plain chain of earlier versions
    assert sha256_chain_intact(world.county)
    assert old_schema_chain_verify(world.county).why == "its content was changed"

    migrate(None)
    assert chain_verify(world.county) is None
    assert not sha256_chain_intact(world.county)
    head = ChainHead.objects.get(region=world.county)
    assert (head.seq, head.hash) == (3, LedgerEntry.objects.get(region=world.county, seq=3).hash)
    record(world, "4")  # appending goes on from the new head
    assert chain_verify(world.county) is None


@pytest.mark.django_db(transaction=True)
def test_a_broken_chain_is_not_rechained_over(world):
    entries = [record(world, hours) for hours in ("1", "2", "3")]
    migrate(BEFORE)
    tamper("UPDATE ledger_ledgerentry SET hours = 30 WHERE id = %s", [entries[1].pk])
    with pytest.raises(Exception, match=r"county 150521 is broken under its SHA-256 chain: entry 2 was changed"):
        migrate(None)
    assert sha256_chain_intact(world.county) is False  # left as it was: still the plain chain, still broken
    first_hash = LedgerEntry.objects.values_list("hash", flat=True).get(pk=entries[0].pk)
    assert first_hash == sha256_forgery("0" * 64, entries[0].__dict__)
    tamper("UPDATE ledger_ledgerentry SET hours = 2 WHERE id = %s", [entries[1].pk])  # the backup's value
    migrate(None)
    assert chain_verify(world.county) is None
