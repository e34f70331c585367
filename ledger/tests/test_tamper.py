"""Tamper probes: what an attacker with the database owner's rights does to the ledger, and how
`verify_ledger` catches it — from the chain and its stored head alone, or with the checkpoint files where the
chain alone cannot (a database rewritten wholesale, even by someone holding the ledger key)."""

import datetime
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ledger import chain, checkpoint
from ledger.models import ChainHead, EntryKind, LedgerEntry
from ledger.services import chain_verify, checkpoint_files, checkpoints_compare, checkpoints_take, entry_append
from ledger.tasks import write_ledger_checkpoint
from ledger.tests.test_ledger import tamper


def record(world, hours, volunteer=None):
    return entry_append(
        volunteer=volunteer or world.volunteer,
        kind=EntryKind.SERVICE,
        by=world.team_leader,
        activity_name="上门探访",
        on=datetime.date(2026, 11, 20),
        place="团结社区",
        content="陪伴聊天",
        hours=Decimal(hours),
        organiser="团结社区牵牛花志愿服务队",
        lead="吴乌兰",
    )


@pytest.fixture
def chain_of_five(world):
    entries = [record(world, str(n)) for n in range(1, 6)]
    record(world, "2", volunteer=world.foreign_volunteer)  # another county, left alone by every probe
    return entries


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_ledger", *args, stdout=out)
    return out.getvalue()


# What the attacker can compute. Without the key: the plain SHA-256 chain the code used before the keyed one
# (its fields and canonical form are in the repository). With the key: the product's own function.
LEGACY_FIELDS = (
    "seq", "volunteer_id", "kind", "activity_name", "on", "place", "content", "hours", "organiser", "lead",
    "recorded_at", "recorded_by_id", "reverses_id", "reason",
)  # fmt: skip


def sha256_forgery(prev_hash, fields):
    payload = json.dumps(
        {name: chain.canonical(fields[name]) for name in LEGACY_FIELDS}, ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def forgery_with_the_key(settings):
    return lambda prev_hash, fields: chain.entry_hash(settings.LEDGER_HMAC_KEY, prev_hash, fields)


def rewrite_chain(region, hasher):
    """Recompute every link and hash of a county and its stored head, as a forger who rewrites it does."""
    prev = chain.GENESIS
    entries = LedgerEntry.objects.filter(region=region).order_by("seq")
    for fields in entries.values("id", "prev_hash", "hash", *chain.CHAINED_FIELDS):
        fields["prev_hash"], fields["hash"] = prev, hasher(prev, fields)
        tamper(
            "UPDATE ledger_ledgerentry SET prev_hash = %s, hash = %s WHERE id = %s",
            [fields["prev_hash"], fields["hash"], fields["id"]],
        )
        prev = fields["hash"]
    ChainHead.objects.filter(region=region).update(seq=entries.count(), hash=prev)


def insert_forged_entry(world, at_seq, hours):
    """Make room at `at_seq` and put a copy of that entry there with other hours."""
    county = world.county.pk
    tamper("UPDATE ledger_ledgerentry SET seq = seq + 1000 WHERE seq >= %s AND region_id = %s", [at_seq, county])
    tamper("UPDATE ledger_ledgerentry SET seq = seq - 999 WHERE seq >= 1000 AND region_id = %s", [county])
    forged = LedgerEntry.objects.get(region=world.county, seq=at_seq + 1)
    forged.pk, forged.seq, forged.hours, forged.hash = None, at_seq, Decimal(hours), "f" * 64
    LedgerEntry.objects.bulk_create([forged])


# --- Caught by the chain and its stored head ---------------------------------------------------------------


def test_an_intact_ledger_passes(world, chain_of_five):
    out = verify()
    assert "150521" in out and "5 entries, chain intact" in out
    assert "620302" in out and "1 entries, chain intact" in out


def test_deleting_the_last_entries_is_caught(world, chain_of_five):
    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s AND seq > %s", [world.county.pk, 3])
    with pytest.raises(CommandError, match=r"150521 .*entry 4 .*head is at entry 5"):
        verify()


def test_deleting_every_entry_is_caught(world, chain_of_five):
    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s", [world.county.pk])
    with pytest.raises(CommandError, match=r"150521 .*entry 1 .*head is at entry 5"):
        verify()


def test_a_deleted_head_is_caught(world, chain_of_five):
    ChainHead.objects.filter(region=world.county).delete()
    with pytest.raises(CommandError, match=r"150521 .*entry 5 is the last entry but the county has no stored head"):
        verify()


def test_an_inserted_entry_whose_hash_was_recomputed_is_caught(world, chain_of_five):
    insert_forged_entry(world, at_seq=3, hours="8")
    rewrite_chain(world.county, sha256_forgery)  # every link and the head follow: a plain hash would pass
    assert LedgerEntry.objects.filter(region=world.county).count() == 6
    with pytest.raises(CommandError, match=r"150521 .*entry 1 its content was changed"):
        verify()


def test_a_flipped_late_flag_is_caught(world, chain_of_five):
    third = chain_of_five[2]
    assert not third.late
    tamper("UPDATE ledger_ledgerentry SET late = %s WHERE id = %s", [True, third.pk])
    assert LedgerEntry.objects.get(pk=third.pk).late
    with pytest.raises(CommandError, match=r"150521 .*entry 3 its content was changed"):
        verify()


def test_the_chain_covers_every_field_the_record_rules_fix():
    """Art. 7: volunteer, kind, activity, date, place, content, hours, organiser, lead; and who recorded it,
    when, what it reverses and why, the attendance it comes from, the late flag, its place and county."""
    assert set(chain.CHAINED_FIELDS) == {
        "seq", "region_id", "volunteer_id", "kind", "activity_name", "on", "place", "content", "hours",
        "organiser", "lead", "recorded_at", "recorded_by_id", "reverses_id", "reason", "attendance_id", "late",
    }  # fmt: skip
    fields = {
        "seq": 3, "region_id": 7, "volunteer_id": 11, "kind": "service", "activity_name": "上门探访",
        "on": datetime.date(2026, 11, 20), "place": "团结社区", "content": "陪伴聊天", "hours": Decimal("2.00"),
        "organiser": "团结社区牵牛花志愿服务队", "lead": "吴乌兰",
        "recorded_at": datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC), "recorded_by_id": 5,
        "reverses_id": None, "reason": "", "attendance_id": None, "late": False,
    }  # fmt: skip
    key = b"k" * 32
    original = chain.entry_hash(key, chain.GENESIS, fields)
    for name in chain.CHAINED_FIELDS:
        changed = {**fields, name: not fields[name] if name == "late" else 99 if fields[name] is None else "x"}
        assert chain.entry_hash(key, chain.GENESIS, changed) != original, name
    assert chain.entry_hash(key, "1" * 64, fields) != original
    assert chain.entry_hash(b"o" * 32, chain.GENESIS, fields) != original


