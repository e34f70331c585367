"""The page 法定节假日安排: the admins of a province (any province: the schedule is national) and the back office
enter the years past the built-in calendar, a day at a time or a year's schedule pasted whole; everyone else gets
404."""

import datetime

import pytest
from django.urls import reverse

from people.models import Role
from qianniu.tests import factories as f
from qianniu.tests.pages import walk
from regions.models import Region
from venues import calendar, selectors
from venues.models import Booking, OfficialDay, OfficialDayChange
from venues.tests.test_official_days import thursdays

D = datetime.date
NATIONAL_DAY_2027 = "2027-09-26 国庆节 上班\n2027-10-01~2027-10-07 国庆节 放假\n2027-10-09 国庆节 上班\n"


def province_admin(code: str, name: str):
    user = f.UserFactory(name=name)
    f.grant(user, Role.REGION_ADMIN, region=Region.objects.get(code=code))
    f.authenticator(user)
    return user


@pytest.fixture
def keeper(world):
    return province_admin("150000", "巴特尔")


def test_only_province_admins_and_the_back_office_see_the_page_and_its_menu_entry(world, login, keeper):
    url = reverse("venues:official_days")
    day = OfficialDay.objects.create(on=D(2027, 1, 1), kind="holiday", name="元旦")
    remove = reverse("venues:official_day_remove", args=[day.pk])
    add = reverse("venues:official_day_add")
    for user in (world.county_admin, world.social_worker, world.volunteer_user, world.team_leader, world.resident):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(add, {"on": "2027-05-01", "kind": "holiday", "name": "劳动节"}).status_code == 404
        assert client.post(reverse("venues:official_days_paste"), {"text": NATIONAL_DAY_2027}).status_code == 404
        assert client.post(remove).status_code == 404
        assert url not in client.get(reverse("home")).content.decode()
    assert list(OfficialDay.objects.values_list("on", flat=True)) == [D(2027, 1, 1)]
    page = login(keeper).get(url).content.decode()
    assert "只由省级管理员和系统后台录入一次" in page and "元旦" in page and url in page
    superuser = f.UserFactory(name="郑强", is_superuser=True, is_staff=True)
    f.authenticator(superuser)
    assert login(superuser).get(url).status_code == 200


def test_a_province_admin_adds_and_removes_a_day_and_so_may_another_province(world, login, keeper):
    client = login(keeper)
    response = client.post(
        reverse("venues:official_day_add"), {"on": "2027-05-01", "kind": "holiday", "name": "劳动节"}
    )
    assert response.status_code == 302
    assert calendar.holiday_name(D(2027, 5, 1)) == "劳动节"  # the calendar in memory is forgotten at once
    change = OfficialDayChange.objects.get()
    assert (change.on, change.by, change.removed) == (D(2027, 5, 1), keeper, False)
    day = OfficialDay.objects.get()
    other = login(province_admin("620000", "马晓梅"))  # another province: the schedule is national
    assert other.post(reverse("venues:official_day_remove", args=[day.pk])).status_code == 302
    assert not OfficialDay.objects.exists() and calendar.holiday_name(D(2027, 5, 1)) is None
    assert OfficialDayChange.objects.filter(removed=True).get().by.name == "马晓梅"


def test_a_double_submit_of_the_same_day_enters_it_once(world, login, keeper):
    client = login(keeper)
    data = {"on": "2027-10-09", "kind": "workday", "name": "国庆节"}
    for _ in range(2):
        assert client.post(reverse("venues:official_day_add"), data).status_code == 302
    assert OfficialDay.objects.count() == 1 and OfficialDayChange.objects.count() == 1
    # the same date as another kind is refused, with the day as it stands
    page = client.post(reverse("venues:official_day_add"), data | {"kind": "holiday"}, follow=True).content.decode()
    assert "2027年10月9日已录入为调休上班（国庆节）" in page
    assert OfficialDay.objects.get().kind == "workday"
    # the same paste twice adds its days once
    paste = reverse("venues:official_days_paste")
    assert client.post(paste, {"text": NATIONAL_DAY_2027}).status_code == 302
    assert client.post(paste, {"text": NATIONAL_DAY_2027}).status_code == 302
    assert OfficialDay.objects.count() == 9 and OfficialDayChange.objects.count() == 9


