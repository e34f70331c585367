"""The accessibility probe (MIIT elderly-friendly specification, WCAG 2.1 AA) over every role's main pages.

Each demo persona's pages are found by following the links of their home page and of the pages it leads to
(one page per address pattern, so /needs/12/ stands for every need), then each page is measured by
a11y_probe.js on a phone (390×844) and a desktop (1280×860), in the normal mode and in 长辈版: text contrast,
text size, touch targets and the phone keypad. The test fails on any violation and writes them all to
test-artifacts/a11y-violations.txt, with the page, the selector and the figures.
"""

import datetime
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from demo.accounts import role_phone
from demo.builder import DemoBuilder
from people.models import User, phone_index
from qianniu.tests import factories as f
from qianniu.tests.browser import ARTIFACTS, CHROMIUM
from regions.models import Region

pytest.importorskip("playwright.sync_api")


PROBE = (Path(__file__).with_name("a11y_probe.js")).read_text()
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 860}}
# The demo's accounts by number (demo/accounts.py), the back office's superuser left out: it is not a role.
PERSONAS = {
    1: "region admin",
    2: "social worker",
    3: "supervisor",
    4: "team leader",
    5: "volunteer",
    6: "department liaison",
    7: "resident",
}
PAGES_PER_PERSONA = 14
VISITS_PER_PERSONA = 22
# Not pages to read: signing out, the back office, the API (its docs page is Swagger UI, for developers),
# language and 长辈版 switches, files to download.
SKIPPED = re.compile(r"^/(logout|admin|i18n|elder-mode|api)/|export|download|\.(csv|pdf|xlsx|json)$|/qr/|certificate")


def pattern(path: str) -> str:
    return re.sub(r"/\d+/", "/N/", path)


def signed_in_cookie(user) -> str:
    """A session as the sign-in (and for admins the authenticator code) would leave it."""
    client = Client()
    client.force_login(user)
    f.two_factor_verified(client, user)
    return client.cookies["sessionid"].value


def links_of(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("nav a[href], main a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIPPED.search(parts.path):
            continue
        paths.append(parts.path)
    return paths


def visit(page, path: str) -> bool:
    response = page.goto(path, wait_until="domcontentloaded")
    return bool(response and response.status == 200 and "text/html" in response.headers.get("content-type", ""))


def measure(page, persona: str, path: str, elder: bool) -> list[dict]:
    found = []
    for device, size in WIDTHS.items():
        page.set_viewport_size(size)
        for violation in page.evaluate(PROBE, elder):
            found.append({"persona": persona, "page": path, "device": device, "elder": elder, **violation})
    return found


def crawl_and_measure(page, persona: str, origin: str, measured: set[str]) -> tuple[list[str], list[dict]]:
    """Home, the pages it links to, and the pages those link to, measured in the normal mode as they are found.
    Pages of an address pattern no persona has measured yet go first; one that another persona's crawl measured
    (the same template) is visited only for its links. Each persona's home page is their own."""
    queue, seen, pages, found, visits = ["/"], set(), [], [], 0
    while queue and visits < VISITS_PER_PERSONA and len(pages) < PAGES_PER_PERSONA:
        fresh = [i for i, path in enumerate(queue) if pattern(path) not in measured]
        path = queue.pop(fresh[0] if fresh else 0)
        if pattern(path) in seen:
            continue
        seen.add(pattern(path))
        visits += 1
        if not visit(page, path):
            continue
        if path == "/" or pattern(path) not in measured:
            pages.append(path)
            measured.add(pattern(path))
            found += measure(page, persona, path, elder=False)
        queue += [link for link in links_of(page, origin) if pattern(link) not in seen]
    return pages, found


@pytest.fixture
def demo(transactional_db):
    from conftest import ensure_reference_data

    if not Region.objects.filter(code="150521").exists():
        ensure_reference_data()
    DemoBuilder(seed=2026, volunteers=60, recipients=20, today=datetime.date.today()).build()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_every_roles_pages_pass_the_accessibility_probe(demo, browser, live_server):
    origin = live_server.url
    host = urlsplit(origin).hostname
    violations, visited, measured = [], 0, set()
    for number, persona in PERSONAS.items():
        user = User.objects.get(phone_index=phone_index(role_phone(number)))
        context = browser.new_context(base_url=origin, locale="zh-CN", viewport=WIDTHS["desktop"])
        context.add_cookies([{"name": "sessionid", "value": signed_in_cookie(user), "domain": host, "path": "/"}])
        page = context.new_page()
        paths, found = crawl_and_measure(page, persona, origin, measured)
        violations += found
        context.add_cookies([{"name": "elder_mode", "value": "1", "domain": host, "path": "/"}])
        for path in paths:
            visit(page, path)
            violations += measure(page, persona, path, elder=True)
        visited += 2 * len(paths)
        context.close()

    ARTIFACTS.mkdir(exist_ok=True)
    lines = [
        f"{v['persona']} {v['page']} {v['device']}{' 长辈版' if v['elder'] else ''}: {v['kind']} {v['figure']} "
        f"(limit {v['limit']}) {v['selector']} «{v['text']}» {v.get('colours', '')}"
        for v in violations
    ]
    (ARTIFACTS / "a11y-violations.txt").write_text("\n".join(lines) + "\n")
    counts = Counter(v["kind"] for v in violations)
    assert visited >= 2 * 40  # every persona's home and some forty other pages, in two modes
    assert not violations, f"{len(violations)} violations on {visited} page loads {dict(counts)}:\n" + "\n".join(
        lines[:60]
    )


SAMPLE = """<!doctype html><html><head><style>
body { background: #f6f5f8; font: 16px/1.6 sans-serif; margin: 8px; }
.blue { color: #0d6efd; } .badge { font-size: 12px; } .big { display: inline-block; min-width: 44px; min-height: 44px; }
</style></head><body>
<p class="blue" id="low">Bootstrap's blue on the page's grey</p>
<p style="color:#212529">Dark text <span class="badge" id="tiny">12px</span></p>
<p>A sentence that holds a <a href="#" id="inline">link</a> among its words, which is exempt.</p>
<table><tr><td><a href="#" id="cell">张三</a></td><td><a href="#" class="big">李四</a></td></tr></table>
<input type="checkbox" id="box"> <label for="box" id="box-label">理发</label>
<input type="text" name="phone" id="phone" value="">
<button disabled style="opacity:.5;color:#999;min-width:44px;min-height:44px;font-size:16px">disabled</button>
</body></html>"""


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_the_probe_finds_each_kind_of_violation_and_spares_the_exceptions(browser):
    page = browser.new_page(viewport=WIDTHS["phone"])
    page.set_content(SAMPLE)
    found = page.evaluate(PROBE, False)
    page.close()
    kinds = {(v["kind"], v["selector"].split(" > ")[-1]) for v in found}
    assert ("contrast", "p#low") in kinds
    assert next(v["figure"] for v in found if v["selector"].endswith("p#low")) == 4.14  # the figure
    assert ("size", "span#tiny") in kinds
    assert ("target", "a#cell") in kinds and ("target", "label#box-label") in kinds
    assert ("keypad", "input#phone") in kinds
    flagged = {selector for _, selector in kinds}
    assert "a#inline" not in flagged and "a.big" not in flagged  # a link in a sentence; a 44px target
    assert not [v for v in found if v["kind"] == "contrast" and "disabled" in v["text"]]  # an inactive control
    assert ("target", "input#box") not in kinds  # a labelled checkbox is measured by its label
