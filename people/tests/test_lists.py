from django.urls import reverse

from orgs.models import Organisation
from qianniu.tests import factories as f
from qianniu.tests.pages import walk


def _teams(world, n):
    teams = [f.OrganisationFactory(name=f"新队{i:02d}", region=world.community) for i in range(n)]
    Organisation.objects.filter(pk__in=[t.pk for t in teams]).update(active=True)
    return teams


def test_a_volunteer_page_pages_through_every_membership(world, login):
    for team in _teams(world, 53):
        f.member(team, world.volunteer)
    url = reverse("people:volunteer_detail", args=[world.volunteer.pk])
    ids, totals, _ = walk(login(world.social_worker), url, r"<li>新队(\d+) ·")
    assert sorted(map(int, ids)) == list(range(53))
    assert any("54" in t for t in totals)  # and 团结社区牵牛花志愿服务队
    assert login(world.outsider).get(url).status_code == 404


def test_my_page_pages_through_my_teams_and_the_teams_to_join(world, login):
    teams = _teams(world, 106)
    for team in teams[:53]:
        f.member(team, world.volunteer)
    client = login(world.volunteer_user)
    mine, totals, _ = walk(client, reverse("people:me"), r"<li>新队(\d+) ·", prefix="mine_")
    assert sorted(map(int, mine)) == list(range(53))
    assert any("54" in t for t in totals)  # and 团结社区牵牛花志愿服务队
    join, _, _ = walk(client, reverse("people:me"), r'data-testid="join-team">\s*<span>新队(\d+)（', prefix="join_")
    assert sorted(map(int, join)) == list(range(53, 106))
