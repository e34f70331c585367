"""Ledger's migration 0011 carries each training's one qualification over to its many."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ledger", "0009_hmac_chain")]
AFTER = [("ledger", "0011_training_grants_many_qualifications")]


@pytest.fixture(autouse=True)
def latest_schema_after():
    """Going back to 0009 also unapplies the migrations of other apps that need a later ledger; put every app
    back at its latest so the tests after this one see the whole schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_each_training_keeps_the_qualification_it_granted(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Qualification = old.get_model("ledger", "Qualification")
    TrainingSession = old.get_model("ledger", "TrainingSession")
    first_aid = Qualification.objects.create(name="老年急救（旧）")
    fields = {
        "content": "x", "trainer_id": world.social_worker.pk, "organiser_id": world.team.pk,
        "region_id": world.community.pk, "on": datetime.date(2026, 10, 1), "hours": 2,
    }  # fmt: skip
    granting = TrainingSession.objects.create(title="急救培训", qualification=first_aid, **fields)
    plain = TrainingSession.objects.create(title="普通培训", **fields)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("ledger", "TrainingSession")
    assert list(new.objects.get(pk=granting.pk).qualifications.values_list("name", flat=True)) == ["老年急救（旧）"]
    assert not new.objects.get(pk=plain.pk).qualifications.exists()
