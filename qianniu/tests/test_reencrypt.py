"""Rotating the field-encryption key: `reencrypt_fields` moves every value to the new key in batches, after
which the old key leaves the ring and everything still reads back, sign-in and duplicate detection included."""

import base64
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.management.commands.reencrypt_fields import encrypted_models
from mediation.services import dispute_record
from people.services import id_number_taken
from qianniu.tests import factories as f

NEW = b"n" * 32


def stored_values():
    """Every encrypted value of every model, decrypted, by (model, pk, field)."""
    values = {}
    for model, fields in encrypted_models():
        names = [field.attname for field in fields]
        for pk, *row in model._base_manager.values_list("pk", *names):
            values |= {(model._meta.label, pk, name): value for name, value in zip(names, row, strict=True)}
    return values


def raw_prefixes():
    """The key id of every stored ciphertext, read from the database without decrypting."""
    from django.db import connection

    ids = []
    with connection.cursor() as cursor:
        for model, fields in encrypted_models():
            for field in fields:
                cursor.execute(f"SELECT {field.column} FROM {model._meta.db_table}")  # noqa: S608
                ids += [value.split(":")[1] for (value,) in cursor.fetchall() if value]
    return ids


@pytest.fixture
def rotated(world, settings):
    """Data sealed with the first key (id 1), then a new current key 2 with key 1 kept in the ring."""
    dispute_record(
        kind="neighbour",
        region=world.community,
        description="楼上漏水",
        reported_by="网格员",
        parties=[("王大爷", "楼下"), ("李女士", "楼上")],
        by=world.social_worker,
    )
    before = stored_values()
    assert len([value for value in before.values() if value]) > 15
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_BLIND_INDEX_KEY = old
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEY_ID = NEW, "2"
    settings.FIELD_ENCRYPTION_KEYS = {"1": old, "2": NEW}
    return before


def reencrypt(*args) -> str:
    out = io.StringIO()
    call_command("reencrypt_fields", *args, stdout=out)
    return out.getvalue()


def test_after_reencryption_the_old_key_goes_and_everything_reads_back(rotated, world, settings, client):
    assert set(raw_prefixes()) == {"1"}
    assert stored_values() == rotated  # readable during the rotation, before anything moved

    out = reencrypt("--batch-size", "7")
    assert "every value is under the current key" in out
    assert "people.User:" in out and "mediation.Dispute:" in out
    assert set(raw_prefixes()) == {"2"}
    assert "0 values under keys other than the current key 2" in reencrypt("--check")

    settings.FIELD_ENCRYPTION_KEYS = {"2": NEW}  # the old key removed
    assert stored_values() == rotated
    response = client.post(reverse("login"), {"username": "13912345678", "password": f.PASSWORD})
    assert response.status_code == 302  # sign-in finds the account by its blind index
    assert id_number_taken(id_type="resident", id_number=world.volunteer.id_number)  # duplicates still found
    assert not id_number_taken(id_type="resident", id_number=f.resident_id())
    assert "0 values in 0 rows re-encrypted" in reencrypt()  # nothing left to do


def test_a_stopped_run_goes_on_where_it_stopped(rotated, settings):
    out = reencrypt("--batch-size", "3", "--max-batches", "2")
    assert "stopped at --max-batches" in out and "in 2 batches" in out
    assert sorted(set(raw_prefixes())) == ["1", "2"]
    assert "key 1:" in reencrypt("--check")
    reencrypt("--batch-size", "3")
    assert set(raw_prefixes()) == {"2"}
    settings.FIELD_ENCRYPTION_KEYS = {"2": NEW}
    assert stored_values() == rotated


def manage(*args, env, **kwargs):
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=root, env=env, stdout=subprocess.PIPE, text=True, **kwargs
    )


@pytest.fixture
def scratch_database(request, tmp_path, django_db_setup, django_db_blocker):
    """A migrated database of its own that other processes can open: on SQLite a copy of the session's
    migrated file (`migrated_sqlite`), on PostgreSQL a new database that `migrate` fills."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield f"sqlite:///{request.getfixturevalue('migrated_sqlite')}"
        return
    config = connection.settings_dict
    name = f"{config['NAME']}_reencrypt"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = f"{config['USER']}:{config['PASSWORD']}@" if config["PASSWORD"] else f"{config['USER']}@"
    url = f"postgres://{user}{config['HOST']}:{config['PORT'] or 5432}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "QIANNIU_DATA_DIR": str(tmp_path)}
    assert manage("migrate", "-v0", env=env).wait() == 0
    yield url
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_killed_run_resumed_completes(tmp_path, scratch_database):
    """A real process killed with SIGKILL in the middle of a batch, on a database of its own: what it
    committed stays, the batch it was in leaves nothing half-written, and the next run finishes."""
    first = base64.urlsafe_b64encode(b"f" * 32).decode()
    second = base64.urlsafe_b64encode(NEW).decode()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        "QIANNIU_DATA_DIR": str(tmp_path),
        "QIANNIU_SECRETS_DIR": str(tmp_path),
        "DATABASE_URL": scratch_database,
        "FIELD_ENCRYPTION_KEY": first,
    }
    make_users = (
        "from people.services import user_create\n"
        "for n in range(600): user_create(phone=f'139{n:08d}', name=f'用户{n}')\n"
    )
    assert manage("shell", "-c", make_users, env=env).wait() == 0

    rotated = env | {
        "FIELD_ENCRYPTION_KEY": f"2:{second}",
        "FIELD_ENCRYPTION_KEYS": f"1:{first}",
        "FIELD_BLIND_INDEX_KEY": first,
    }
    run = manage("reencrypt_fields", "--batch-size", "1", "-v2", env=rotated)
    assert "rows re-encrypted, up to id" in run.stdout.readline()
    run.send_signal(signal.SIGKILL)
    run.wait()
    check = manage("reencrypt_fields", "--check", env=rotated)
    counts = check.communicate()[0]
    assert "people.User: key 1: " in counts and "key 2: " in counts, counts  # part done, part not

    resumed = manage("reencrypt_fields", "--batch-size", "100", env=rotated)
    assert "every value is under the current key" in resumed.communicate()[0]

    only_new = rotated | {"FIELD_ENCRYPTION_KEYS": ""}
    read_all = (
        "from people.models import User, phone_index\n"
        "users = list(User.objects.order_by('pk'))\n"
        "assert [u.phone for u in users] == [f'139{n:08d}' for n in range(600)]\n"
        "assert User.objects.get_by_natural_key('13900000377').name == '用户377'\n"
        "print('read back', len(users))\n"
    )
    assert "read back 600" in manage("shell", "-c", read_all, env=only_new).communicate()[0].splitlines()
