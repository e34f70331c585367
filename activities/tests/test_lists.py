import datetime

from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from qianniu.tests.pages import walk

ROW = r'href="/activities/(\d+)/"'


def many_activities(world, count, status, days):
    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(title=f"活动{n}", content="x", organiser=world.team, lead=world.team_leader, region=world.community,
                 place="x", starts_at=now + datetime.timedelta(days=days, hours=n % 13),
                 ends_at=now + datetime.timedelta(days=days + 1), quota=5, status=status)
        for n in range(count)
    )  # fmt: skip


def test_the_public_list_pages_through_every_recruiting_activity_soonest_first(world, client):
    many_activities(world, 130, "published", 1)
    ids, totals, _ = walk(client, reverse("activities:list"), ROW)
    assert len(set(ids)) == len(ids) == 130  # 100 before
    assert any("130" in total for total in totals)
    starts = dict(Activity.objects.values_list("pk", "starts_at"))
    shown = [starts[int(pk)] for pk in ids]
    assert shown == sorted(shown)


def test_the_leader_pages_through_every_draft(world, login):
    many_activities(world, 70, "draft", -5)
    many_activities(world, 3, "published", 1)
    client = login(world.team_leader)
    assert "mine_after=" in client.get(reverse("activities:list")).content.decode()
    ids, totals, _ = walk(client, reverse("activities:list"), ROW)
    drafts = set(Activity.objects.filter(status="draft").values_list("pk", flat=True))
    public = set(Activity.objects.filter(status="published").values_list("pk", flat=True))
    assert {int(pk) for pk in ids} == drafts | public  # 50 drafts before
    assert "70" in " ".join(totals)
    assert walk(login(world.outsider), reverse("activities:list"), ROW)[0] == [str(pk) for pk in sorted(public)]
