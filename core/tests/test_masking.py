"""One masking of a mobile number for every page, list and export: the first three and last four digits."""

import pytest

from core.masking import mask_mobile


@pytest.mark.parametrize(
    ("number", "shown"), [("13812345678", "138****5678"), ("1234567", "123****4567"), ("123456", "******"), ("", "")]
)
def test_a_mobile_number_keeps_only_its_ends(number, shown):
    assert mask_mobile(number) == shown
