"""The certificate PDF shows Chinese text, and its QR code leads to a page that verifies it."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.certificates import certificate_issue, certificate_pdf, hours_by_organiser
from ledger.models import EntryKind
from ledger.services import correction_decide, correction_request, entry_append, total_hours
from qianniu.tests.browser import ARTIFACTS


def record(world, hours, organiser="团结社区牵牛花志愿服务队", name="上门探访"):
    return entry_append(
        volunteer=world.volunteer,
        kind=EntryKind.SERVICE,
        by=world.team_leader,
        activity_name=name,
        on=datetime.date(2026, 11, 20),
        place="团结社区",
        content="陪伴聊天",
        hours=Decimal(hours),
        organiser=organiser,
        lead="吴乌兰",
    )


def test_hours_on_record_and_certificate_agree_after_corrections(world, login):
    first = record(world, "2")
    record(world, "1.5", name="敬老院包饺子")
    record(world, "4", organiser="科左中旗民政局")
    request = correction_request(entry=first, volunteer=world.volunteer, hours=Decimal("2.5"), reason="多服务半小时")
    correction_decide(request=request, by=world.team_leader, accept=True)
    rows = {row["organiser"]: row["hours"] for row in hours_by_organiser(world.volunteer)}
    assert rows == {"团结社区牵牛花志愿服务队": Decimal("4.00"), "科左中旗民政局": Decimal("4.00")}
    assert sum(rows.values()) == total_hours(world.volunteer) == Decimal("8.00")
    client = login(world.volunteer_user)
    response = client.post(reverse("ledger:certificate_issue"), {"organiser": "团结社区牵牛花志愿服务队"})
    assert response.status_code == 302
    certificate = world.volunteer.certificates.get()
    assert certificate.hours == Decimal("4.00") and certificate.activities == 2
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Asking again with nothing new gives the same certificate.
    client.post(reverse("ledger:certificate_issue"), {"organiser": "团结社区牵牛花志愿服务队"})
    assert world.volunteer.certificates.count() == 1


def test_only_the_volunteer_downloads_the_pdf(world, login):
    record(world, "2")
    certificate = certificate_issue(volunteer=world.volunteer, organiser="团结社区牵牛花志愿服务队")
    url = reverse("ledger:certificate_pdf", args=[certificate.number])
    for user in (world.outsider, world.county_admin, world.other_volunteer.user):
        assert login(user).get(url).status_code == 404


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs poppler-utils and zbar-tools"
)
def test_the_pdf_renders_chinese_and_its_qr_code_verifies(world, client, tmp_path):
    record(world, "2.5")
    certificate = certificate_issue(volunteer=world.volunteer, organiser="团结社区牵牛花志愿服务队")
    url = "http://testserver" + reverse("ledger:verify", args=[certificate.number, certificate.code])
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate_pdf(certificate, verify_url=url))
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "page.png", ARTIFACTS / "certificate.png")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "志愿服务证明" in text and "张三" in text and "2.5 小时" in text and certificate.number in text
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True
    ).stdout.strip()
    assert decoded == url
    page = client.get(decoded.removeprefix("http://testserver"))
    body = page.content.decode()
    assert page.status_code == 200 and "张*" in body and "2.5" in body and "张三" not in body


def test_a_wrong_code_does_not_verify(world, client):
    record(world, "1")
    certificate = certificate_issue(volunteer=world.volunteer, organiser="团结社区牵牛花志愿服务队")
    assert client.get(reverse("ledger:verify", args=[certificate.number, "forged"])).status_code == 404
