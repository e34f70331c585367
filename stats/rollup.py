"""The incremental job that keeps the facts current, and the rebuild from scratch.

Each source is read from its watermark: the ledger by id (it is append-only), needs by the id of their timeline's
events (every service that changes a need writes one) and by their own id, matching proposals by their run's
`finished_at` (a run commits them all at once as it finishes), volunteers and recipients by their update time
(re-reading a margin before it, which is harmless: a row's change is applied as the difference between what it
contributed last and what it contributes now, kept in `Contribution`). Organisations are few and have no update
time: the periodic job compares all of them. A fact is kept for the leaf region and for every region above it,
so a dashboard reads a handful of rows whatever the size of the subtree.
"""

import datetime
import itertools
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from casework.models import Action, Case, CaseEvent
from ledger.models import EntryKind, LedgerEntry
from matching.models import MatchRun, Proposal
from needs.models import Need, NeedEvent
from orgs.models import Organisation
from people.models import Recipient, Volunteer
from regions.models import Region
from stats.models import Contribution, Fact, Watermark
from stats.sources import (
    active_rows,
    case_rows,
    entry_rows,
    need_rows,
    organisation_rows,
    recipient_rows,
    volunteer_rows,
)

BATCH = 2000
UPDATE_MARGIN = datetime.timedelta(minutes=5)
ID_MARGIN = 200
SETTLE = datetime.timedelta(seconds=10)
SOURCES = ("ledger", "need", "need_event", "proposal", "volunteer", "case_event", "recipient")

Key = tuple[int, str, str, datetime.date]


class Deltas:
    """Changes to facts, by leaf region, summed before they are written once for the leaf and its ancestors."""

    def __init__(self):
        self.by_key: dict[Key, Decimal] = defaultdict(Decimal)
        self._ancestors: dict[int, list[int]] = {}

    def add(self, region_id: int, rows, sign: int = 1) -> None:
        for metric, dim, period, value in rows:
            self.by_key[(region_id, metric, dim, period)] += sign * Decimal(value)

    def ancestors(self) -> dict[int, list[int]]:
        leaves = {key[0] for key in self.by_key}
        missing = leaves - set(self._ancestors)
        if missing:
            paths = dict(Region.objects.filter(pk__in=missing).values_list("pk", "path"))
            codes = {code for path in paths.values() for code in path.strip("/").split("/")}
            ids = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
            for pk, path in paths.items():
                self._ancestors[pk] = [ids[code] for code in path.strip("/").split("/")]
        return self._ancestors

    def write(self) -> int:
        """Add the deltas to the facts of the leaves and their ancestors; returns the facts touched."""
        ancestors = self.ancestors()
        totals: dict[Key, Decimal] = defaultdict(Decimal)
        for (region_id, metric, dim, period), value in self.by_key.items():
            for ancestor in ancestors[region_id]:
                totals[(ancestor, metric, dim, period)] += value
        totals = {key: value for key, value in totals.items() if value}
        if not totals:
            return 0
        existing = {}
        for fact in Fact.objects.filter(
            region_id__in={k[0] for k in totals},
            metric__in={k[1] for k in totals},
            period__in={k[3] for k in totals},
        ):
            existing[(fact.region_id, fact.metric, fact.dim, fact.period)] = fact
        changed, new = [], []
        for key, value in totals.items():
            fact = existing.get(key)
            if fact is None:
                new.append(Fact(region_id=key[0], metric=key[1], dim=key[2], period=key[3], value=value))
            else:
                fact.value += value
                changed.append(fact)
        Fact.objects.bulk_update(changed, ["value"], batch_size=1000)
        Fact.objects.bulk_create(new, batch_size=1000)
        self.by_key.clear()
        return len(totals)


def _serial(rows) -> list:
    return [[metric, dim, period.isoformat(), str(value)] for metric, dim, period, value in rows]


def _parse(rows) -> list:
    return [(m, d, datetime.date.fromisoformat(p), Decimal(v)) for m, d, p, v in rows]