@pytest.mark.parametrize(
    "column, caught",
    [
        ("hours", r"150521 .*entry 3 its content was changed"),
        ("place", r"150521 .*entry 3 its content was changed"),
        ("recorded_by_id", r"150521 .*entry 3 its content was changed"),
        ("reverses_id", r"150521 .*entry 3 its content was changed"),
        ("region_id", r"150521 .*entry 4 expected entry 3"),
    ],
)
def test_a_changed_column_is_caught(world, chain_of_five, column, caught):
    value = {
        "hours": 30,
        "place": "别处",
        "recorded_by_id": world.social_worker.pk,
        "reverses_id": chain_of_five[0].pk,
        "region_id": world.foreign_county.pk,
    }[column]
    tamper(f"UPDATE ledger_ledgerentry SET {column} = %s WHERE id = %s", [value, chain_of_five[2].pk])  # noqa: S608
    with pytest.raises(CommandError, match=caught):
        verify()


# --- Caught only with the checkpoint files ---------------------------------------------------------------


@pytest.fixture
def checkpoints(chain_of_five, tmp_path):
    path = tmp_path / "ledger-checkpoints.jsonl"
    call_command("ledger_checkpoint", "--out", str(path), stdout=io.StringIO())
    assert "5 entries, chain intact" in verify("--checkpoints", str(path))
    return path


def test_a_chain_rebuilt_with_the_key_is_caught_by_the_checkpoints(world, checkpoints, settings):
    insert_forged_entry(world, at_seq=3, hours="8")
    rewrite_chain(world.county, forgery_with_the_key(settings))
    assert "6 entries, chain intact" in verify()  # the chain alone cannot tell
    with pytest.raises(CommandError, match=r"150521 .*entry 5 .*has another hash than the checkpoint"):
        verify("--checkpoints", str(checkpoints))


