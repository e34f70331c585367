"""Appending to the hours ledger, corrections, and the 10-working-day rule."""

import datetime
import logging
import os
from decimal import Decimal
from pathlib import Path

import chinese_calendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import check_not_own
from ledger import checkpoint, notify
from ledger.chain import CHAINED_FIELDS, SOURCE_FIELDS, Break, entry_hash, first_break
from ledger.models import ChainHead, CorrectionRequest, CorrectionStatus, EntryKind, LedgerEntry
from people.models import Volunteer
from people.services import county_of
from regions.models import Region

RECORD_WITHIN_WORKING_DAYS = 10
MAX_HOURS = Decimal(24)  # an entry is one day's service at most

logger = logging.getLogger(__name__)


class LedgerError(ValueError):
    pass


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Chinese working days after `start` up to and including `end` (holidays and make-up days counted)."""
    if end <= start:
        return 0
    try:
        return len(chinese_calendar.get_workdays(start + datetime.timedelta(days=1), end))
    except NotImplementedError:  # years the calendar does not know yet: Monday to Friday
        days = (start + datetime.timedelta(days=n) for n in range(1, (end - start).days + 1))
        return sum(1 for day in days if day.weekday() < 5)


@transaction.atomic
def entry_append(
    *,
    volunteer,
    kind: str,
    by,
    activity_name: str,
    on: datetime.date,
    place: str,
    content: str,
    hours: Decimal,
    organiser: str,
    lead: str,
    attendance=None,
    reverses=None,
    reason: str = "",
    source_kind: str | None = None,
    source_ref: str | None = None,
) -> LedgerEntry:
    """Add one entry at the end of the volunteer's county chain. Hours that come from elsewhere than an
    activity's attendance name their source (`source_kind`, `source_ref`: a home-service task of the needs
    list), which the database lets credit each volunteer once."""
    if on > timezone.localdate():
        raise LedgerError(_("No hours can be recorded for a day that has not come yet."))
    check_not_own(by, volunteer, LedgerError, _("Nobody records their own hours."))
    region = county_of(volunteer.region) or volunteer.region
    ChainHead.objects.get_or_create(region=region)
    head = ChainHead.objects.select_for_update().get(region=region)
    now = timezone.now()
    entry = LedgerEntry(
        region=region,
        seq=head.seq + 1,
        prev_hash=head.hash,
        volunteer=volunteer,
        kind=kind,
        attendance=attendance,
        activity_name=activity_name,
        on=on,
        place=place,
        content=content,
        hours=Decimal(hours).quantize(Decimal("0.01")),
        organiser=organiser,
        lead=lead,
        recorded_at=now,
        recorded_by=by,
        reverses=reverses,
        reason=reason,
        source_kind=source_kind,
        source_ref=source_ref,
        late=working_days_between(on, timezone.localdate(now)) > RECORD_WITHIN_WORKING_DAYS,
    )
    fields = {name: getattr(entry, name) for name in (*CHAINED_FIELDS, *SOURCE_FIELDS)}
    entry.hash = entry_hash(settings.LEDGER_HMAC_KEY, head.hash, fields)
    entry.save(force_insert=True)
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


def total_hours(volunteer, kind: str = EntryKind.SERVICE) -> Decimal:
    """Hours of one kind; a correction counts with the kind of the entry it reverses."""
    of_kind = Q(kind=kind) | Q(kind=EntryKind.CORRECTION, reverses__kind=kind)
    return volunteer.ledger.filter(of_kind).aggregate(total=Sum("hours"))["total"] or Decimal("0")


def hours_message() -> str:
    step = Decimal(settings.HOURS_STEP_MINUTES) / 60
    return _("Hours are more than 0 and at most 24, in steps of %(step)s hours.") % {"step": f"{step:g}"}


def hours_check(hours: Decimal) -> Decimal:
    """Hours the ledger holds: more than 0, at most a day, in steps of HOURS_STEP_MINUTES."""
    if not hours.is_finite() or not 0 < hours <= MAX_HOURS or hours * 60 % settings.HOURS_STEP_MINUTES:
        raise LedgerError(hours_message())
    return hours


def entry_from_source(*, volunteer, source_kind: str, source_ref: str) -> LedgerEntry | None:
    """The entry already credited to the volunteer from this source, if any."""
    return LedgerEntry.objects.filter(volunteer=volunteer, source_kind=source_kind, source_ref=source_ref).first()


def is_reversed(entry: LedgerEntry) -> bool:
    return LedgerEntry.objects.filter(reverses=entry).exists()


def _corrected_message() -> str:
    return _("This entry has been corrected already: ask for a correction of the entry that replaced it.")


@transaction.atomic
def correction_request(*, entry: LedgerEntry, volunteer, hours: Decimal, reason: str) -> CorrectionRequest:
    """Ask for the hours of a live entry (not a reversal, not one reversed already) to be corrected."""
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)  # one request at a time per volunteer
    if entry.volunteer_id != volunteer.pk or entry.kind == EntryKind.CORRECTION:
        raise LedgerError(_("Only your own service or training entries can be corrected."))
    if is_reversed(entry):
        raise LedgerError(_corrected_message())
    hours_check(hours)
    if not reason.strip():
        raise LedgerError(_("Give a reason."))
    if entry.correction_requests.filter(status=CorrectionStatus.PENDING).exists():
        raise LedgerError(_("A correction of this entry is waiting for the leader already."))
    earlier = CorrectionRequest.objects.filter(replacement=entry).first()
    request = CorrectionRequest.objects.create(
        entry=entry,
        attendance_id=entry.attendance_id or (earlier.attendance_id if earlier else None),
        hours=hours,
        reason=reason.strip(),
    )
    notify.correction_waiting(request)
    return request


@transaction.atomic
def correction_decide(*, request: CorrectionRequest, by, accept: bool, answer: str = "") -> CorrectionRequest:
    """Accepting writes two new entries: one reversing the old hours, one with the right hours. Nothing is
    edited or removed. Nobody decides their own request, and an entry is reversed once."""
    request = CorrectionRequest.objects.select_related("entry__volunteer").get(pk=request.pk)
    check_not_own(by, request, LedgerError)
    Volunteer.objects.select_for_update().get(pk=request.entry.volunteer_id)  # as correction_request does
    request = CorrectionRequest.objects.select_for_update().select_related("entry__volunteer").get(pk=request.pk)
    if request.status != CorrectionStatus.PENDING:
        raise LedgerError(_("This request has been decided already."))
    if not accept and not answer.strip():
        raise LedgerError(_("Give a reason."))
    entry = request.entry
    if accept:
        if is_reversed(entry):
            raise LedgerError(_corrected_message())
        common = {
            "volunteer": entry.volunteer,
            "by": by,
            "activity_name": entry.activity_name,
            "on": entry.on,
            "place": entry.place,
            "content": entry.content,
            "organiser": entry.organiser,
            "lead": entry.lead,
        }
        entry_append(kind=EntryKind.CORRECTION, hours=-entry.hours, reverses=entry, reason=request.reason, **common)
        request.replacement = entry_append(
            kind=entry.kind,
            hours=request.hours,
            reason=_("corrected: %(reason)s") % {"reason": request.reason},
            **common,
        )
    request.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REFUSED
    request.decided_by, request.decided_at, request.answer = by, timezone.now(), answer.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "answer", "replacement"])
    notify.correction_decided(request, accept)
    return request


def chain_verify(region) -> Break | None:
    """The first entry of a county's chain that does not verify under the ledger key, or where the chain
    and its stored head disagree."""
    fields = ("seq", "prev_hash", "hash", *CHAINED_FIELDS, *SOURCE_FIELDS)
    entries = LedgerEntry.objects.filter(region=region).order_by("seq", "pk").values(*set(fields))
    head = ChainHead.objects.filter(region=region).values_list("seq", "hash").first()
    return first_break(entries.iterator(chunk_size=2000), key=settings.LEDGER_HMAC_KEY, head=head)


def chained_counties():
    """Every county with a chain: entries, or a head whose entries may have been removed."""
    with_chain = Q(pk__in=LedgerEntry.objects.values("region")) | Q(pk__in=ChainHead.objects.values("region"))
    return Region.objects.filter(with_chain).order_by("code")


# --- Checkpoints: what the chain was, kept outside the database -------------------------------------------


def checkpoints_take() -> list[checkpoint.Checkpoint]:
    """Each chained county's entry count and last hash now."""
    at = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    taken = []
    for region in chained_counties():
        entries = LedgerEntry.objects.filter(region=region)
        last = entries.order_by("-seq").values("seq", "hash").first() or {"seq": 0, "hash": ""}
        count = entries.filter(seq__lte=last["seq"]).count()  # entries up to it never change: one snapshot
        taken.append(checkpoint.Checkpoint(county=region.code, seq=last["seq"], count=count, hash=last["hash"], at=at))
    return taken