def _apply_contributions(deltas: Deltas, source: str, objects, rows_of) -> list:
    """Apply each object's change: subtract its last contribution, add its new one, remember the new one.
    Returns the objects whose contribution changed."""
    old = {c.object_id: c for c in Contribution.objects.filter(source=source, object_id__in=[o.pk for o in objects])}
    changed, new = [], []
    for obj in objects:
        rows = _serial(rows_of(obj))
        before = old.get(obj.pk)
        if before is not None and before.rows == rows and before.region_id == obj.region_id:
            continue
        if before is not None:
            deltas.add(before.region_id, _parse(before.rows), -1)
            before.rows, before.region_id = rows, obj.region_id
            changed.append(before)
        else:
            new.append(Contribution(source=source, object_id=obj.pk, region_id=obj.region_id, rows=rows))
        deltas.add(obj.region_id, _parse(rows))
    Contribution.objects.bulk_update(changed, ["rows", "region_id"], batch_size=1000)
    Contribution.objects.bulk_create(new, batch_size=1000)
    touched = {contribution.object_id for contribution in (*changed, *new)}
    return [obj for obj in objects if obj.pk in touched]


def _apply_by_id(deltas: Deltas, source: str, ids, read, rows_of) -> None:
    """Apply the change of the objects of `ids`, BATCH at a time in id order (`read(ids)`: those objects with
    what `rows_of` reads of them)."""
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        _apply_contributions(deltas, source, list(read(ids[start : start + BATCH])), rows_of)
        deltas.write()


def _apply_active(deltas: Deltas, volunteers, days: dict[int, datetime.date]) -> None:
    """Each volunteer's last day of service (for "active in the last 90 days"), at the volunteer's region now:
    the later of the day remembered and `days` (the latest day of their new service entries). The ledger only
    grows, so the ledger itself is never read again; a volunteer who never served is not remembered."""
    old = dict(
        Contribution.objects.filter(source="active", object_id__in=[v.pk for v in volunteers]).values_list(
            "object_id", "rows"
        )
    )
    last = {}
    for volunteer in volunteers:
        remembered = old.get(volunteer.pk)
        day = datetime.date.fromisoformat(remembered[0][2]) if remembered else None
        new = days.get(volunteer.pk)
        if new is not None and (day is None or new > day):
            day = new
        if day is not None:
            last[volunteer] = day
    _apply_contributions(deltas, "active", list(last), lambda volunteer: active_rows(last[volunteer]))


def needs_with_parts(queryset):
    latest = Proposal.objects.filter(need_id=OuterRef("pk")).order_by("-run_id", "-pk")
    return (
        queryset.select_related("service_field", "evaluation", "recipient")
        .prefetch_related("recipient__groups", "events", "tasks", "dispatches")
        .annotate(
            match_kind=Subquery(latest.values("kind")[:1]),
            match_reason=Subquery(latest.values("explanation__reason")[:1]),
        )
    )


def _watermarks(*, wait: bool) -> dict[str, Watermark] | None:
    for source in SOURCES:
        Watermark.objects.get_or_create(source=source)
    marks = Watermark.objects.select_for_update(skip_locked=not wait).filter(source__in=SOURCES)
    marks = {mark.source: mark for mark in marks}
    return marks if len(marks) == len(SOURCES) else None


def _catch_up_ledger(deltas: Deltas, mark: Watermark, settle: datetime.timedelta) -> None:
    """Entries are added once each (the ledger only grows), in id order, up to the first one recorded less than
    `settle` ago: one with a smaller id may still be committing (ids are given at insert, rows seen at commit)."""
    cutoff = timezone.now() - settle
    while True:
        entries = list(
            LedgerEntry.objects.filter(pk__gt=mark.last_id)
            .select_related("volunteer")
            .only("pk", "kind", "on", "hours", "recorded_at", "volunteer__region_id")
            .order_by("pk")[: BATCH * 10]
        )
        settled = list(itertools.takewhile(lambda entry: entry.recorded_at <= cutoff, entries))
        if not settled:
            return
        served, days = {}, {}
        for entry in settled:
            deltas.add(entry.volunteer.region_id, entry_rows(entry))
            if entry.kind == EntryKind.SERVICE:
                served[entry.volunteer.pk] = entry.volunteer
                days[entry.volunteer.pk] = max(entry.on, days.get(entry.volunteer.pk, entry.on))
        _apply_active(deltas, list(served.values()), days)
        mark.last_id = settled[-1].pk
        deltas.write()
        if len(settled) < len(entries):
            return


