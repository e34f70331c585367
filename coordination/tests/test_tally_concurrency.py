"""Two refreshes of one campaign's tally at once (the periodic task and a dashboard read): the second waits for
the first and recounts, instead of failing or doubling the rows."""

import threading

import pytest
from django.db import connection, connections, transaction

from coordination.models import CampaignTally, CampaignVolunteer
from coordination.tally import campaign_figures, campaign_live, campaign_tally_refresh
from coordination.tests.test_campaign import attend

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite locks the file"),
]


def test_a_second_refresh_waits_for_the_first_and_counts_once(coord, world):
    attend(coord.activity, [world.volunteer, world.other_volunteer], world.team_leader, [2, 3])
    campaign_tally_refresh(coord.campaign)
    inside, failures = threading.Event(), []

    def second_refresh():
        try:
            inside.wait(10)
            campaign_tally_refresh(coord.campaign)
        except Exception as error:  # noqa: BLE001 - asserted below
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=second_refresh)
    thread.start()
    try:
        with transaction.atomic():
            campaign_tally_refresh(coord.campaign)  # done, not yet committed
            inside.set()
            thread.join(1)  # the second refresh starts and waits on the campaign
    finally:
        inside.set()
        thread.join(20)
    assert failures == []
    tallies = list(CampaignTally.objects.filter(campaign=coord.campaign).select_related("region"))
    assert len(tallies) == len({(t.region_id, t.month) for t in tallies}) == 3  # province, city, county, once each
    assert CampaignVolunteer.objects.filter(campaign=coord.campaign).count() == 3 * 2
    for figures in campaign_figures(coord.campaign, [t.region for t in tallies]).values():
        live = campaign_live(coord.campaign, figures.region)
        assert (figures.hours, figures.volunteers, figures.activities) == (live["hours"], live["volunteers"], 1)
