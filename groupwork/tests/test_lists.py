from django.urls import reverse

from groupwork.models import Group
from qianniu.tests.pages import walk

ROW = r'href="/groups/(\d+)/"'


def test_the_group_list_pages_through_every_group(world, login):
    Group.objects.bulk_create(
        Group(name=f"小组{n}", region=world.community, social_worker=world.social_worker, goals="x") for n in range(230)
    )
    ids, totals, _ = walk(login(world.social_worker), reverse("groupwork:list"), ROW)
    assert len(set(ids)) == len(ids) == 230  # 200 before
    assert any("230" in total for total in totals)
    assert walk(login(world.outsider), reverse("groupwork:list"), ROW)[0] == []
