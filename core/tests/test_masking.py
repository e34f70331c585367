"""One masking of a mobile number for every page, list and export (the first three and last four digits), and of a
link (its site only)."""

import pytest

from core.masking import mask_links, mask_mobile


@pytest.mark.parametrize(
    ("number", "shown"), [("13812345678", "138****5678"), ("1234567", "123****4567"), ("123456", "******"), ("", "")]
)
def test_a_mobile_number_keeps_only_its_ends(number, shown):
    assert mask_mobile(number) == shown


def test_a_link_keeps_only_its_site():
    text = "请评价本次服务 https://qn.example.cn/f/0123abcd/ 谢谢，另见 http://127.0.0.1:8000/x?y=1"
    assert mask_links(text) == "请评价本次服务 https://qn.example.cn/… 谢谢，另见 http://127.0.0.1:8000/…"
