"""The days a weekly series leaves out, as the booking form and the group's plan form read them."""

import datetime

import pytest
from django import forms
from django.utils import translation

from venues.forms import DaysField


def test_days_are_read_from_spaces_and_both_kinds_of_comma():
    days = DaysField().clean("2026-10-14, 2026-10-21，2026-10-28  2026-10-14")
    assert days == {datetime.date(2026, 10, 14), datetime.date(2026, 10, 21), datetime.date(2026, 10, 28)}
    assert DaysField().clean("") == set()


@pytest.mark.parametrize("typed", ["2026-13-01", "10月14日", "2026/10/14"])
def test_a_day_not_written_as_a_date_is_refused_in_chinese(typed):
    with translation.override("zh-hans"), pytest.raises(forms.ValidationError, match="日期请写成 2026-10-14 的格式"):
        DaysField().clean(f"2026-10-07 {typed}")


def test_more_than_400_characters_are_refused():
    with pytest.raises(forms.ValidationError, match="400"):
        DaysField().clean(" ".join(["2026-10-14"] * 40))