def test_the_pasted_national_day_makes_a_weekly_booking_skip_it_and_keep_the_make_up_day(world, centre, login, keeper):
    _venue, day_care, _rehab = centre
    response = login(keeper).post(reverse("venues:official_days_paste"), {"text": NATIONAL_DAY_2027}, follow=True)
    assert "已添加 9 天" in response.content.decode()
    kinds = dict(OfficialDay.objects.values_list("on", "kind"))
    assert [day for day, kind in sorted(kinds.items()) if kind == "in_lieu"] == [D(2027, 10, 6), D(2027, 10, 7)]
    assert kinds[D(2027, 10, 1)] == "holiday" and kinds[D(2027, 9, 26)] == "workday"
    days, series = thursdays(world, day_care)
    assert days == [D(2027, 9, 23), D(2027, 9, 30), D(2027, 10, 9), D(2027, 10, 14)]  # Saturday 9 October kept
    assert series.skipped == [{"day": "2027-10-07", "reason": "国庆节"}]
    assert calendar.known_until() == D(2027, 12, 31)
    assert set(OfficialDayChange.objects.values_list("by", flat=True)) == {keeper.pk}


def test_a_bad_line_refuses_the_whole_paste_with_its_line_number(world, login, keeper):
    text = NATIONAL_DAY_2027 + "2027-10-32 国庆节 放假\n2027-05-01~2027-05-05 劳动节 休息\n2027-10-08 国庆节 上班\n"
    response = login(keeper).post(reverse("venues:official_days_paste"), {"text": text})
    page = response.content.decode()
    assert response.status_code == 400 and "未保存任何内容" in page
    assert "第 4 行：2027-10-32 不是日期。" in page
    assert "第 5 行：“休息”不是放假、调休或上班。" in page
    assert "第 6 行：2027年10月8日本来就是工作日：调休上班日应为周六或周日。" in page
    assert "2027-10-32 国庆节 放假" in page  # the paste is kept to correct
    assert not OfficialDay.objects.exists() and not OfficialDayChange.objects.exists()
    assert not Booking.objects.exists()


def test_a_year_the_built_in_calendar_holds_is_not_entered(world, login, keeper):
    year = calendar.KNOWN_UNTIL.year
    page = login(keeper).post(reverse("venues:official_days_paste"), {"text": f"{year}-10-01 国庆节 放假"})
    assert f"第 1 行：{year}年已由系统内置日历收录" in page.content.decode()
    assert not OfficialDay.objects.exists()


def test_every_change_is_reachable_page_by_page_by_the_keepers_alone(world, login, keeper):
    for n in range(60):
        OfficialDayChange.objects.create(on=D(2027, 1, 1), kind="holiday", name=f"节日{n:02d}", by=keeper)
    url = reverse("venues:official_days")
    row = r"(节日\d\d)（"  # a change: the holiday, then its kind in brackets
    other_province = login(province_admin("620000", "马晓梅"))  # the schedule is national: so are its changes
    names, _totals, queries = walk(other_province, url, row)
    assert names == [f"节日{n:02d}" for n in reversed(range(60))]  # newest first: the 21st and the 60th too
    assert len(queries) == 3 and "节日39" not in other_province.get(url).content.decode()
    oldest = OfficialDayChange.objects.order_by("pk").first()
    for user in (world.county_admin, world.outsider):  # a county's admin, here or in another province
        assert login(user).get(f"{url}?after={oldest.pk}").status_code == 404
        assert not selectors.official_day_changes(user).exists()