def checkpoints_write(path: Path) -> list[checkpoint.Checkpoint]:
    """Append a signed line per county to `path`, flushed to the disk before returning."""
    taken = checkpoints_take()
    key = checkpoint.signing_key(settings.LEDGER_HMAC_KEY)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.writelines(checkpoint.signed_line(taken_one, key) + "\n" for taken_one in taken)
        file.flush()
        os.fsync(file.fileno())
    return taken


def checkpoints_write_daily() -> Path:
    """Today's checkpoint file in LEDGER_CHECKPOINT_DIR, and a logged error for any county whose chain does
    not verify (the Huey consumer runs this every night)."""
    path = Path(settings.LEDGER_CHECKPOINT_DIR) / f"ledger-{timezone.localdate():%Y-%m-%d}.jsonl"
    checkpoints_write(path)
    for region in chained_counties():
        broken = chain_verify(region)
        if broken:
            logger.error("ledger chain of %s broken: entry %s %s", region.code, broken.seq, broken.why)
    return path


def checkpoint_files(paths: list[Path]) -> list[Path]:
    """The files named, and the *.jsonl files of the directories named."""
    files = []
    for path in paths:
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return files


def checkpoints_compare(checkpoints: list[checkpoint.Checkpoint]) -> list[str]:
    """What the database no longer holds of what the checkpoints certified: a county with fewer entries than
    a checkpoint counted, or whose entry at a checkpoint's place has another hash."""
    failing: dict[str, list[str]] = {}
    names = dict(Region.objects.filter(code__in={c.county for c in checkpoints}).values_list("code", "name"))
    for taken in sorted(set(checkpoints), key=lambda c: (c.county, c.seq, c.at)):
        if taken.seq == 0:
            continue
        entries = LedgerEntry.objects.filter(region__code=taken.county, seq__lte=taken.seq)
        count = entries.count()
        if count < taken.count:
            failing.setdefault(taken.county, []).append(
                f"{count} entries, fewer than the {taken.count} of the checkpoint of {taken.at}"
            )
        elif entries.filter(seq=taken.seq).values_list("hash", flat=True).first() != taken.hash:
            failing.setdefault(taken.county, []).append(
                f"entry {taken.seq} has another hash than the checkpoint of {taken.at}"
            )
    problems = []
    for code, found in failing.items():  # the earliest checkpoint that fails shows where the change begins
        later = f" (and {len(found) - 1} later checkpoints)" if len(found) > 1 else ""
        problems.append(f"{code} {names.get(code, '')}: {found[0]}{later}")
    return problems


