"""Sessions end: staff after 30 idle minutes or 12 hours, volunteers after 7 idle days or 30 days."""

import time

from django.urls import reverse

from signin.signals import SEEN_AT, SIGNED_IN_AT

HOME = reverse("home")
MINUTE, HOUR, DAY = 60, 3600, 86400


def age(client, *, idle: float, signed_in: float | None = None):
    """Let time pass for the session: last seen `idle` seconds ago, signed in `signed_in` seconds ago."""
    session = client.session
    now = time.time()
    session[SEEN_AT] = now - idle
    session[SIGNED_IN_AT] = now - (signed_in if signed_in is not None else idle)
    session.save()


def signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_staff_are_signed_out_after_thirty_idle_minutes(world, login):
    client = login(world.social_worker)
    age(client, idle=29 * MINUTE)
    assert client.get(HOME).status_code == 200
    age(client, idle=31 * MINUTE)
    response = client.get(reverse("people:volunteer_list"))
    assert signed_out(response) and "next=/volunteers/" in response.url
    assert "_auth_user_id" not in client.session
    assert "重新登录" in client.get(response.url).content.decode()


def test_activity_keeps_a_staff_session_alive_until_twelve_hours(world, login):
    client = login(world.county_admin)
    age(client, idle=10 * MINUTE, signed_in=11 * HOUR)
    assert client.get(HOME).status_code == 200
    age(client, idle=1 * MINUTE, signed_in=12 * HOUR + MINUTE)
    assert signed_out(client.get(HOME))


def test_a_volunteer_on_a_phone_stays_signed_in_for_days(world, login):
    client = login(world.volunteer_user)
    age(client, idle=6 * DAY)
    assert client.get(HOME).status_code == 200
    age(client, idle=8 * DAY)
    assert signed_out(client.get(HOME))


def test_a_volunteer_session_ends_after_thirty_days_however_active(world, login):
    client = login(world.volunteer_user)
    age(client, idle=HOUR, signed_in=29 * DAY)
    assert client.get(HOME).status_code == 200
    age(client, idle=HOUR, signed_in=30 * DAY + HOUR)
    assert signed_out(client.get(HOME))


def test_the_session_cookie_lasts_as_long_as_the_longest_session(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * DAY
