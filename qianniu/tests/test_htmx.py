import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity

ROWS = 'data-testid="total"'


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("social_worker", reverse("needs:list")),
        ("social_worker", reverse("people:volunteer_list")),
        ("social_worker", reverse("people:recipient_list")),
        ("county_admin", reverse("orgs:list")),
        ("county_admin", reverse("orgs:team_list")),
    ],
)
def test_a_list_that_answers_htmx_with_its_rows_varies_on_hx_request(world, login, persona, url):
    client = login(getattr(world, persona))
    page = client.get(url)
    rows = client.get(url, headers={"HX-Request": "true"})
    assert page.status_code == rows.status_code == 200
    assert "<html" in page.content.decode() and "<html" not in rows.content.decode()
    assert ROWS in rows.content.decode()
    assert "hx-request" in vary(page) and "hx-request" in vary(rows)
    assert "cookie" in vary(page)  # the session's Vary stays


def test_the_attendance_code_varies_on_hx_request(world, login):
    now = timezone.now()
    activity = Activity.objects.create(
        title="关爱独居老人上门探访", content="陪伴聊天", organiser=world.team, lead=world.team_leader,
        region=world.community, place="党群服务中心", starts_at=now, ends_at=now + datetime.timedelta(hours=2),
        quota=2, status="published",
    )  # fmt: skip
    client = login(world.team_leader)
    url = reverse("activities:qr", args=[activity.pk])
    page, code = client.get(url), client.get(url, headers={"HX-Request": "true"})
    assert "<html" in page.content.decode() and "<html" not in code.content.decode()
    assert "<svg" in code.content.decode()
    assert "hx-request" in vary(page) and "hx-request" in vary(code)