# --- Training and qualifications -------------------------------------------------------------------


@transaction.atomic
def training_record(*, session, volunteers, by) -> int:
    """Record attendance at a training: training hours in the ledger and each of its qualifications, once per
    person.
    Hours are recorded once the training has taken place, never ahead of it."""
    from ledger.models import QualificationGrant

    hours_check(Decimal(session.hours))
    if session.on > timezone.localdate():
        raise LedgerError(
            _("Training hours are recorded after the training, from %(date)s on.") % {"date": date_format(session.on)}
        )
    recorded = 0
    for volunteer in volunteers:
        if (
            QualificationGrant.objects.filter(session=session, volunteer=volunteer).exists()
            or volunteer.ledger.filter(kind=EntryKind.TRAINING, activity_name=session.title, on=session.on).exists()
        ):
            continue
        entry_append(
            volunteer=volunteer,
            kind=EntryKind.TRAINING,
            by=by,
            activity_name=session.title,
            on=session.on,
            place=session.region.name,
            content=session.content[:500],
            hours=session.hours,
            organiser=session.organiser.name,
            lead=session.trainer.name,
        )
        for qualification in session.qualifications.all():
            months = qualification.valid_months
            QualificationGrant.objects.create(
                volunteer=volunteer,
                qualification=qualification,
                session=session,
                granted_on=session.on,
                expires_on=_add_months(session.on, months) if months else None,
            )
        recorded += 1
    return recorded


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def holds_qualification(volunteer, qualification, on: datetime.date) -> bool:
    return (
        volunteer.qualifications.filter(qualification=qualification, granted_on__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .exists()
    )


# --- Recognition ---------------------------------------------------------------------------------------


def recognition(volunteer) -> dict:
    from ledger.recognition import next_threshold, points_earned, star_level

    hours = total_hours(volunteer, EntryKind.SERVICE)
    earned = points_earned(hours, per_hour=settings.TIME_BANK_POINTS_PER_HOUR, cap_hours=settings.TIME_BANK_CAP_HOURS)
    spent = volunteer.exchanges.aggregate(total=Sum("points"))["total"] or 0
    return {
        "hours": hours,
        "stars": star_level(hours, settings.STAR_LEVELS),
        "next_threshold": next_threshold(hours, settings.STAR_LEVELS),
        "rating_body": settings.STAR_RATING_BODY,
        "points": earned - spent,
        "points_earned": earned,
        "points_spent": spent,
    }


@transaction.atomic
def exchange_make(*, volunteer, item, quantity: int = 1):
    """Exchange points for an item of the love supermarket: enough stock and points, or nothing happens."""
    from ledger.models import Exchange, ShopItem

    volunteer = type(volunteer).objects.select_for_update().get(pk=volunteer.pk)
    item = ShopItem.objects.select_for_update().get(pk=item.pk)
    if not item.active or quantity < 1 or item.stock < quantity:
        raise LedgerError(_("Not enough of this item in stock."))
    cost = item.points * quantity
    if recognition(volunteer)["points"] < cost:
        raise LedgerError(_("Not enough points."))
    item.stock -= quantity
    item.save(update_fields=["stock"])
    return Exchange.objects.create(volunteer=volunteer, item=item, quantity=quantity, points=cost)


@transaction.atomic
def record_fact(*, fact, volunteer, by):
    """Add an award or a service evaluation to a volunteer's record (never one's own)."""
    check_not_own(by, volunteer, LedgerError)
    fact.volunteer, fact.recorded_by = volunteer, by
    fact.save()
    return fact
