"""A QR code scanned before signing in keeps working after the sign-in: the 90-second token is checked at the
scan and remembered in the session for that activity, so the check-in completes after a slow sign-in."""

import datetime
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Attendance
from activities.scan import SESSION_KEY
from qianniu.tests import factories as f


def token_aged(activity, seconds: int) -> str:
    """A genuine token of the activity made `seconds` ago: the signer's own format with the timestamp set."""
    signer = services._signer(activity)
    signed = signing.Signer.sign(signer, f"attend{signer.sep}{signing.b62_encode(int(time.time()) - seconds)}")
    return f"{activity.pk}.{signed}"


def started(activity, world):
    activity.starts_at = timezone.now() - datetime.timedelta(minutes=30)
    activity.save(update_fields=["starts_at"])
    services.signup_create(activity=activity, volunteer=world.volunteer)


def sign_in(client, login_url=None, phone="13912345678"):
    """The sign-in page as the redirect opened it: its form carries `next` back to the scanned URL."""
    login_url = login_url or reverse("login")
    assert client.get(login_url).status_code == 200
    data = {"username": phone, "password": f.PASSWORD}
    data.update({key: values[0] for key, values in parse_qs(urlsplit(login_url).query).items()})
    return client.post(login_url, data)


def test_a_scan_before_sign_in_checks_in_after_the_token_rotated(world, client, activity, settings):
    started(activity, world)
    token = token_aged(activity, 30)  # fresh at the scan
    url = reverse("activities:attend", args=[token])
    response = client.get(url)
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]
    # A slow sign-in: by the time it is done, the token is older than a token may be (shortened here rather
    # than waited for, so the test does not depend on how fast this machine is).
    settings.QR_VALID_SECONDS = 20
    with pytest.raises(services.ActivityError, match="过期|expired"):
        services.activity_from_token(token)
    signed_in = sign_in(client, response["Location"])
    assert signed_in.status_code == 302 and signed_in["Location"] == url

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', body).group(1)
    key = re.search(r'name="key" value="([^"]+)"', body).group(1)
    for _press in range(2):
        client.post(reverse("activities:attend_submit", args=["in"]), {"ticket": ticket, "key": key})
    assert Attendance.objects.filter(activity=activity, volunteer=world.volunteer).count() == 1
    # the remembered scan is used once: the expired token alone opens nothing again
    again = client.get(url)
    assert again.status_code == 400 and "过期" in again.content.decode()


def test_a_token_scanned_too_late_fails_at_the_scan_with_a_clear_message(world, client, activity):
    started(activity, world)
    token = token_aged(activity, 120)
    response = client.get(reverse("activities:attend", args=[token]))
    assert response.status_code == 400
    assert "过期" in response.content.decode()
    assert SESSION_KEY not in client.session
    sign_in(client)
    after = client.get(reverse("activities:attend", args=[token]))
    assert after.status_code == 400 and not Attendance.objects.exists()


def test_a_remembered_scan_is_bound_to_its_activity(world, client, activity):
    from activities.models import Activity

    started(activity, world)
    other = Activity.objects.create(
        title="另一个活动",
        content="x",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="x",
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        quota=5,
        status="published",
    )
    services.signup_create(activity=other, volunteer=world.volunteer)
    assert client.get(reverse("activities:attend", args=[token_aged(activity, 10)])).status_code == 302
    sign_in(client)
    expired_other = client.get(reverse("activities:attend", args=[token_aged(other, 120)]))
    assert expired_other.status_code == 400  # the scan of the first activity does not open the second
    expired_first = client.get(reverse("activities:attend", args=[token_aged(activity, 120)]))
    assert expired_first.status_code == 200 and 'name="ticket"' in expired_first.content.decode()
