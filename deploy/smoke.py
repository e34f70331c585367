"""The smoke test of a deployment over HTTP: every demo role signs in and opens its home page, a volunteer
checks in and out of the activity under way, a matching run goes through the Huey consumer."""

import base64
import hashlib
import hmac
import re
import struct
import time
from dataclasses import dataclass

from deploy.client import Client, Response
from deploy.stack import log

DEMO_OTP_SECRET = "QIANNIUDEMOQIANNIUDEMOQIANNIUDEM"  # noqa: S105 - README.md: the demo authenticator key
PASSWORD = "qianniu2026"  # noqa: S105 - README.md: the published password of every demo account
CURRENT_ACTIVITY = "关爱独居老人上门探访"  # demo/activities.py: the activity under way, whose QR code works
# README.md's table: the mobile number of each role.
ROLES = {
    "back office (superuser)": "13800000000",
    "county admin": "13800000001",
    "community social worker": "13800000002",
    "supervisor": "13800000003",
    "team leader": "13800000004",
    "volunteer": "13800000005",
    "department liaison": "13800000006",
    "resident": "13800000007",
    "region admin of another county": "13800000008",
}


class SmokeFailure(AssertionError):
    pass


def expect(condition: bool, what: str, response: Response | None = None) -> None:
    if not condition:
        detail = f" ({response.status} {response.url}: {strip(response.text)[:300]})" if response else ""
        raise SmokeFailure(what + detail)


