"""Runs over a city or the province: one child run per county, each its own job on the queue; per-county
progress on the parent's page; the parent done when every county is; volunteers near a county border serving
across it when MATCHING_CROSS_COUNTY_KM allows."""

import pytest
from django.urls import reverse

from matching import execution, leases, services
from matching.models import MatchRun, ProposalKind, RunStatus
from matching.tests.conftest import place_volunteer
from people.models import Role
from qianniu.tests import factories as f


@pytest.fixture
def city(world):
    """The world's city with a second county (and a community in it), and an admin of the city."""
    city = world.county.parent
    second = f.region("150522", "科尔沁左翼后旗", "county", city)
    town = f.region("150522100001", "甘旗卡镇社区", "community", second)
    admin = f.UserFactory(name="市管理员")
    f.grant(admin, Role.REGION_ADMIN, region=city)
    f.authenticator(admin)
    return city, second, town, admin


def test_a_city_run_is_one_job_per_county_and_is_done_when_every_county_is(world, city, open_need, monday):
    city, second, town, admin = city
    place_volunteer(world.volunteer, 1)
    place_volunteer(f.volunteer(name="王五", region=town), 41)
    open_need(0)
    open_need(40, region=town, by=admin)
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    assert run.status == RunStatus.RUNNING and run.proposals.count() == 0
    first, other = run.children.order_by("region__path")
    assert (first.region, other.region) == (world.county, second)
    assert {first.status, other.status} == {RunStatus.QUEUED}

    with pytest.raises(services.MatchingError, match="该地区已有一批匹配正在进行"):
        services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)

    execution.run_execute(first.pk)
    run.refresh_from_db()
    assert (run.status, run.progress) == (RunStatus.RUNNING, 50)
    execution.run_execute(other.pk)
    run.refresh_from_db()
    assert (run.status, run.progress, run.proposed_count, run.needs_count) == (RunStatus.DONE, 100, 2, 2)
    assert other.proposals.get().volunteer.user.name == "王五"

    # Its counties free again, each can be matched on its own.
    services.run_create(region=world.community, starts_on=monday, weeks=1, by=world.county_admin)


def test_a_county_that_fails_fails_its_city_run_naming_it(world, city, open_need, monday):
    city, second, town, admin = city
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    first, other = run.children.order_by("region__path")
    execution.run_execute(first.pk)
    leases.run_fail(run_id=other.pk, reason="KeyError: 7")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == "Failed in: 科尔沁左翼后旗"


def test_volunteers_near_a_border_serve_across_it_only_when_the_setting_allows(
    world, city, open_need, monday, settings
):
    city, second, town, admin = city
    place_volunteer(world.volunteer, 42)  # lives in the first county, 2 km from a need of the second
    open_need(40, region=town, by=admin)
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    for child in run.children.all():
        execution.run_execute(child.pk)
    across = run.children.get(region=second)
    assert across.proposals.get().kind == ProposalKind.NONE

    settings.MATCHING_CROSS_COUNTY_KM = 5
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    for child in run.children.all():
        execution.run_execute(child.pk)
    across = run.children.get(region=second)
    [proposal] = across.proposals.all()
    assert proposal.volunteer == world.volunteer and float(proposal.km) == pytest.approx(2, abs=0.01)


def test_the_city_run_page_shows_each_county_s_progress_and_an_outsider_gets_404(world, city, open_need, monday, login):
    city, second, town, admin = city
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    first = run.children.get(region=world.county)
    execution.run_execute(first.pk)
    client = login(admin)
    for url in (run.get_absolute_url(), reverse("matching:progress", args=[run.pk])):
        page = client.get(url).content.decode()
        assert "科尔沁左翼中旗" in page and "科尔沁左翼后旗" in page and first.get_absolute_url() in page
        assert 'aria-valuenow="100"' in page and 'aria-valuenow="0"' in page
    listed = client.get(reverse("matching:list")).content.decode()
    assert run.get_absolute_url() in listed and first.get_absolute_url() not in listed  # counties under it

    county_admin = login(world.county_admin)
    assert county_admin.get(run.get_absolute_url()).status_code == 404  # the city is above their county
    county_page = county_admin.get(first.get_absolute_url())
    assert county_page.status_code == 200 and "这是通辽市" in county_page.content.decode()
    assert first.get_absolute_url() in county_admin.get(reverse("matching:list")).content.decode()
    outsider = login(world.outsider)
    for url in (run.get_absolute_url(), reverse("matching:progress", args=[run.pk]), first.get_absolute_url()):
        assert outsider.get(url).status_code == 404


def test_a_run_of_one_county_is_not_fanned_out(world, monday):
    run = services.run_create(region=world.county, starts_on=monday, weeks=1, by=world.county_admin)
    assert run.status == RunStatus.QUEUED and not MatchRun.objects.filter(parent=run).exists()