def ids_since_mark(rows, mark: Watermark, top: int, field: str = "pk") -> set:
    """`field` of the rows with an id above the mark up to `top`, and of those in the margin below the mark that
    were missing at the last read (a row may commit after one with a larger id: ids are given at insert, rows
    seen at commit); the whole margin when that is not known. The ids still missing within ID_MARGIN of `top`
    are kept on the mark for the next read, and the mark moves to `top`. A margin read again in full on every
    call cost the page's catch-up the needs of 200 events each time, though nothing had changed."""
    low = mark.last_id - ID_MARGIN
    earlier = set(mark.margin) if mark.margin is not None else None
    if earlier is None:
        wanted = Q(pk__gt=low, pk__lte=top)
    else:
        wanted = Q(pk__gt=mark.last_id, pk__lte=top) | Q(pk__in=sorted(earlier))
    found = dict(rows.filter(wanted).order_by().values_list("pk", field))

    def candidate(pk):
        return pk > mark.last_id or (pk > low if earlier is None else pk in earlier)

    start = max(top - ID_MARGIN, low, 0)
    mark.margin = [pk for pk in range(start + 1, top + 1) if candidate(pk) and pk not in found]
    mark.last_id = top
    return set(found.values())


def _catch_up_needs(deltas: Deltas, marks: dict[str, Watermark]) -> None:
    by_event, by_id, by_proposal = marks["need_event"], marks["need"], marks["proposal"]
    now = timezone.now()
    top_event = NeedEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    top_need = Need.objects.aggregate(top=Max("pk"))["top"] or 0
    touched = ids_since_mark(NeedEvent.objects.all(), by_event, top_event, "need_id")
    touched |= ids_since_mark(Need.objects.all(), by_id, top_need)
    # A matching run's proposals change why an unanswered need is unserved. A run writes them all in one
    # transaction as it finishes, their ids given long before it commits (and below those of a run that finished
    # first): they are read by the run's finishing time, with a margin before the mark, not by id; a run read
    # once (it is seen whole, or not at all) is not read again within the margin.
    runs = MatchRun.objects.filter(finished_at__isnull=False)
    if by_proposal.last_at is not None:
        runs = runs.filter(finished_at__gte=by_proposal.last_at - UPDATE_MARGIN)
    finished = dict(runs.values_list("pk", "finished_at"))
    new_runs = set(finished) - set(by_proposal.margin or ())
    touched |= set(Proposal.objects.filter(run__in=new_runs).values_list("need_id", flat=True))
    _apply_by_id(deltas, "need", touched, lambda ids: needs_with_parts(Need.objects.filter(pk__in=ids)), need_rows)
    by_proposal.last_at = now
    by_proposal.margin = sorted(pk for pk, at in finished.items() if at >= now - UPDATE_MARGIN)


def cases_with_parts(queryset):
    return queryset.only("pk", "region_id", "opened_at", "crisis_due_at", "crisis_responded_at").annotate(
        flagged_at=Max("events__at", filter=Q(events__action=Action.CRISIS))
    )


def _catch_up_cases(deltas: Deltas, mark: Watermark) -> None:
    """Cases by the id of their steps: opening, a crisis flag and its first response each write one."""
    top = CaseEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    touched = ids_since_mark(CaseEvent.objects.all(), mark, top, "case_id")
    _apply_by_id(deltas, "case", touched, lambda ids: cases_with_parts(Case.objects.filter(pk__in=ids)), case_rows)