def test_deleted_last_entries_with_a_rewound_head_are_caught_by_the_checkpoints(world, checkpoints):
    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s AND seq > %s", [world.county.pk, 3])
    third = LedgerEntry.objects.get(region=world.county, seq=3)
    ChainHead.objects.filter(region=world.county).update(seq=3, hash=third.hash)
    assert "3 entries, chain intact" in verify()  # the chain alone cannot tell
    with pytest.raises(CommandError, match=r"150521 .*3 entries, fewer than the 5 of the checkpoint"):
        verify("--checkpoints", str(checkpoints))


def test_a_county_deleted_with_its_head_is_caught_by_the_checkpoints(world, checkpoints):
    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s", [world.county.pk])
    ChainHead.objects.filter(region=world.county).delete()
    assert "150521" not in verify()  # nothing left to verify without a checkpoint
    with pytest.raises(CommandError, match=r"150521 .*0 entries, fewer than the 5 of the checkpoint"):
        verify("--checkpoints", str(checkpoints))


def test_an_edited_checkpoint_file_is_refused(world, checkpoints):
    lines = checkpoints.read_text().splitlines()
    edited = [line.replace('"seq":5', '"seq":3').replace('"count":5', '"count":3') for line in lines]
    assert edited != lines
    checkpoints.write_text("\n".join(edited) + "\n")
    with pytest.raises(CommandError, match=r"line 1: the signature does not match"):
        verify("--checkpoints", str(checkpoints))


def test_a_checkpoint_signed_with_another_key_is_refused(world, chain_of_five, tmp_path, settings):
    path = tmp_path / "other.jsonl"
    key = settings.LEDGER_HMAC_KEY
    settings.LEDGER_HMAC_KEY = b"o" * 32
    call_command("ledger_checkpoint", "--out", str(path), stdout=io.StringIO())
    settings.LEDGER_HMAC_KEY = key
    with pytest.raises(CommandError, match=r"line 1: signed with another key"):
        verify("--checkpoints", str(path))


def test_an_auditor_checks_the_files_with_the_public_key_alone(world, checkpoints):
    out = io.StringIO()
    call_command("ledger_checkpoint", "--public-key", stdout=out)
    public_key = out.getvalue().strip()
    assert len(public_key) == 44
    assert "2 checkpoints of 2 counties match" in verify("--checkpoints", str(checkpoints), "--public-key", public_key)
    someone_else = checkpoint.public_key_text(checkpoint.signing_key(b"o" * 32).public_key())
    with pytest.raises(CommandError, match=r"line 1: signed with another key"):
        verify("--checkpoints", str(checkpoints), "--public-key", someone_else)


def test_the_nightly_job_writes_the_day_s_file_and_verify_reads_the_directory(world, chain_of_five, settings, tmp_path):
    settings.LEDGER_CHECKPOINT_DIR = tmp_path / "checkpoints"
    nightly = write_ledger_checkpoint.task_class()
    assert nightly.validate_datetime(datetime.datetime(2026, 12, 1, 18, 30))  # 02:30 in China
    assert not nightly.validate_datetime(datetime.datetime(2026, 12, 1, 2, 30))
    path = Path(write_ledger_checkpoint.call_local())
    assert path == settings.LEDGER_CHECKPOINT_DIR / f"ledger-{timezone.localdate():%Y-%m-%d}.jsonl"
    assert [json.loads(line)["county"] for line in path.read_text().splitlines()] == ["150521", "620302"]
    record(world, "6")
    write_ledger_checkpoint.call_local()  # a second run the same day appends
    assert len(path.read_text().splitlines()) == 4
    assert "4 checkpoints of 2 counties match" in verify("--checkpoints", str(settings.LEDGER_CHECKPOINT_DIR))

    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s AND seq > %s", [world.county.pk, 4])
    ChainHead.objects.filter(region=world.county).update(
        seq=4, hash=LedgerEntry.objects.get(region=world.county, seq=4).hash
    )
    with pytest.raises(CommandError, match=r"150521 .*4 entries, fewer than the 5 .*\(and 1 later checkpoints\)"):
        verify("--checkpoints", str(settings.LEDGER_CHECKPOINT_DIR))


