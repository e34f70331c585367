"""The figures added for issue 16 on the dashboards: active volunteers, crisis needs, projects against their
targets, and the links from the figures by group, field and sex to the scoped lists behind them."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from dictionaries.models import ServiceField, TargetGroup
from ledger.services import entry_append
from needs import services
from projects.models import Project, ServiceItem
from stats.rollup import catch_up
from stats.tests.conftest import NO_SETTLE


def _need(world, recipient, region, worker, *, crisis, field):
    need = services.need_create(
        source="staff", by=worker, data={"recipient": recipient, "region": region, "description": "x"}
    )
    services.need_triage(need=need, by=worker, service_field=field, urgency="normal", crisis=crisis)
    return need


def _project(world, name, region, lead, people):
    today = timezone.localdate()
    return Project.objects.create(
        name=name, region=region, owner=world.team, lead=lead, method="casework", starts_on=today,
        ends_on=today + datetime.timedelta(days=100), target_people=people, target_hours=Decimal(20),
    )  # fmt: skip


def test_the_figures_lead_to_their_lists_and_projects_to_their_evaluation(world, login):
    elderly = TargetGroup.objects.first()
    world.recipient.groups.set([elderly])
    care = ServiceField.objects.get(code="life_care")
    other = ServiceField.objects.exclude(code="life_care").first()
    crisis = _need(world, world.recipient, world.community, world.social_worker, crisis=True, field=care)
    calm = _need(world, world.other_recipient, world.other_community, world.other_social_worker, crisis=False,
                 field=other)  # fmt: skip
    entry_append(
        volunteer=world.volunteer, kind="service", by=world.county_admin, activity_name="活动",
        on=timezone.localdate() - datetime.timedelta(days=5), place="社区", content="服务", hours=2,
        organiser="服务队", lead="队长",
    )  # fmt: skip
    ours = _project(world, "追光计划", world.county, world.social_worker, 26)
    ServiceItem.objects.create(project=ours, name="集中照护", service_field=care)
    _project(world, "金川暖心", world.foreign_county, world.outsider, 9)

    catch_up(settle=NO_SETTLE)  # the page's own catch-up leaves entries of the last 10 seconds
    client = login(world.county_admin)
    html = client.get(reverse("stats:dashboard", args=[world.county.code]) + "?period=month").content.decode()
    assert re.search(r'data-testid="active"><a href="/[a-z/]*volunteers/\?region=', html)
    assert re.search(r'data-testid="active"><a [^>]*>1<', html)  # the one volunteer served five days ago
    active = re.search(r'data-testid="active"><a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "active=90" in active
    listed = client.get(active).content.decode()
    assert "张三" in listed  # the one who served is listed
    assert "李四" not in listed  # who did not serve is not

    links = {m.group(2): m.group(1).replace("&amp;", "&") for m in re.finditer(r'<a href="([^"]+)">([^<]+)</a>', html)}
    evaluation = links["追光计划"]
    assert evaluation == reverse("projects:evaluation", args=[ours.pk])
    assert "金川暖心" not in html  # another county's project
    table = html[html.index('data-testid="table-projects"') :]
    assert re.search(r"追光计划</a></td><td[^>]*>26</td><td[^>]*>0</td><td[^>]*>20</td>", table)
    assert client.get(evaluation).status_code == 200

    crisis_list = client.get(links[next(k for k in links if "crisis=1" in links[k] and "status=all" in links[k])])
    body = crisis_list.content.decode()
    assert f"/needs/{crisis.pk}/" in body and f"/needs/{calm.pk}/" not in body
    field_list = client.get(links[care.name]).content.decode()
    assert f"/needs/{crisis.pk}/" in field_list and f"/needs/{calm.pk}/" not in field_list
    group_list = client.get(links[elderly.name]).content.decode()
    assert f"/needs/{crisis.pk}/" in group_list and f"/needs/{calm.pk}/" not in group_list
    sex = world.volunteer.sex
    sex_link = next(href for href in links.values() if f"sex={sex}" in href)
    assert world.volunteer.user.name in client.get(sex_link).content.decode()
    other_sex = next(href for href in links.values() if "sex=" in href and f"sex={sex}" not in href)
    assert world.volunteer.user.name not in client.get(other_sex).content.decode()

    client = login(world.outsider)
    assert client.get(evaluation).status_code == 404
    for href in (links[care.name], links[elderly.name]):
        assert client.get(href).status_code == 404
