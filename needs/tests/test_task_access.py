"""Who reads a task: its volunteer, the team it is offered to while no one has taken it, the team's leader, and
the workers of the area. A task is shown with its place and contact, so another member's task stays closed."""

from django.urls import reverse

from qianniu.tests import factories as f


def task_page(client, task):
    return client.get(reverse("needs:task_detail", args=[task.pk]))


def test_a_member_reads_their_own_and_their_team_s_task_but_not_another_member_s(world, login, need):
    f.triaged(need, by=world.social_worker)
    colleague = f.volunteer(name="王五", region=world.community)
    f.member(world.team, colleague)
    own = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, place="3号楼2单元")
    for_team = f.task_for(need, by=world.social_worker, team=world.team, place="社区活动室")
    colleagues = f.task_for(need, by=world.social_worker, volunteer=colleague, place="5号楼1单元", contact="王五家属")
    named_in_team = f.task_for(
        need, by=world.social_worker, volunteer=colleague, team=world.team, place="7号楼3单元", contact="7号楼家属"
    )

    client = login(world.volunteer_user)
    assert "3号楼2单元" in task_page(client, own).content.decode()
    assert "社区活动室" in task_page(client, for_team).content.decode()
    assert task_page(client, colleagues).status_code == 404
    assert task_page(client, named_in_team).status_code == 404
    assert "5号楼1单元" in task_page(login(colleague.user), colleagues).content.decode()


def test_a_team_task_taken_by_a_colleague_leaves_the_others_view_but_not_the_leader_s(world, login, need):
    f.triaged(need, by=world.social_worker)
    colleague = f.volunteer(name="王五", region=world.community)
    f.member(world.team, colleague)
    for_team = f.task_for(need, by=world.social_worker, team=world.team, place="社区活动室")
    assert task_page(login(world.volunteer_user), for_team).status_code == 200
    login(colleague.user).post(reverse("needs:task_respond", args=[for_team.pk, "accept"]))

    assert task_page(login(world.volunteer_user), for_team).status_code == 404
    assert "社区活动室" in task_page(login(colleague.user), for_team).content.decode()
    assert "社区活动室" in task_page(login(world.team_leader), for_team).content.decode()
    assert task_page(login(world.other_volunteer.user), for_team).status_code == 404  # another team
    assert task_page(login(world.outsider), for_team).status_code == 404
