"""Supervised items: the owner unit reports, another administrator closes or returns, the product marks an item
overdue after its deadline and tells the owner unit and the group's admins, once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination import services
from coordination.models import ItemAction, ItemStatus, SupervisedItem
from coordination.workflow import ITEM_FLOW, ItemError
from notifications.models import Notification


def test_the_table_is_consistent():
    assert ITEM_FLOW.check() == []


def test_the_owner_reports_and_another_admin_closes(coord, login):
    item = coord.item
    client = login(coord.liaison)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "报告办结" in page
    assert (
        client.post(reverse("coordination:item_step", args=[item.pk, "progress"]), {"note": "已起草"}).status_code
        == 302
    )
    assert (
        client.post(reverse("coordination:item_step", args=[item.pk, "report"]), {"note": "已印发"}).status_code == 302
    )
    item.refresh_from_db()
    assert (item.status, item.reported_by) == (ItemStatus.REPORTED, coord.liaison)
    # the liaison does not close it; an admin of the group's region does
    client.post(reverse("coordination:item_step", args=[item.pk, "close"]), {"note": ""})
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED
    login(coord.admin).post(reverse("coordination:item_step", args=[item.pk, "close"]), {"note": "同意"})
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED
    assert list(item.events.values_list("action", flat=True)) == ["create", "progress", "report", "close"]


def test_whoever_reported_it_does_not_close_it(coord):
    item = services.item_report(item=coord.item, by=coord.admin, note="已办结")
    with pytest.raises(ItemError, match="须由另一位管理员确认办结"):
        services.item_close(item=item, by=coord.admin)
    assert services.item_close(item=item, by=coord.deputy_admin).status == ItemStatus.CLOSED


def test_a_liaison_of_another_unit_cannot_report(coord, world):
    with pytest.raises(ItemError, match="只有责任单位或小组管理员可以报告该事项"):
        services.item_report(item=coord.item, by=world.liaison, note="x")
    coord.item.refresh_from_db()
    assert coord.item.status == ItemStatus.OPEN
    assert services.item_report(item=coord.item, by=coord.liaison, note="x").status == ItemStatus.REPORTED


def test_a_report_needs_words_and_a_closed_item_takes_no_more(coord):
    with pytest.raises(ItemError, match="请填写办理情况"):
        services.item_report(item=coord.item, by=coord.liaison, note="  ")
    item = services.item_report(item=coord.item, by=coord.liaison, note="x")
    item = services.item_close(item=item, by=coord.admin)
    with pytest.raises(ItemError, match="只有办理中的事项可以报告进展"):
        services.item_progress(item=item, by=coord.liaison, note="more")
    with pytest.raises(ItemError, match="只有已报办结的事项可以退回"):
        services.item_return(item=item, by=coord.admin, note="x")


def test_a_returned_item_is_worked_on_again(coord):
    item = services.item_report(item=coord.item, by=coord.liaison, note="x")
    with pytest.raises(ItemError, match="请填写原因"):
        services.item_return(item=item, by=coord.admin, note="")
    item = services.item_return(item=item, by=coord.admin, note="材料不全")
    assert item.status == ItemStatus.OPEN


def test_a_late_item_is_escalated_once_to_its_owner_and_the_groups_admins(coord):
    item = coord.item
    assert services.items_escalate() == 0  # not due yet
    assert SupervisedItem.objects.get(pk=item.pk).status == ItemStatus.OPEN
    later = timezone.now() + datetime.timedelta(days=6)
    assert services.items_escalate(now=later) == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.OVERDUE and item.escalated_at == later
    told = set(Notification.objects.filter(kind="supervised_overdue").values_list("person_id", flat=True))
    assert told == {coord.liaison.pk, coord.admin.pk, coord.deputy_admin.pk}
    assert services.items_escalate(now=later) == 0  # overdue already: not again
    assert Notification.objects.filter(kind="supervised_overdue").count() == 3
    # the owner still reports it, late
    assert services.item_report(item=item, by=coord.liaison, note="迟报").status == ItemStatus.REPORTED
    assert item.events.filter(action=ItemAction.ESCALATE).count() == 1


def test_a_reported_item_past_its_deadline_is_not_escalated(coord):
    services.item_report(item=coord.item, by=coord.liaison, note="x")
    assert services.items_escalate(now=timezone.now() + datetime.timedelta(days=30)) == 0


def test_the_owner_unit_is_told_when_an_item_is_assigned(coord):
    assert list(Notification.objects.filter(kind="supervised_assigned").values_list("person_id", flat=True)) == [
        coord.liaison.pk
    ]


def test_a_meeting_names_member_units_only(coord, world):
    from coordination.services import CoordinationError

    with pytest.raises(CoordinationError, match="只能选择本小组的成员单位"):
        services.meeting_record(
            group=coord.group, title="x", held_on=timezone.localdate(), attendees=[world.department], minutes="x",
            decisions=[], by=coord.admin,
        )  # fmt: skip
    with pytest.raises(CoordinationError, match="只有小组所在地区的管理员可以管理"):
        services.meeting_record(
            group=coord.group, title="x", held_on=timezone.localdate(), attendees=[coord.owner], minutes="x",
            decisions=[], by=world.county_admin,
        )  # fmt: skip
    assert coord.group.meetings.count() == 1


def test_a_meeting_is_recorded_from_its_page_with_its_decisions(coord, login):
    client = login(coord.admin)
    today = timezone.localdate()
    data = {
        "title": "第二次会议", "held_on": today.isoformat(), "attendees": [coord.owner.pk], "minutes": "研究",
        "decisions-TOTAL_FORMS": "3", "decisions-INITIAL_FORMS": "0",
        "decisions-0-decision": "开展培训", "decisions-0-owner": coord.owner.pk,
        "decisions-0-deadline": (today + datetime.timedelta(days=9)).isoformat(),
        "decisions-1-decision": "只有文字",
    }  # fmt: skip
    response = client.post(reverse("coordination:meeting_new", args=[coord.group.pk]), data)
    assert response.status_code == 200  # the half-filled decision is refused, nothing is written
    assert coord.group.meetings.count() == 1
    data.pop("decisions-1-decision")
    response = client.post(reverse("coordination:meeting_new", args=[coord.group.pk]), data)
    assert response.status_code == 302
    meeting = coord.group.meetings.get(title="第二次会议")
    assert list(meeting.items.values_list("decision", "owner")) == [("开展培训", coord.owner.pk)]
