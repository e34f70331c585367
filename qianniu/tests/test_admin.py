"""The back office opens every list for an administrator and nothing for anyone else."""

from django.contrib import admin
from django.urls import reverse

from qianniu.tests import factories as f


def changelists():
    return [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]


def test_every_back_office_list_opens_for_an_administrator(world, login):
    superuser = f.UserFactory(name="管理员", is_staff=True, is_superuser=True)
    client = login(superuser)
    for url in changelists():
        assert client.get(url).status_code == 200, url


def test_the_back_office_is_closed_to_staff_of_the_product(world, login):
    client = login(world.county_admin)
    for url in changelists():
        assert client.get(url).status_code == 302, url  # to the admin's sign-in
