"""The pinyin forms of a name kept for search, read run by run of Chinese characters as pypinyin reads them."""

import pytest
from pypinyin import lazy_pinyin

from people.models import name_search_fields


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [("张三", "zhangsan", "zs"), ("王秀英", "wangxiuying", "wxy"), ("志愿者12", "zhiyuanzhe", "zyz"),
     ("Tom·李", "li", "l"), ("张 三丰", "zhangsanfeng", "zsf"), ("abc", "", ""), ("", "", "")],
)  # fmt: skip
def test_a_names_pinyin_and_initials(name, pinyin, initials):
    assert name_search_fields(name) == {"name_pinyin": pinyin, "name_initials": initials}


def test_the_pinyin_is_pypinyins_reading_of_the_whole_name_whatever_lies_between_its_characters():
    names = ["重庆长乐", "长乐重庆", "行长12行长", "单田芳x单田芳", "〇二-乐乐", "银行 行长", "重重重"]
    for name in names:
        syllables = lazy_pinyin(name, errors="ignore")
        assert name_search_fields(name) == {
            "name_pinyin": "".join(syllables),
            "name_initials": "".join(syllable[0] for syllable in syllables),
        }
