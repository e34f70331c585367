"""Recruitment in real Chromium: the organiser opens "whom to invite" from the activity, reads why each
barber is proposed, invites the first; the volunteer finds the invitation in the bell."""

import pytest

from activities.models import Invitation
from matching.tests.test_recruit import activity, candidates  # noqa: F401  (fixtures)
from needs.tests.test_browser import sign_in
from qianniu.tests.browser import DESKTOP, browser_marks, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks


def test_the_organiser_invites_the_nearest_barber(world, page_for, activity, candidates):  # noqa: F811
    near, far, _unskilled = candidates
    organiser = page_for(DESKTOP)
    sign_in(organiser, world.social_worker)
    organiser.goto(f"/activities/{activity.pk}/")
    organiser.get_by_role("link", name="推荐邀请人选").click()
    items = organiser.locator("main ol.list-group > li")
    expect(items.first).to_contain_text(near.user.name)  # the one the social worker may see, 3 km away
    expect(items.first).to_contain_text("具备技能：理发")
    shot(organiser, "recruit-1-candidates")
    with organiser.expect_navigation():
        organiser.get_by_role("button", name="邀请所选志愿者").click()
    expect(organiser.locator(".alert-success")).to_contain_text("已邀请 1 位志愿者")
    assert list(Invitation.objects.values_list("volunteer", flat=True)) == [near.pk]
    expect(organiser.locator("main")).to_contain_text("已邀请 1 人")
