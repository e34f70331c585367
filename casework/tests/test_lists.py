import re

from django.urls import reverse

from casework.models import Case
from qianniu.tests.pages import walk


def many_cases(world, count):
    Case.objects.bulk_create(
        Case(
            recipient=world.recipient, region=world.community, social_worker=world.social_worker, presenting_problem="x"
        )
        for _ in range(count)
    )


def test_a_worker_with_120_cases_pages_through_all_of_them(world, login):
    many_cases(world, 120)
    ids, totals, queries = walk(login(world.social_worker), reverse("casework:list"), r'href="/cases/(\d+)/"')
    assert len(set(ids)) == len(ids) == 120
    assert set(ids) == {str(pk) for pk in Case.objects.values_list("pk", flat=True)}
    assert any(re.search(r"\b120\b", total) for total in totals)
    assert len(queries) == 3 and queries[1] == queries[2]  # 50 + 50 + 20, each page the same number of queries


def test_another_county_sees_none_of_the_cases(world, login):
    many_cases(world, 3)
    ids, _, _ = walk(login(world.outsider), reverse("casework:list"), r'href="/cases/(\d+)/"')
    assert ids == []
    ids, _, _ = walk(login(world.social_worker), reverse("casework:list"), r'href="/cases/(\d+)/"')
    assert len(ids) == 3
