from django.urls import reverse

from orgs.models import MembershipStatus, TeamMembership
from qianniu.tests import factories as f
from qianniu.tests.pages import walk


def _volunteers(world, prefix, n):
    return [f.volunteer(name=f"{prefix}{i}", region=world.community) for i in range(n)]


def test_a_team_pages_through_every_member_and_every_application(world, login):
    for v in _volunteers(world, "队员", 53):
        f.member(world.team, v)
    TeamMembership.objects.bulk_create(
        TeamMembership(team=world.team, volunteer=v, status=MembershipStatus.PENDING)
        for v in _volunteers(world, "申请人", 52)
    )
    url = reverse("orgs:team_detail", args=[world.team.pk])
    client = login(world.county_admin)
    members, totals, _ = walk(client, url, r"<td[^>]*><a [^>]*>队员(\d+)</a>", prefix="members_")
    assert sorted(map(int, members)) == list(range(53))
    assert any("55" in t for t in totals)  # 53, the leader and 张三
    pending, totals, _ = walk(
        client, url, r'data-testid="application">\s*<div><a [^>]*>申请人(\d+)</a>', prefix="pending_"
    )
    assert sorted(map(int, pending)) == list(range(52))
    assert any("52" in t for t in totals)
    assert login(world.outsider).get(url).status_code == 404
