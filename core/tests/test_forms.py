"""The shared validation helpers of qianniu/forms.py: names, dates and hours typed by users."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from core.forms import (
    BIRTH_DATE,
    HAPPENED,
    PLANNED,
    WANTED,
    NameField,
    date_field,
    normalise_name,
)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("张\u202e三", "张三"),  # right-to-left override
        ("李\u200b四", "李四"),  # zero-width space
        ("王\u200c\u200d\u200e\u200f五", "王五"),  # zero-width (non-)joiner, direction marks
        ("\ufeff赵\u2066六\u2069", "赵六"),  # byte-order mark, isolates
        ("\u202a孙\u202c七", "孙七"),  # embedding and its pop
        ("周\x00八\x1b", "周八"),  # control characters
        ("  阿布都\u3000·\t热合曼\n ", "阿布都 · 热合曼"),  # ideographic space, tabs, line breaks collapse
        ("ＷＵ　Ｌａｎ", "WU Lan"),  # full-width letters
        ("吴乌兰", "吴乌兰"),
        ("ᠨᠠ\u180eᠷᠠᠨ", "ᠨᠠ\u180eᠷᠠᠨ"),  # Mongolian script keeps its vowel separator
    ],
)
def test_a_name_is_normalised(typed, kept):
    assert normalise_name(typed) == kept


def test_a_name_of_only_invisible_characters_is_missing():
    field = NameField(max_length=5)
    with pytest.raises(forms.ValidationError, match="这个字段是必填项|This field is required"):
        field.clean("\u200b\u202e ")


def test_the_length_is_counted_after_normalising():
    assert NameField(max_length=2).clean("张\u200b\u200b\u200b三") == "张三"


# --- Dates ------------------------------------------------------------------------------------------------


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("bounds", "inside", "outside"),
    [
        (BIRTH_DATE, [datetime.date(1900, 1, 1), days(0)], [datetime.date(9999, 12, 31), days(1), days(-47000)]),
        (PLANNED, [days(-365), days(0), days(366)], [days(-367), days(367), datetime.date(9999, 12, 31)]),
        (WANTED, [days(-3000), days(366)], [days(367)]),
        (HAPPENED, [datetime.date(1990, 1, 1), days(0)], [days(1)]),
    ],
)  # fmt: skip
def test_dates_are_bounded(bounds, inside, outside):
    for day in inside:
        bounds(day)
    for day in outside:
        with pytest.raises(forms.ValidationError, match="日期不能(早|晚)于"):
            bounds(day)


def test_a_date_and_time_is_bounded_by_its_local_day():
    now = timezone.now()
    PLANNED(now + datetime.timedelta(days=300))
    with pytest.raises(forms.ValidationError, match="日期不能晚于"):
        PLANNED(now + datetime.timedelta(days=400))


def test_a_date_field_names_the_last_day_allowed():
    field = date_field("出生日期", BIRTH_DATE)
    assert field.clean("1990-01-01") == datetime.date(1990, 1, 1)
    with pytest.raises(forms.ValidationError, match=f"日期不能晚于{timezone.localdate().year}年"):
        field.clean("9999-12-31")