def test_an_entry_s_source_is_chained_when_it_has_one():
    """Hours from a task name their source; it is chained, and an entry without one hashes as before the source
    columns existed, so installed chains still verify."""
    fields = {
        "seq": 1, "region_id": 7, "volunteer_id": 11, "kind": "service", "activity_name": "上门服务",
        "on": datetime.date(2026, 11, 20), "place": "团结社区", "content": "陪伴聊天", "hours": Decimal("1.50"),
        "organiser": "团结社区", "lead": "苏日娜",
        "recorded_at": datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC), "recorded_by_id": 5,
        "reverses_id": None, "reason": "", "attendance_id": None, "late": False,
    }  # fmt: skip
    key = b"k" * 32
    before = chain.entry_hash(key, chain.GENESIS, fields)
    assert chain.entry_hash(key, chain.GENESIS, fields | {"source_kind": None, "source_ref": None}) == before
    sourced = fields | {"source_kind": "task", "source_ref": "12"}
    assert chain.entry_hash(key, chain.GENESIS, sourced) != before
    assert chain.entry_hash(key, chain.GENESIS, sourced | {"source_ref": "13"}) != chain.entry_hash(
        key, chain.GENESIS, sourced
    )


def test_a_changed_source_is_caught(world):
    entry = entry_append(
        volunteer=world.volunteer,
        kind=EntryKind.SERVICE,
        by=world.social_worker,
        activity_name="上门服务",
        on=timezone.localdate(),
        place="团结社区",
        content="陪伴聊天",
        hours=Decimal("1.5"),
        organiser="团结社区",
        lead="苏日娜",
        source_kind="task",
        source_ref="12",
    )
    assert "chain intact" in verify()
    tamper("UPDATE ledger_ledgerentry SET source_ref = %s WHERE id = %s", ["13", entry.pk])
    with pytest.raises(CommandError, match=r"150521 .*entry 1 its content was changed"):
        verify()


def test_the_nightly_job_logs_each_county_whose_chain_is_broken(world, chain_of_five, settings, tmp_path, caplog):
    settings.LEDGER_CHECKPOINT_DIR = tmp_path / "backup" / "checkpoints"  # made, parents and all
    path = Path(write_ledger_checkpoint.call_local())
    assert not [record for record in caplog.records if record.levelname == "ERROR"]  # an intact chain: silence
    at = json.loads(path.read_text().splitlines()[0])["at"]  # when, in UTC
    taken = datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    assert abs(timezone.now() - taken) < datetime.timedelta(minutes=5)
    tamper("UPDATE ledger_ledgerentry SET hours = 9 WHERE region_id = %s AND seq = 2", [world.county.pk])
    broken = chain_verify(world.county)
    write_ledger_checkpoint.call_local()
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors == [f"ledger chain of 150521 broken: entry 2 {broken.why}"] and broken.seq == 2


def test_a_county_whose_entries_are_all_gone_is_checkpointed_as_empty(world, chain_of_five):
    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s", [world.county.pk])  # the head stays
    taken = {point.county: point for point in checkpoints_take()}
    assert (taken["150521"].seq, taken["150521"].count, taken["150521"].hash) == (0, 0, "")
    assert taken["620302"].count == 1  # the other county is untouched


def test_the_comparison_names_the_county_its_first_failing_checkpoint_and_how_many_follow(world, chain_of_five):
    first = checkpoints_take()  # 150521: five entries
    record(world, "6")
    second = checkpoints_take()  # six
    empty = checkpoint.Checkpoint(county="150521", seq=0, count=0, hash="", at="2026-01-01T00:00:00Z")
    assert checkpoints_compare([empty, *first, *second]) == []
    tamper("DELETE FROM ledger_ledgerentry WHERE region_id = %s AND seq = 3", [world.county.pk])
    county = f"150521 {world.county.name}"
    assert checkpoints_compare([empty, *first, *second]) == [
        f"{county}: 4 entries, fewer than the 5 of the checkpoint of {first[0].at} (and 1 later checkpoints)"
    ]
    assert checkpoints_compare(second) == [f"{county}: 5 entries, fewer than the 6 of the checkpoint of {second[0].at}"]


def test_checkpoint_files_are_those_named_and_the_jsonl_files_of_a_directory_in_order(tmp_path):
    folder = tmp_path / "checkpoints"
    folder.mkdir()
    for name in ("2026-11-30.jsonl", "2026-11-29.jsonl", "notes.txt"):
        (folder / name).write_text("")
    named = tmp_path / "elsewhere.jsonl"
    assert checkpoint_files([folder, named]) == [folder / "2026-11-29.jsonl", folder / "2026-11-30.jsonl", named]


def test_a_checkpoint_of_a_county_the_database_does_not_know_is_named_by_its_code_alone(world):
    unknown = checkpoint.Checkpoint(county="999999", seq=1, count=1, hash="x", at="2026-01-01T00:00:00Z")
    assert checkpoints_compare([unknown]) == [
        "999999 : 0 entries, fewer than the 1 of the checkpoint of 2026-01-01T00:00:00Z"
    ]
