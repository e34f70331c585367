"""`manage.py rebuild_stats`: the rollups read again, and on PostgreSQL the fact table vacuumed after."""

import io

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside a transaction
def test_the_rebuild_vacuums_the_facts_on_postgresql():
    out = io.StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "facts in" in out.getvalue()
    assert ("stats_fact vacuumed" in out.getvalue()) == (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_inside_a_transaction_the_rebuild_leaves_the_vacuum_out():
    out = io.StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "facts in" in out.getvalue() and "vacuumed" not in out.getvalue()
