"""Chinese by default, English on request, and a translation catalogue with nothing left out."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries(path: Path) -> list[tuple[str, list[str], bool, bool, str | None]]:
    """(msgid, msgstrs, fuzzy, plural, context) of each entry of a .po file."""

    def unquote(lines):
        return "".join(re.match(r'^(?:msg\w+(?:\[\d\])? )?"(.*)"$', line).group(1) for line in lines)

    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#") or line.startswith("#,")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        lines = [line for line in lines if not line.startswith("#")]
        if not lines:
            continue
        parts: dict[str, list[str]] = {}
        key = None
        for line in lines:
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ", line)
            if match:
                key = match.group(1)
            parts.setdefault(key, []).append(line)
        msgid = unquote(parts["msgid"])
        context = unquote(parts["msgctxt"]) if "msgctxt" in parts else None
        strs = [unquote(v) for k, v in parts.items() if k.startswith("msgstr")]
        entries.append((msgid, strs, fuzzy, "msgid_plural" in parts, context))
    return entries


def test_every_string_is_translated_and_compiled():
    entries = [e for e in po_entries(CATALOGUE / "django.po") if e[0]]
    assert len(entries) > 200
    assert [msgid for msgid, strs, fuzzy, _plural, _context in entries if fuzzy or not all(strs)] == []
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    def translated(msgid, plural, context):
        if context:
            return catalogue.pgettext(context, msgid)
        return catalogue.ngettext(msgid, msgid, 1) if plural else catalogue.gettext(msgid)

    stale = [
        msgid
        for msgid, strs, _fuzzy, plural, context in entries
        if "\\" not in msgid and translated(msgid, plural, context) != strs[0]
    ]
    assert stale == [], "run `make messages` to compile locale/zh_Hans"


def test_the_login_page_speaks_chinese_by_default(client):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in body
    assert "手机号" in body and "登录" in body


def test_the_language_switch_gives_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert "Mobile number" in body and "手机号" not in body


def test_the_large_text_mode_is_remembered(client):
    client.post(reverse("elder_mode"), {"on": "1", "next": reverse("login")})
    assert 'class="elder"' in client.get(reverse("login")).content.decode()
    client.post(reverse("elder_mode"), {"on": "0", "next": reverse("login")})
    assert 'class="elder"' not in client.get(reverse("login")).content.decode()


def test_the_large_text_switch_does_not_redirect_elsewhere(client):
    response = client.post(reverse("elder_mode"), {"on": "1", "next": "https://example.com/"})
    assert response["Location"] == "/"


def test_dates_follow_chinese_conventions(world, login):
    body = login(world.county_admin).get(reverse("people:volunteer_detail", args=[world.volunteer.pk])).content.decode()
    born = world.volunteer.birth_date
    assert f"{born.year}年{born.month}月{born.day}日" in body


def test_an_english_browser_still_gets_chinese_until_it_asks(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "手机号" in body
