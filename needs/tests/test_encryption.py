"""A need's description may hold health details (PIPL Art. 28): it is stored encrypted, read in clear only
through the product's pages by those who may see the need."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from needs.models import Need


def stored_descriptions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM needs_need")
        return [row[0] for row in cursor.fetchall()]


def test_a_need_description_is_not_stored_in_plain_text(world, login, need):
    Need.objects.filter(pk=need.pk).update(description="老人有糖尿病，行动不便，家里灯泡坏了")
    stored = stored_descriptions()
    assert stored and all(value.startswith("v2:") for value in stored)
    assert not any("糖尿病" in value or "灯泡" in value for value in stored)

    page = login(world.social_worker).get(reverse("needs:detail", args=[need.pk]))
    assert "老人有糖尿病，行动不便" in page.content.decode()  # those who may see the need read it
    mine = login(world.resident).get(reverse("needs:mine")).content.decode()
    assert "老人有糖尿病" in mine
    assert login(world.outsider).get(reverse("needs:detail", args=[need.pk])).status_code == 404


def test_the_needs_list_still_finds_a_need_by_the_recipient_s_name(world, login, need):
    body = login(world.social_worker).get(reverse("needs:list"), {"q": "韩桂兰"}).content.decode()
    assert f'href="{reverse("needs:detail", args=[need.pk])}"' in body
    body = login(world.social_worker).get(reverse("needs:list"), {"q": "包金花"}).content.decode()
    assert f'href="{reverse("needs:detail", args=[need.pk])}"' not in body


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_descriptions_already_stored(world, need):
    executor = MigrationExecutor(connection)
    executor.migrate([("needs", "0003_decline_need_max_distance_km_and_more")])  # as installed before
    assert stored_descriptions() == ["家里灯泡坏了，需要帮忙更换"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert stored_descriptions()[0].startswith("v2:")
    assert Need.objects.get(pk=need.pk).description == "家里灯泡坏了，需要帮忙更换"
