"""Each person's week: their own tasks, activities, home visits and group sessions, with places that open in
the phone's map app, and the weeks before and after."""

import datetime

from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from activities.models import Activity
from needs import services as needs
from needs.models import HomeVisit
from qianniu.tests import factories as f


def monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def week_page(client, day=None):
    url = reverse("week") + (f"?week={day:%Y-%m-%d}" if day else "")
    return client.get(url).content.decode()


def test_a_volunteer_sees_their_task_and_activity_of_the_week_and_not_another_volunteers(world, login):
    need = needs.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "x"},
    )
    f.triaged(need, by=world.social_worker)
    f.task_for(
        need, by=world.social_worker, volunteer=world.volunteer, what="陪同韩奶奶就医", place="团结路12号 3单元&后门"
    )
    f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer, what="打扫卫生", place="宝龙山")
    start = timezone.now() + datetime.timedelta(hours=1)
    activity = Activity.objects.create(
        title="敬老院包饺子", content="x", organiser=world.team, lead=world.team_leader, region=world.community,
        place="团结社区敬老院", starts_at=start, ends_at=start + datetime.timedelta(hours=2), quota=5,
        status="published",
    )  # fmt: skip
    activities.signup_create(activity=activity, volunteer=world.volunteer)

    body = week_page(login(world.volunteer_user))
    assert "陪同韩奶奶就医" in body and "敬老院包饺子" in body
    assert "打扫卫生" not in body
    # the address opens in the map app, escaped
    assert (
        'href="https://uri.amap.com/search?keyword=%E5%9B%A2%E7%BB%93%E8%B7%AF12%E5%8F%B7%203%E5%8D%95%E5%85%83%26'
        in body
    )
    # the week after does not hold this week's task; the week before neither
    assert "陪同韩奶奶就医" not in week_page(login(world.volunteer_user), monday() + datetime.timedelta(days=7))
    assert "陪同韩奶奶就医" not in week_page(login(world.volunteer_user), monday() - datetime.timedelta(days=7))
    assert f"?week={monday() + datetime.timedelta(days=7):%Y-%m-%d}" in body


def test_a_worker_sees_their_home_visits_and_an_outsider_sees_nothing_of_them(world, login):
    HomeVisit.objects.create(
        recipient=world.recipient, region=world.community, visited_at=timezone.now(), visited_by=world.social_worker
    )
    assert "韩桂兰" in week_page(login(world.social_worker))
    assert "韩桂兰" not in week_page(login(world.other_social_worker))
    assert "韩桂兰" not in week_page(login(world.outsider))


def test_a_wrong_week_shows_this_week(world, login):
    body = login(world.volunteer_user).get(reverse("week") + "?week=not-a-date")
    assert body.status_code == 200
    assert f"?week={monday() + datetime.timedelta(days=7):%Y-%m-%d}" in body.content.decode()
