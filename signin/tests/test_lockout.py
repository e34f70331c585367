"""Sign-in lockout (django-axes): per account and per client address, failures only, shared by every web
process, the same for the site's sign-in and the back office's. Everything goes through the real views."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from qianniu.tests import factories as f

LOGIN = "/login/"
ADMIN_LOGIN = "/admin/login/"
PROXY = "10.0.0.1"


def attempt(client, user, password, *, address="192.0.2.1", forwarded=None, url=LOGIN):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client.logout()
    return client.post(url, {"username": user.phone, "password": password}, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_ten_wrong_passwords_from_ten_addresses_lock_that_account_and_no_other(world, client):
    for n in range(9):
        response = attempt(client, world.volunteer_user, "wrong-password", address=f"198.51.100.{n + 1}")
        assert response.status_code == 200 and "手机号或密码错误" in response.content.decode()
    assert attempt(client, world.volunteer_user, "wrong-password", address="198.51.100.10").status_code == 429
    refused = attempt(client, world.volunteer_user, f.PASSWORD, address="203.0.113.9")
    assert refused.status_code == 429 and not signed_in(refused)
    assert signed_in(attempt(client, world.social_worker, f.PASSWORD, address="198.51.100.1"))


def test_behind_the_proxy_one_users_mistakes_do_not_lock_another_out(world, client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(10):
        attempt(client, world.volunteer_user, "wrong-password", address=PROXY, forwarded="198.51.100.7")
    assert attempt(client, world.volunteer_user, f.PASSWORD, address=PROXY, forwarded="198.51.100.7").status_code == 429
    assert signed_in(attempt(client, world.social_worker, f.PASSWORD, address=PROXY, forwarded="198.51.100.8"))


def test_thirty_volunteers_sign_in_from_one_training_room(world, client):
    room = [f.UserFactory(name=f"学员{n}") for n in range(30)]
    for user in room:
        assert signed_in(attempt(client, user, f.PASSWORD, address="192.0.2.30")), user.name
    assert signed_in(attempt(client, room[0], f.PASSWORD, address="192.0.2.30"))


def test_a_few_mistakes_in_the_training_room_lock_nobody_else(world, client):
    room = [f.UserFactory(name=f"学员{n}") for n in range(12)]
    for user in room:
        attempt(client, user, "typo-typo", address="192.0.2.30")
    for user in room:
        assert signed_in(attempt(client, user, f.PASSWORD, address="192.0.2.30")), user.name


def test_credential_stuffing_from_one_address_is_limited_per_address(world, client, settings):
    accounts = [f.UserFactory(name=f"账号{n}") for n in range(settings.SIGNIN_ADDRESS_FAILURES)]
    for user in accounts[:-1]:  # one guess per account: no account reaches its own limit
        assert attempt(client, user, "123456abc", address="192.0.2.66").status_code == 200
    assert attempt(client, accounts[-1], "123456abc", address="192.0.2.66").status_code == 429
    refused = attempt(client, world.volunteer_user, f.PASSWORD, address="192.0.2.66")
    assert refused.status_code == 429 and not signed_in(refused)
    assert signed_in(attempt(client, world.volunteer_user, f.PASSWORD, address="192.0.2.67"))
    assert signed_in(attempt(client, accounts[0], f.PASSWORD, address="192.0.2.67"))


def test_the_count_is_shared_by_every_web_process(world, client):
    """Counts live in the database: a new process (a fresh handler, an empty cache) sees them."""
    from axes.handlers.proxy import AxesProxyHandler

    for n in range(9):
        attempt(client, world.volunteer_user, "wrong-password", address=f"198.51.100.{n + 1}")
    cache.clear()
    AxesProxyHandler.get_implementation(force=True)
    attempt(client, world.volunteer_user, "wrong-password", address="198.51.100.50")
    assert attempt(client, world.volunteer_user, f.PASSWORD, address="198.51.100.51").status_code == 429


def test_the_locked_out_page_says_in_chinese_when_to_try_again_and_how_to_unlock(world, client):
    for _ in range(10):
        attempt(client, world.volunteer_user, "wrong-password")
    body = attempt(client, world.volunteer_user, f.PASSWORD).content.decode()
    assert "尝试次数过多" in body
    assert re.search(r"请于 \d{1,2}:\d{2} 后再试", body)
    assert "管理员" in body and "解除登录锁定" in body


def test_the_back_office_sign_in_is_locked_like_the_sites(world, client):
    staff = f.UserFactory(name="后台管理员", is_staff=True, is_superuser=True)
    for n in range(9):
        response = attempt(client, staff, "wrong-password", url=ADMIN_LOGIN, address=f"198.51.100.{n + 1}")
        assert response.status_code == 200
    assert attempt(client, staff, "wrong-password", url=ADMIN_LOGIN, address="198.51.100.10").status_code == 429
    refused = attempt(client, staff, f.PASSWORD, url=ADMIN_LOGIN, address="203.0.113.5")
    assert refused.status_code == 429 and not signed_in(refused)
    assert signed_in(attempt(client, world.volunteer_user, f.PASSWORD, address="203.0.113.5"))


def test_failures_on_the_site_and_in_the_back_office_add_up(world, client):
    staff = f.UserFactory(name="后台管理员", is_staff=True, is_superuser=True)
    for n in range(5):
        attempt(client, staff, "wrong-password", url=ADMIN_LOGIN, address=f"198.51.100.{n + 1}")
        attempt(client, staff, "wrong-password", url=LOGIN, address=f"198.51.100.{n + 1}")
    assert attempt(client, staff, f.PASSWORD, url=LOGIN).status_code == 429


def test_the_back_office_sign_in_speaks_plain_chinese(world, client):
    staff = f.UserFactory(name="后台管理员", is_staff=True, is_superuser=True)
    body = attempt(client, staff, "wrong-password", url=ADMIN_LOGIN).content.decode()
    assert "手机号或密码错误" in body
    assert "phone index" not in body and "phone_index" not in body and "区分大小写" not in body
    assert "手机号" in client.get(ADMIN_LOGIN).content.decode()
    assert signed_in(attempt(client, staff, f.PASSWORD, url=ADMIN_LOGIN))


def test_an_administrator_lifts_the_lock_of_an_account_in_the_back_office(world, client, login):
    for n in range(10):
        attempt(client, world.volunteer_user, "wrong-password", address=f"198.51.100.{n + 1}")
    assert attempt(client, world.volunteer_user, f.PASSWORD).status_code == 429
    superuser = f.UserFactory(name="后台管理员", is_staff=True, is_superuser=True)
    admin = login(superuser)
    changelist = reverse("admin:people_user_changelist")
    response = admin.post(changelist, {"action": "unlock_sign_in", "_selected_action": [world.volunteer_user.pk]})
    assert response.status_code == 302
    assert "已为 1 个账号解除登录锁定" in admin.get(changelist).content.decode()
    assert signed_in(attempt(client, world.volunteer_user, f.PASSWORD))


def test_the_unlock_command_lifts_an_account_or_an_address(world, client):
    for n in range(10):
        attempt(client, world.volunteer_user, "wrong-password", address=f"198.51.100.{n + 1}")
    call_command("signin_unlock", world.volunteer_user.phone, stdout=io.StringIO())
    assert signed_in(attempt(client, world.volunteer_user, f.PASSWORD))

    accounts = [f.UserFactory(name=f"账号{n}") for n in range(50)]
    for user in accounts:
        attempt(client, user, "123456abc", address="192.0.2.66")
    assert attempt(client, world.social_worker, f.PASSWORD, address="192.0.2.66").status_code == 429
    with pytest.raises(CommandError, match="No account has the mobile number"):
        call_command("signin_unlock", "13500000000", stdout=io.StringIO())
    call_command("signin_unlock", address="192.0.2.66", stdout=io.StringIO())
    assert signed_in(attempt(client, world.social_worker, f.PASSWORD, address="192.0.2.66"))


def test_the_lockout_stores_no_mobile_number(world, client):
    from axes.models import AccessAttempt

    attempt(client, world.volunteer_user, "wrong-password")
    attempt(client, world.volunteer_user, "wrong-password")
    row = AccessAttempt.objects.get()
    assert row.username == world.volunteer_user.phone_index and row.failures_since_start == 2
    assert world.volunteer_user.phone not in f"{row.username}{row.post_data}{row.get_data}"


def test_sign_in_attempts_are_limited(world, client):
    for _attempt in range(9):
        assert client.post(reverse("login"), {"username": "13912345678", "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": "13912345678", "password": "wrong"}).status_code == 429
    response = client.post(reverse("login"), {"username": "13912345678", "password": f.PASSWORD})
    assert response.status_code == 429 and "尝试次数过多" in response.content.decode()
