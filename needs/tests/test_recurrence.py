"""The dates of a recurring need: every week, every two weeks, monthly on the same date or the same weekday."""

import datetime

from needs.recurrence import dates_between

D = datetime.date


def test_every_two_weeks_keeps_the_parity_of_its_first_date():
    assert dates_between("biweekly", D(2026, 12, 1), D(2026, 12, 10), D(2027, 1, 10)) == [
        D(2026, 12, 15),
        D(2026, 12, 29),
    ]
    assert dates_between("weekly", D(2026, 12, 1), D(2026, 11, 10), D(2026, 12, 10)) == [D(2026, 12, 1), D(2026, 12, 8)]


def test_monthly_on_the_31st_skips_the_months_without_one():
    assert dates_between("monthly", D(2026, 1, 31), D(2026, 1, 1), D(2026, 6, 30)) == [
        D(2026, 1, 31),
        D(2026, 3, 31),
        D(2026, 5, 31),
    ]


def test_monthly_on_the_first_monday_and_on_the_last_tuesday():
    # 7 December 2026 is the first Monday of its month; 29 December the fifth (last) Tuesday.
    assert dates_between("monthly_weekday", D(2026, 12, 7), D(2026, 12, 1), D(2027, 3, 31)) == [
        D(2026, 12, 7),
        D(2027, 1, 4),
        D(2027, 2, 1),
        D(2027, 3, 1),
    ]
    assert dates_between("monthly_weekday", D(2026, 12, 29), D(2027, 1, 1), D(2027, 3, 31)) == [
        D(2027, 1, 26),
        D(2027, 2, 23),
        D(2027, 3, 30),
    ]


def test_no_date_before_the_first_one():
    assert dates_between("monthly", D(2027, 2, 10), D(2027, 1, 1), D(2027, 2, 9)) == []
    assert dates_between("monthly_weekday", D(2027, 2, 10), D(2027, 1, 1), D(2027, 2, 28)) == [D(2027, 2, 10)]
