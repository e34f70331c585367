"""Service certificates: issuing (the unit that recorded the hours certifies them) and the PDF."""

import io
import secrets
from decimal import Decimal

import segno
from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from core.pdf import cjk_font
from ledger import notify
from ledger.models import Certificate, EntryKind, LedgerEntry
from people.idcard import mask_id


class CertificateError(ValueError):
    pass


def hours_by_organiser(volunteer) -> list[dict]:
    """Service hours per recording unit, corrections included."""
    of_service = Q(kind=EntryKind.SERVICE) | Q(kind=EntryKind.CORRECTION, reverses__kind=EntryKind.SERVICE)
    rows = (
        LedgerEntry.objects.filter(of_service, volunteer=volunteer)
        .values("organiser")
        .annotate(
            hours=Sum("hours"), first_on=Min("on"), last_on=Max("on"), activities=Count("activity_name", distinct=True)
        )
        .order_by("organiser")
    )
    return [row for row in rows if row["hours"] and row["hours"] > 0]


@transaction.atomic
def certificate_issue(*, volunteer, organiser: str) -> Certificate:
    """A certificate of the hours one unit recorded. Asking again with nothing new returns the same one."""
    row = next((r for r in hours_by_organiser(volunteer) if r["organiser"] == organiser), None)
    if row is None:
        raise CertificateError(_("No service hours recorded by this unit."))
    latest = Certificate.objects.filter(volunteer=volunteer, organiser=organiser).first()
    if latest and latest.hours == row["hours"] and latest.last_on == row["last_on"]:
        return latest
    names = LedgerEntry.objects.filter(volunteer=volunteer, organiser=organiser, kind=EntryKind.SERVICE)
    content = "、".join(dict.fromkeys(names.order_by("on").values_list("activity_name", flat=True)))[:500]
    today = timezone.localdate()
    sequence = Certificate.objects.filter(number__startswith=f"QN{today.year}").count() + 1
    certificate = Certificate.objects.create(
        number=f"QN{today.year}{volunteer.region.code[:6]}{sequence:06d}",
        code=secrets.token_urlsafe(12),
        volunteer=volunteer,
        organiser=organiser,
        hours=row["hours"],
        activities=row["activities"],
        first_on=row["first_on"],
        last_on=row["last_on"],
        content=content,
    )
    notify.certificate_issued(certificate)
    return certificate


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _hours(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate after the ministry's template: who, when, which unit, how many hours, what content,
    the number and date, and a QR code to the public verification page."""
    font = cjk_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"志愿服务证明 {certificate.number}")
    width, height = A4
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 110, "志愿服务证明")
    pdf.setFont(font, 11)
    pdf.drawRightString(width - 72, height - 140, f"编号：{certificate.number}")
    volunteer = certificate.volunteer
    who = f"{volunteer.user.name}（志愿者编号 {volunteer.volunteer_number}，证件号码 {mask_id(volunteer.id_number)}）"
    text = (
        f"兹证明 {who}"
        f"于 {_date(certificate.first_on)} 至 {_date(certificate.last_on)} 期间，参加由 {certificate.organiser} "
        f"组织的志愿服务活动 {certificate.activities} 项，累计志愿服务时间 {_hours(certificate.hours)} 小时。"
    )
    y = _paragraph(pdf, font, 15, text, x=72, y=height - 200, width=width - 144)
    y = _paragraph(pdf, font, 13, f"服务内容：{certificate.content}", x=72, y=y - 16, width=width - 144)
    _paragraph(pdf, font, 15, "特此证明。", x=100, y=y - 24, width=width - 144)
    pdf.setFont(font, 13)
    pdf.drawRightString(width - 72, 250, f"出具单位（记录单位）：{certificate.organiser}")
    pdf.drawRightString(width - 72, 225, f"出具日期：{_date(timezone.localtime(certificate.issued_at))}")
    _qr(pdf, verify_url, x=72, y=120, size=120)
    pdf.setFont(font, 9)
    pdf.drawString(72, 105, "扫码或访问以下网址核验本证明：")
    pdf.drawString(72, 92, verify_url)
    pdf.drawString(72, 60, "本证明依据《志愿服务记录与证明出具办法》出具，免费提供，由记录单位据实出具。")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _paragraph(pdf, font, size, text, *, x, y, width) -> float:
    """Draw text wrapped at the width, character by character (Chinese has no spaces); return the next y."""
    pdf.setFont(font, size)
    line = ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, font, size) > width:
            pdf.drawString(x, y, line)
            y -= size * 1.8
            line = ""
        line += char
    if line:
        pdf.drawString(x, y, line)
        y -= size * 1.8
    return y


def _qr(pdf, data: str, *, x, y, size):
    """The QR code drawn as squares, so the PDF needs no image library."""
    matrix = [list(row) for row in segno.make(data, error="m").matrix]
    border = 2
    cells = len(matrix) + 2 * border
    cell = size / cells
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x + (col_index + border) * cell,
                    y + size - (row_index + border + 1) * cell,
                    cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