def strip(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def demo_names(load_demo_output: str) -> dict[str, str]:
    """The name of each demo account, from what load_demo prints: '  role  phone  name（where）'."""
    names = {}
    for line in load_demo_output.splitlines():
        match = re.match(r"\s+(.+?)\s+(1380000000\d)\s+(\S+?)（", line)
        if match:
            names[match.group(2)] = match.group(3)
    return names


@dataclass
class Roles:
    """A signed-in client per role."""

    port: int
    names: dict[str, str]

    def __post_init__(self):
        self.clients: dict[str, Client] = {}

    def sign_in_all(self) -> dict[str, float]:
        """Each role signs in from its own address and opens its home page: 200, in Chinese, its name."""
        seconds = {}
        for number, (role, phone) in enumerate(ROLES.items(), start=10):
            client = Client(self.port, address=f"198.51.100.{number}")
            page = client.get("/login/")
            expect(page.status == 200 and 'lang="zh-hans"' in page.text, f"{role}: the sign-in page", page)
            expect("登录" in page.text, f"{role}: the sign-in page is in Chinese", page)
            home = client.submit(page, username=phone, password=PASSWORD)
            if home.url.startswith("/account/two-factor/verify/"):  # superusers and region admins: the code too
                home = pass_two_factor(client, home, role)
            expect(home.url == "/", f"{role}: signing in leads to the home page", home)
            expect(home.status == 200, f"{role}: the home page answers 200", home)
            expect(f"您好，{self.names.get(phone, '')}" in home.text, f"{role}: the home page greets in Chinese", home)
            expect("Content-Security-Policy".lower() in home.headers, f"{role}: the policy header", home)
            seconds[role] = home.seconds
            self.clients[role] = client
            log(f"  {role} ({phone}) signed in, home page 200 in {home.seconds * 1000:.0f} ms")
        return seconds

    def close(self):
        for client in self.clients.values():
            client.close()


def demo_totp(at: float | None = None) -> str:
    """The current code of the demo authenticator (RFC 6238: HMAC-SHA1, 30 s, 6 digits), as a phone shows it."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(DEMO_OTP_SECRET), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def pass_two_factor(client: Client, page: Response, role: str) -> Response:
    """Give the authenticator's code; a code is good once, so if this account used the current one already
    (a second sign-in within 30 s), wait for the next."""
    for _attempt in range(2):
        answer = client.submit(page, code=demo_totp())
        if not answer.url.startswith("/account/two-factor/verify/"):
            return answer
        time.sleep(30 - time.time() % 30 + 1)
        page = answer
    raise SmokeFailure(f"{role}: the two-factor code was refused twice")


def check_in_and_out(roles: Roles) -> str:
    """The leader shows the QR code; the volunteer opens it, checks in, checks out; the hours are recorded."""
    leader, volunteer = roles.clients["team leader"], roles.clients["volunteer"]
    activities = leader.get("/activities/")
    found = re.search(rf'href="/activities/(\d+)/"[^>]*>(?:<div[^>]*>)?\s*{CURRENT_ACTIVITY}', activities.text)
    expect(found is not None, "the leader's activity list shows the activity under way", activities)
    qr = leader.get(f"/activities/{found.group(1)}/qr/")
    expect(qr.status == 200, "the leader's QR page", qr)
    attend_url = re.search(r'data-url="https://[^/"]+(/attend/[^"]+)"', qr.text)
    expect(attend_url is not None, "the QR page carries the check-in address", qr)

    scanned = volunteer.get(attend_url.group(1))
    expect(scanned.status == 200 and CURRENT_ACTIVITY in scanned.text, "the volunteer opens the scanned code", scanned)
    if "/attend-submit/in/" in scanned.text:
        checked_in = volunteer.submit(scanned, "/attend-submit/in/")
        expect(checked_in.status == 200 and "签到" in checked_in.text, "the volunteer checks in", checked_in)
    else:  # the demo checked the first volunteers in already
        expect("/attend-submit/out/" in scanned.text, "a checked-in volunteer is offered the check-out", scanned)
        checked_in = scanned
    checked_out = volunteer.submit(checked_in, "/attend-submit/out/")
    expect(checked_out.status == 200 and "签退" in checked_out.text, "the volunteer checks out", checked_out)
    expect("已记录" in checked_out.text, "the check-out records the hours", checked_out)
    again = volunteer.submit(checked_in, "/attend-submit/out/")  # the phone resends: nothing is added
    expect(again.status == 200 and again.text.count("已记录") == 1, "a resent check-out changes nothing", again)
    record = volunteer.get("/me/record/")
    expect(record.status == 200 and CURRENT_ACTIVITY in record.text, "the volunteer's record lists the hours", record)
    hours = re.search(r"已记录 ([\d.]+) 小时", checked_out.text).group(1)
    log(f"  the volunteer checked in and out of {CURRENT_ACTIVITY}: {hours} hours recorded, a resend added nothing")
    return CURRENT_ACTIVITY


def matching_run_through_huey(roles: Roles, seconds: int = 180) -> float:
    """A matching run is executed by the Huey consumer through Redis: the run finishes."""
    worker = roles.clients["community social worker"]
    page = worker.get("/matching/")
    expect(page.status == 200, "the matching page", page)
    started = time.monotonic()
    run = worker.submit(page, "")
    found = re.search(r"/matching/(\d+)/progress/", run.text)
    expect(run.status == 200 and found is not None, "a run starts and shows its progress", run)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        progress = worker.get(found.group(0), extra={"HX-Request": "true"})
        expect(progress.status == 200, "the run's progress", progress)
        expect("alert-danger" not in progress.text, "the run does not fail", progress)
        if progress.headers.get("hx-refresh") == "true":
            took = time.monotonic() - started
            log(f"  matching run {found.group(1)} finished by the Huey consumer in {took:.1f} s")
            return took
        time.sleep(1)
    raise SmokeFailure(f"the matching run did not finish within {seconds} s: is the Huey consumer running?")


def read_part(roles: Roles) -> None:
    """What a restored copy must show: every role's home page, and the hours written before the backup."""
    roles.sign_in_all()
    record = roles.clients["volunteer"].get("/me/record/")
    expect(record.status == 200 and CURRENT_ACTIVITY in record.text, "the restored record has the hours", record)
    missing = roles.clients["resident"].get("/volunteers/999999999/")
    expect(missing.status == 404 and "页面不存在" in missing.text, "a missing page answers the Chinese 404", missing)