def _updated_since(rows, mark: Watermark):
    """The rows updated since the mark (less a margin), in batches in id order, but for those read already at the
    same update time (the margin's rows, kept on the mark as {id: update time}): a catch-up with nothing new
    reads only their ids and times, where it re-read every row of the last 5 minutes (all 76,000 after an
    import). Once the last batch is read, the mark moves to the time the reading began."""
    now = timezone.now()
    window = rows.model._default_manager.all()
    if mark.last_at is not None:
        window = window.filter(updated_at__gte=mark.last_at - UPDATE_MARGIN)
    seen = mark.margin if isinstance(mark.margin, dict) else {}
    kept, last = {}, 0
    while stamps := list(window.filter(pk__gt=last).order_by("pk").values_list("pk", "updated_at")[: BATCH * 5]):
        last = stamps[-1][0]
        fresh = [pk for pk, at in stamps if seen.get(str(pk)) != at.isoformat()]
        kept.update((str(pk), at.isoformat()) for pk, at in stamps if at >= now - UPDATE_MARGIN)
        if fresh:
            yield list(rows.filter(pk__in=fresh).order_by("pk"))
    mark.margin, mark.last_at = kept, now


def _catch_up_volunteers(deltas: Deltas, mark: Watermark) -> None:
    volunteers = Volunteer.objects.only("pk", "kind", "sex", "birth_date", "status", "region_id")
    for batch in _updated_since(volunteers, mark):
        _apply_contributions(deltas, "volunteer", batch, volunteer_rows)
        _apply_active(deltas, batch, {})
        deltas.write()


def _catch_up_recipients(deltas: Deltas, mark: Watermark) -> None:
    """Recipients by their update time, like volunteers: the services that change a recipient's groups save the
    recipient in the same transaction (`people.services.recipient_update`, the erasure, the back office). A
    recipient whose groups changed takes their needs' figures with them (a need counts by its recipient's groups)."""
    for batch in _updated_since(Recipient.objects.only("pk", "region_id").prefetch_related("groups"), mark):
        changed = _apply_contributions(deltas, "recipient", batch, recipient_rows)
        needs = Need.objects.filter(recipient__in=[recipient.pk for recipient in changed]).values_list("pk", flat=True)
        _apply_by_id(deltas, "need", needs, lambda ids: needs_with_parts(Need.objects.filter(pk__in=ids)), need_rows)
        deltas.write()


def _forget_deleted_recipients(deltas: Deltas) -> None:
    """A recipient deleted (in the back office) takes back what it added: one anti-join, no count."""
    gone = Contribution.objects.filter(source="recipient").exclude(object_id__in=Recipient.objects.values("pk"))
    for contribution in gone:
        deltas.add(contribution.region_id, _parse(contribution.rows), -1)
    Contribution.objects.filter(pk__in=[c.pk for c in gone]).delete()
    deltas.write()


def _compare_organisations(deltas: Deltas) -> None:
    organisations = list(Organisation.objects.only("pk", "kind", "region_id"))
    _apply_contributions(deltas, "organisation", organisations, organisation_rows)
    present = {organisation.pk for organisation in organisations}
    gone = Contribution.objects.filter(source="organisation").exclude(object_id__in=present)
    for contribution in gone:
        deltas.add(contribution.region_id, _parse(contribution.rows), -1)
    gone.delete()
    deltas.write()


def catch_up(*, organisations: bool = True, wait: bool = True, settle: datetime.timedelta = SETTLE) -> bool:
    """Bring the facts up to date. `organisations=False` skips the full comparison of organisations and the sweep
    of deleted recipients (the catch-up before a page is read); `wait=False` returns False at once when another
    process is catching up."""
    with transaction.atomic():
        marks = _watermarks(wait=wait)
        if marks is None:
            return False
        deltas = Deltas()
        _catch_up_ledger(deltas, marks["ledger"], settle)
        _catch_up_needs(deltas, marks)
        _catch_up_cases(deltas, marks["case_event"])
        _catch_up_volunteers(deltas, marks["volunteer"])
        _catch_up_recipients(deltas, marks["recipient"])
        if organisations:
            _compare_organisations(deltas)
            _forget_deleted_recipients(deltas)
        for mark in marks.values():
            mark.save()
    return True


def rebuild(*, settle: datetime.timedelta = SETTLE) -> None:
    """Forget every fact and read every source again."""
    with transaction.atomic():
        Fact.objects.all().delete()
        Contribution.objects.all().delete()
        Watermark.objects.all().delete()
    catch_up(settle=settle)
