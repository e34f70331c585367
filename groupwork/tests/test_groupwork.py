import datetime

import pytest
from django.urls import reverse

from groupwork import services
from groupwork.models import Group, GroupStage


@pytest.fixture
def group(world):
    return services.group_create(
        name="银龄数字课堂", region=world.community, goals="学会视频通话和防诈骗", by=world.social_worker
    )


def test_a_group_moves_stage_by_stage_and_ends_with_its_evaluation(world, group):
    with pytest.raises(services.GroupError, match="要有服务对象成员"):
        services.group_advance(group=group, by=world.social_worker)  # no members: it cannot form
    member = services.member_add(group=group, by=world.social_worker, recipient=world.recipient)
    helper = services.member_add(group=group, by=world.social_worker, volunteer=world.volunteer)
    with pytest.raises(services.GroupError, match="小组形成后、结束前"):
        services.session_record(
            group=group, by=world.social_worker, on=datetime.date(2026, 12, 1), plan="x", notes="", present=[member]
        )
    for expected in (GroupStage.FORMING, GroupStage.TRANSITION, GroupStage.MATURE):
        assert services.group_advance(group=group, by=world.social_worker).status == expected
    services.session_record(
        group=group,
        by=world.social_worker,
        on=datetime.date(2026, 12, 1),
        plan="认识手机",
        notes="",
        present=[member, helper],
    )
    services.session_record(
        group=group, by=world.social_worker, on=datetime.date(2026, 12, 8), plan="视频通话", notes="", present=[helper]
    )
    rates = {row["member"].name: row["rate"] for row in services.attendance(group)}
    assert rates == {world.recipient.name: 50, world.volunteer.user.name: 100}
    with pytest.raises(services.GroupError, match="请填写结束评估来结束小组"):
        services.group_advance(group=group, by=world.social_worker)  # ending needs the evaluation
    with pytest.raises(services.GroupError, match="^请填写结束评估。$"):
        services.group_end(group=group, by=world.social_worker, evaluation=" ", goals_met=80)
    ended = services.group_end(group=group, by=world.social_worker, evaluation="8 位老人学会视频通话", goals_met=80)
    assert ended.status == GroupStage.ENDED
    with pytest.raises(services.GroupError, match="小组已结束"):
        services.member_add(group=group, by=world.social_worker, recipient=world.other_recipient)


def test_a_member_of_another_group_cannot_be_marked_present(world, group):
    other = services.group_create(name="曲艺队", region=world.community, goals="排练", by=world.social_worker)
    stranger = services.member_add(group=other, by=world.social_worker, recipient=world.recipient)
    services.member_add(group=group, by=world.social_worker, recipient=world.other_recipient)
    services.group_advance(group=group, by=world.social_worker)
    with pytest.raises(services.GroupError, match="只能为本小组成员登记出席"):
        services.session_record(
            group=group, by=world.social_worker, on=datetime.date(2026, 12, 1), plan="x", notes="", present=[stranger]
        )


def test_the_group_pages_over_http(world, login, group):
    client = login(world.social_worker)
    assert "银龄数字课堂" in client.get(reverse("groupwork:list")).content.decode()
    step = lambda name, data=None: client.post(reverse("groupwork:step", args=[group.pk, name]), data or {})  # noqa: E731
    step("member", {"recipient": world.recipient.pk})
    step("advance")
    member = group.members.get()
    step("session", {"on": "2026-12-01", "plan": "认识手机", "notes": "气氛热烈", "present": [member.pk]})
    page = client.get(group.get_absolute_url()).content.decode()
    assert "形成" in page and "认识手机" in page and "100%" in page


@pytest.mark.parametrize("persona", ["outsider", "other_social_worker", "volunteer_user", "resident", "liaison"])
def test_a_group_outside_ones_area_answers_404(world, login, group, persona):
    client = login(getattr(world, persona))
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.post(reverse("groupwork:step", args=[group.pk, "advance"])).status_code == 404
    assert Group.objects.get(pk=group.pk).status == GroupStage.PREPARING


def test_a_group_session_is_dated_within_a_year(world, login, group):
    client = login(world.social_worker)
    step = lambda name, data=None: client.post(reverse("groupwork:step", args=[group.pk, name]), data or {})  # noqa: E731
    step("member", {"recipient": world.recipient.pk})
    step("advance")
    far = (datetime.date.today() + datetime.timedelta(days=800)).isoformat()
    step("session", {"on": far, "plan": "认识手机", "notes": "", "present": []})
    assert not group.sessions.exists()
    step("session", {"on": datetime.date.today().isoformat(), "plan": "认识手机", "notes": "", "present": []})
    assert group.sessions.count() == 1


def timeline(page: str) -> str:
    return page.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]


def test_the_group_page_shows_each_step_with_who_took_it(world, login, group):
    client = login(world.social_worker)
    steps = timeline(client.get(group.get_absolute_url()).content.decode())
    assert "建立小组" in steps and world.social_worker.name in steps
    assert "进入形成期" not in steps
    client.post(reverse("groupwork:step", args=[group.pk, "member"]), {"recipient": world.recipient.pk})
    client.post(reverse("groupwork:step", args=[group.pk, "advance"]))
    steps = timeline(client.get(group.get_absolute_url()).content.decode())
    assert "加入组员" in steps and "进入形成期" in steps and steps.count(world.social_worker.name) == 3
    event = group.events.last()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "form", GroupStage.PREPARING, GroupStage.FORMING, world.social_worker
    )  # fmt: skip


def test_only_a_worker_of_the_community_moves_a_group(world, group):
    services.member_add(group=group, by=world.social_worker, recipient=world.recipient)
    with pytest.raises(services.GroupError, match="只有小组所在社区的工作人员"):
        services.group_advance(group=group, by=world.other_social_worker)
    assert services.group_advance(group=group, by=world.county_admin).status == GroupStage.FORMING
