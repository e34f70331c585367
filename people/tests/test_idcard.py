import datetime

import pytest

from core.masking import mask_mobile
from people.idcard import (
    InvalidNumber,
    check_char,
    mask_id,
    normalize_mobile,
    parse_resident_id,
)

# The example number of GB 11643-1999, Annex: 11010519491231002X.
STANDARD_EXAMPLE = "11010519491231002X"


def test_it_accepts_the_standards_example_and_reads_birth_date_and_sex():
    parsed = parse_resident_id(STANDARD_EXAMPLE)
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == "F"
    assert parsed.region_code == "110105"


def test_it_accepts_a_lowercase_x_and_spaces():
    assert parse_resident_id("110105 19491231 002x").number == STANDARD_EXAMPLE


def test_it_rejects_a_forged_check_digit():
    with pytest.raises(InvalidNumber, match="^check_digit$") as error:
        parse_resident_id("110105194912310021")
    assert error.value.code == "check_digit"


@pytest.mark.parametrize("birth", ["19990230", "20011301", "19000000"])
def test_it_rejects_an_impossible_birth_date(birth):
    first17 = f"150521{birth}123"
    with pytest.raises(InvalidNumber, match="^birth_date$") as error:
        parse_resident_id(first17 + check_char(first17))
    assert error.value.code == "birth_date"


def test_it_rejects_a_birth_date_in_the_future():
    first17 = "150521209901011234"[:17]
    with pytest.raises(InvalidNumber, match="^birth_date$") as error:
        parse_resident_id(first17 + check_char(first17), today=datetime.date(2026, 11, 29))
    assert error.value.code == "birth_date"


@pytest.mark.parametrize("raw", ["", "12345", "1505211990010112", "15052119900101123Y", "X50521199001011234"])
def test_it_rejects_a_malformed_number(raw):
    with pytest.raises(InvalidNumber, match="^format$") as error:
        parse_resident_id(raw)
    assert error.value.code == "format"


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "0086-13812345678"])
def test_it_normalises_mobile_numbers(raw):
    assert normalize_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "abc"])
def test_it_rejects_bad_mobile_numbers(raw):
    with pytest.raises(InvalidNumber, match="^mobile$"):
        normalize_mobile(raw)


def test_masks_keep_only_the_ends():
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id("15052119900101123X") == "1505**********123X"


def full_width(text: str) -> str:
    """What a Chinese keyboard in full-width mode types: １１０１… and ｘ."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@pytest.mark.parametrize("typed", [full_width(STANDARD_EXAMPLE), full_width("110105 19491231 002x")])
def test_it_reads_full_width_digits_and_x(typed):
    assert parse_resident_id(typed).number == STANDARD_EXAMPLE


def test_it_reads_a_full_width_mobile_number():
    assert normalize_mobile(full_width("138 1234 5678")) == "13812345678"


@pytest.mark.parametrize("typed", ["١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "11010519491231002\u00d7"])
def test_other_scripts_digits_are_a_format_error_not_a_check_digit_error(typed):
    with pytest.raises(InvalidNumber, match="^format$") as error:
        parse_resident_id(typed)
    assert error.value.code == "format"
