"""The activities export: the activities the user manages (not the public page of every county's), the lead's
mobile number masked."""

import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def _activity(title, organiser, region, lead, *, status="published", days=3):
    start = timezone.now() + datetime.timedelta(days=days)
    return Activity.objects.create(
        title=title, content="x", organiser=organiser, lead=lead, region=region, place="党群服务中心",
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), quota=10, status=status,
    )  # fmt: skip


def test_the_activities_export_holds_the_user_s_activities_masked_and_no_other_county_s(world, login):
    ours = _activity("关爱独居老人", world.team, world.community, world.volunteer_user)
    draft = _activity("草稿活动", world.team, world.community, world.team_leader, status="draft", days=-10)
    _activity("别县的活动", world.foreign_team, world.foreign_community, world.outsider)  # public, but not ours
    client = login(world.county_admin)
    values = _values(client.get(reverse("activities:list"), {"export": "xlsx"}))
    assert {ours.pk, draft.pk} <= set(values) and "关爱独居老人" in values and "草稿活动" in values
    assert "139****5678" in values and "13912345678" not in values
    assert "别县的活动" not in values
    assert "别县的活动" in client.get(reverse("activities:list")).content.decode()  # the public page has it
    # the other county's admin exports theirs, not ours; a volunteer who manages nothing gets an empty sheet
    values = _values(login(world.outsider).get(reverse("activities:list"), {"export": "xlsx"}))
    assert "别县的活动" in values and "关爱独居老人" not in values
    values = _values(login(world.volunteer_user).get(reverse("activities:list"), {"export": "xlsx"}))
    assert "关爱独居老人" not in values and "别县的活动" not in values
    assert client.get(reverse("activities:list"), {"export": "csv"}).status_code == 200


def test_an_anonymous_visitor_gets_no_export(world, client):
    assert client.get(reverse("activities:list"), {"export": "xlsx"}).status_code == 404
