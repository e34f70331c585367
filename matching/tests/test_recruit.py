"""An activity's recruitment: whom to invite, in order, with the reasons, from the run's candidate machinery;
inviting sends the notification once; only those who may change the activity see or use the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Invitation, Signup
from matching.recruit import SHOWN
from matching.tests.conftest import BAOKANG, east, place_volunteer
from notifications.models import Message, Notification
from people.models import Volunteer
from qianniu.tests import factories as f


@pytest.fixture
def activity(world, haircut, monday):
    starts = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(9)))
    activity = Activity.objects.create(
        title="义务理发进社区",
        content="为老人理发",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区党群服务中心",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        quota=2,
        status="published",
        latitude=BAOKANG[0],
        longitude=BAOKANG[1],
    )
    activity.required_skills.set([haircut])
    return activity


@pytest.fixture
def candidates(world, haircut):
    """Two barbers, 1 and 3 km away, and a nearer volunteer without the skill."""
    near = place_volunteer(world.volunteer, 3, skills=[haircut])
    far = place_volunteer(world.other_volunteer, 1, skills=[haircut])
    unskilled = place_volunteer(Volunteer.objects.get(user=world.team_leader), 0.5)
    return near, far, unskilled


def page(client, activity):
    return client.get(reverse("matching:recruit", args=[activity.pk]))


def test_the_organiser_sees_the_barbers_nearest_first_with_the_reasons(world, login, activity, candidates):
    near, far, unskilled = candidates
    body = page(login(world.county_admin), activity).content.decode()
    assert body.index(far.user.name) < body.index(near.user.name)  # 1 km before 3 km
    assert unskilled.user.name not in body.split("recruit-reasons")[0].split("<ol")[-1]
    assert "距离 1.0 公里" in body and "具备技能：理发" in body
    assert "上午有空" in body and "当周已有 0 项任务" in body
    assert "还需 2 人" in body


def test_a_volunteer_busy_that_morning_or_signed_up_is_not_proposed(world, login, activity, candidates):
    near, far, _unskilled = candidates
    Volunteer.objects.filter(pk=far.pk).update(availability=[{"weekday": 0, "start": "14:00", "end": "18:00"}])
    Signup.objects.create(activity=activity, volunteer=near, status="approved")
    body = page(login(world.county_admin), activity).content.decode()
    assert far.user.name not in body and "目前没有其他可邀请的志愿者" in body
    assert "逐项条件筛选后剩下的志愿者人数" in body
    Volunteer.objects.filter(pk=far.pk).update(availability=[{"weekday": 0, "start": "08:00", "end": "12:00"}])
    assert far.user.name in page(login(world.county_admin), activity).content.decode()


def test_inviting_notifies_each_chosen_volunteer_once(world, login, activity, candidates):
    near, far, _unskilled = candidates
    client = login(world.county_admin)
    url = reverse("matching:invite", args=[activity.pk])
    assert client.post(url, {"volunteer": [far.pk]}).status_code == 302
    assert list(Invitation.objects.values_list("volunteer", flat=True)) == [far.pk]
    [note] = Notification.objects.filter(person=far.user)
    assert note.kind == "activity_invited" and "义务理发进社区" in note.title
    assert not Notification.objects.filter(person=near.user).exists()
    body = page(client, activity).content.decode()
    assert "已邀请 1 人" in body and near.user.name in body
    # Twice: the invited volunteer is no longer a candidate, and nothing more is written.
    response = client.post(url, {"volunteer": [far.pk]}, follow=True)
    assert "有些所选人员已不在候选人之列" in response.content.decode()
    assert Invitation.objects.count() == 1 and Notification.objects.filter(person=far.user).count() == 1


def test_a_forged_volunteer_of_another_county_cannot_be_invited(world, login, activity, candidates):
    near, _far, _unskilled = candidates
    client = login(world.county_admin)
    url = reverse("matching:invite", args=[activity.pk])
    client.post(url, {"volunteer": [near.pk, world.foreign_volunteer.pk]})
    assert not Invitation.objects.exists()
    client.post(url, {"volunteer": [near.pk]})
    assert list(Invitation.objects.values_list("volunteer", flat=True)) == [near.pk]


def test_another_region_s_user_can_neither_see_nor_use_the_page(world, login, activity, candidates):
    near, _far, _unskilled = candidates
    for persona in (world.outsider, world.other_social_worker, world.volunteer_user):
        client = login(persona)
        assert page(client, activity).status_code == 404
        assert client.post(reverse("matching:invite", args=[activity.pk]), {"volunteer": [near.pk]}).status_code == 404
    assert not Invitation.objects.exists()
    # The activity itself is public (its sign-up page); only the recruitment is the organiser's.
    assert login(world.volunteer_user).get(reverse("activities:detail", args=[activity.pk])).status_code == 200
    assert page(login(world.social_worker), activity).status_code == 200


def test_an_activity_without_a_map_position_asks_for_one(world, login, activity, candidates):
    Activity.objects.filter(pk=activity.pk).update(latitude=None, longitude=None)
    body = page(login(world.county_admin), activity).content.decode()
    assert "活动没有地图位置" in body


assert east  # the helper that placed the volunteers


def test_an_invitation_s_messages_belong_to_the_activity_s_area(world, login, activity, candidates):
    """李四 lives in another community: the messages about this activity are still its community's, so that
    community's admins see them on the outbox page."""
    _near, far, _unskilled = candidates
    login(world.county_admin).post(reverse("matching:invite", args=[activity.pk]), {"volunteer": [far.pk]})
    messages = Message.objects.filter(event_key=f"activity:{activity.pk}:invited:{far.pk}")
    assert messages.exists()
    assert set(messages.values_list("region_path", flat=True)) == {world.community.path}


def test_an_invited_volunteer_who_signed_up_is_counted_once(world, login, activity, candidates):
    near, far, _unskilled = candidates
    Invitation.objects.create(activity=activity, volunteer=far, invited_by=world.county_admin)
    Signup.objects.create(activity=activity, volunteer=far, status="approved")  # the invitation answered
    body = page(login(world.county_admin), activity).content.decode()
    assert "还需 1 人" in body  # of two wanted, one has come: not two


def test_a_long_list_says_it_shows_the_nearest_of_how_many(world, login, activity, haircut, candidates):
    for n in range(SHOWN):
        place_volunteer(f.volunteer(name=f"理发师{n}", region=world.community), 5 + n / 10, skills=[haircut])
    body = page(login(world.county_admin), activity).content.decode()
    assert body.count('name="volunteer"') == SHOWN
    assert f"最近的 {SHOWN} 名，共 {SHOWN + 2} 名" in body
    # A list shown whole says nothing of the kind.
    Volunteer.objects.filter(user__name__startswith="理发师").delete()
    assert "最近的" not in page(login(world.county_admin), activity).content.decode()
