"""`manage.py rebuild_stats`: the rollups read again; the VACUUM that follows on PostgreSQL cannot run inside a
transaction, so there the command leaves it out rather than fail (a transactional test here would empty the
seeded places for the tests after it)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_inside_a_transaction_the_rebuild_leaves_the_vacuum_out():
    out = io.StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "facts in" in out.getvalue() and "vacuumed" not in out.getvalue()
