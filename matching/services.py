"""Matching runs: start one, execute it (in the background queue), and decide on its proposals."""

import datetime
import logging
import time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching import core, loading
from matching.models import MatchRun, Proposal, ProposalKind, ProposalStatus, RunStatus
from needs.models import DayPart, Decline, Need, Status, Task, TaskStatus
from needs.services import NeedError, need_match_service_item, task_offer
from people.models import RegistrationStatus, Volunteer
from projects.models import ServiceItem
from regions.models import Region
from resources.compat import kinds_for
from resources.models import Resource
from resources.services import resource_use_record

log = logging.getLogger(__name__)
MAX_WEEKS = 4


class MatchingError(ValueError):
    """A request the run's state does not allow; the message says why, in the user's language."""


@transaction.atomic
def run_create(*, region: Region, starts_on: datetime.date, weeks: int, by) -> MatchRun:
    """Queue a run for the open needs of an area over one to four weeks from `starts_on`."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise MatchingError(_("A run plans one to four weeks."))
    # The county's row is the lock: runs of overlapping areas start one at a time.
    Region.objects.select_for_update().get(pk=loading.county_of(region).pk)
    overlapping = _overlapping(region)
    if overlapping.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise MatchingError(_("A run for this area is already under way. Wait for it to finish."))
    # Undecided proposals of earlier runs over the same needs give way to the new run's.
    Proposal.objects.filter(run__in=overlapping, status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.SUPERSEDED
    )
    run = MatchRun.objects.create(region=region, starts_on=starts_on, weeks=weeks, created_by=by)
    from matching.tasks import run_matching

    transaction.on_commit(lambda: run_matching(run.pk))
    return run


def _overlapping(region: Region):
    """Runs whose area contains this one or lies inside it."""
    return MatchRun.objects.filter(_covering(region, "region"))


def _progress(run: MatchRun, percent: int, stage: str):
    run.progress, run.stage = percent, stage
    run.save(update_fields=["progress", "stage"])


def run_execute(run_id: int) -> MatchRun:
    """Load, match, explain and store. Progress is saved as it goes, so the page can show it."""
    run = MatchRun.objects.select_related("region").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    timings = {}
    try:
        started = time.perf_counter()
        _progress(run, 10, "loading")
        data = loading.load(run)
        timings["load"] = time.perf_counter() - started
        _progress(run, 40, "matching")
        pool = core.Pool(data.volunteers)
        result = core.match(data.needs, pool)
        timings.update(result.seconds)
        _progress(run, 70, "explaining")
        mark = time.perf_counter()
        left_out = set(result.unserved)
        unserved = [spec for spec in data.needs if spec.id in left_out]
        offers = _offers(run, data, unserved)
        reasons = core.explain_unserved(pool, unserved)
        timings["explain"] = time.perf_counter() - mark
        _progress(run, 85, "saving")
        mark = time.perf_counter()
        proposals = _proposals(run, data, result, offers, reasons)
        with transaction.atomic():
            Proposal.objects.bulk_create(proposals, batch_size=2000)
            run.needs_count = len(data.needs) + len(data.unlocated)
            run.volunteers_count = len(data.volunteers)
            run.proposed_count = sum(p.kind != ProposalKind.NONE for p in proposals)
            run.unserved_count = sum(p.kind == ProposalKind.NONE for p in proposals)
            timings["save"] = time.perf_counter() - mark
            timings["total"] = time.perf_counter() - started
            run.timings = {name: round(seconds, 3) for name, seconds in timings.items()}
            run.status, run.progress, run.stage, run.finished_at = RunStatus.DONE, 100, "", timezone.now()
            run.save()
    except Exception as error:  # a failed run says so on its page instead of spinning for ever
        log.exception("matching run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
        run.refresh_from_db()
    return run


def _covering(region: Region, lookup: str) -> Q:
    """Rows whose region (reached by `lookup`) is this one, inside it, or above it."""
    return Q(**{f"{lookup}__path__startswith": region.path}) | Q(**{f"{lookup}__path__in": region.paths_above})


def _offers(run: MatchRun, data: loading.Loaded, unserved: list[core.NeedSpec]) -> dict[int, tuple[str, int]]:
    """Resources, then project services, for the needs no volunteer could take."""
    if not unserved:
        return {}
    need_ids = {data.occurrences[spec.id].need_id for spec in unserved}
    place, asked = {}, {}
    for pk, path, help_kind, field_code in Need.objects.filter(pk__in=need_ids).values_list(
        "pk", "region__path", "help", "service_field__code"
    ):
        place[pk], asked[pk] = path, kinds_for(help_kind=help_kind, field_code=field_code)
    wanted = [
        core.OfferNeed(
            id=spec.id,
            field=spec.field,
            place=place[data.occurrences[spec.id].need_id],
            day=spec.day,
            priority=spec.priority,
            kinds=asked[data.occurrences[spec.id].need_id],
        )
        for spec in unserved
    ]
    county = loading.county_of(run.region)
    resources = [
        core.OfferSpec(
            id=r.pk,
            field=r.service_field_id,
            area=r.area.path,
            valid_from=r.valid_from and r.valid_from.toordinal(),
            valid_until=r.valid_until and r.valid_until.toordinal(),
            remaining=r.remaining(run.starts_on),
            kind=r.kind,
        )
        for r in Resource.objects.filter(_covering(county, "area"), service_field__isnull=False).select_related("area")
    ]
    chosen = {spec_id: ("resource", pk) for spec_id, pk in core.assign_offers(wanted, resources).items()}
    items = [
        core.OfferSpec(
            id=item.pk,
            field=item.service_field_id,
            area=item.project.region.path,
            valid_from=item.project.starts_on.toordinal(),
            valid_until=item.project.ends_on.toordinal(),
        )
        for item in ServiceItem.objects.filter(
            _covering(county, "project__region"), service_field__isnull=False
        ).select_related("project__region")
    ]
    rest = [need for need in wanted if need.id not in chosen]
    chosen.update({spec_id: ("service_item", pk) for spec_id, pk in core.assign_offers(rest, items).items()})
    return chosen


def _proposals(run, data, result, offers, reasons) -> list[Proposal]:
    proposals = []
    for p in result.proposals:
        occurrence = data.occurrences[p.need]
        proposals.append(
            Proposal(
                run=run,
                need_id=occurrence.need_id,
                on=occurrence.on,
                part=loading.PART_CODE[p.part],
                kind=ProposalKind.VOLUNTEER,
                volunteer_id=p.volunteer,
                km=round(p.km, 2),
                explanation=p.explanation,
            )
        )
    for spec_id, (kind, pk) in offers.items():
        occurrence = data.occurrences[spec_id]
        proposals.append(
            Proposal(
                run=run,
                need_id=occurrence.need_id,
                on=occurrence.on,
                kind=kind,
                resource_id=pk if kind == "resource" else None,
                service_item_id=pk if kind == "service_item" else None,
                explanation={"no_volunteer": reasons[spec_id]},
            )
        )
    for spec_id, reason in reasons.items():
        if spec_id in offers:
            continue
        occurrence = data.occurrences[spec_id]
        proposals.append(
            Proposal(run=run, need_id=occurrence.need_id, on=occurrence.on, kind=ProposalKind.NONE, explanation=reason)
        )
    for occurrence in data.unlocated:
        proposals.append(
            Proposal(
                run=run,
                need_id=occurrence.need_id,
                on=occurrence.on,
                kind=ProposalKind.NONE,
                explanation={"reason": "location", "counts": []},
            )
        )
    return proposals


def _check_volunteer_free(proposal: Proposal, volunteer: Volunteer):
    """What may have changed since the run: a decline, the need's own task that day, the volunteer's week."""
    if Decline.objects.filter(need_id=proposal.need_id, volunteer=volunteer).exists():
        raise MatchingError(_("This volunteer has declined this need. Choose another."))
    live = [TaskStatus.OFFERED, TaskStatus.ACCEPTED, TaskStatus.DONE]
    if Task.objects.filter(need_id=proposal.need_id, on=proposal.on, status__in=live).exists():
        raise MatchingError(_("This need already has a task on that day."))
    monday = proposal.on - datetime.timedelta(days=proposal.on.weekday())
    week = Task.objects.filter(volunteer=volunteer, on__range=(monday, monday + datetime.timedelta(days=6)))
    if week.filter(status__in=live).count() >= volunteer.weekly_capacity:
        raise MatchingError(_("This volunteer's week is full now. Choose another."))


def _task_text(need: Need, part: str) -> str:
    """What the volunteer reads: the kind of service and the skills, never the need's description, which may
    hold health or family details (the worker adds those when they talk)."""
    labels = [need.service_field.label] if need.service_field else []
    labels += [skill.label for skill in need.required_skills.all()]
    text = " · ".join(labels) or _("A visit to the person served")
    return _("%(what)s (%(when)s)") % {"what": text, "when": DayPart(part).label} if part else text


def _decided(proposal: Proposal, by, status: str):
    proposal.status, proposal.decided_by, proposal.decided_at = status, by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "task"])


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by) -> Proposal:
    """Turn a proposal into the real thing: a task the volunteer accepts or declines in their task list, a
    resource use, or a link to the project service. Each need is locked by the service it goes through."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("need", "volunteer").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise MatchingError(_("This proposal has been decided already."))
    need = proposal.need
    if proposal.on < timezone.localdate():
        raise MatchingError(_("This proposal's day has passed. Start a new run."))
    if need.status not in {Status.TRIAGED, Status.IN_SERVICE}:
        raise MatchingError(_("This need is no longer waiting for an answer."))
    if proposal.kind == ProposalKind.VOLUNTEER:
        _check_volunteer_free(proposal, proposal.volunteer)
        what = _task_text(need, proposal.part)
        proposal.task = task_offer(
            need=need,
            by=by,
            what=what,
            on=proposal.on,
            place=need.address or _("at the home of the person served"),
            contact=by.name,
            volunteer=proposal.volunteer,
        )
    elif proposal.kind == ProposalKind.RESOURCE:
        resource_use_record(resource=proposal.resource, by=by, quantity=1, need=need, on=proposal.on)
    elif proposal.kind == ProposalKind.SERVICE_ITEM:
        need_match_service_item(need=need, by=by, item=proposal.service_item)
    else:
        raise MatchingError(_("There is nothing to accept for this need."))
    _decided(proposal, by, ProposalStatus.ACCEPTED)
    return proposal


def proposals_accept(*, proposals, by) -> tuple[int, list[str]]:
    """Accept many; each on its own, so one that cannot be accepted (the need ended meanwhile, the volunteer
    left) does not undo the others. Returns how many were accepted and why the others were not."""
    accepted, problems = 0, []
    for proposal in proposals:
        try:
            proposal_accept(proposal=proposal, by=by)
            accepted += 1
        except (MatchingError, NeedError) as error:
            problems.append(
                _("Need #%(need)s on %(day)s: %(problem)s")
                % {"need": proposal.need_id, "day": date_format(proposal.on), "problem": error}
            )
    return accepted, problems


@transaction.atomic
def proposals_reject(*, proposals, by) -> int:
    rejected = 0
    for proposal in Proposal.objects.select_for_update().filter(
        pk__in=[p.pk for p in proposals], status=ProposalStatus.PROPOSED
    ):
        _decided(proposal, by, ProposalStatus.REJECTED)
        rejected += 1
    return rejected


@transaction.atomic
def proposal_change(*, proposal: Proposal, volunteer_id: int, by) -> Proposal:
    """Put one of the run's other candidates for this need in place of the proposed volunteer."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED or proposal.kind != ProposalKind.VOLUNTEER:
        raise MatchingError(_("Only an undecided volunteer proposal can be changed."))
    alternatives = {int(vid): km for vid, km in proposal.explanation.get("alternatives", [])}
    if volunteer_id not in alternatives:
        raise MatchingError(_("Choose one of the other candidates the run found for this need."))
    volunteer = Volunteer.objects.filter(pk=volunteer_id, status=RegistrationStatus.REGISTERED).first()
    if volunteer is None:
        raise MatchingError(_("This volunteer's registration is not active."))
    if proposal.part and loading.PART_INDEX[proposal.part] + 3 * proposal.on.weekday() not in {
        loading.slot_of(window) for window in volunteer.availability or []
    }:
        raise MatchingError(_("This volunteer is not free at that time. Choose another."))
    _check_volunteer_free(proposal, volunteer)
    km = alternatives.pop(volunteer_id)
    alternatives[proposal.volunteer_id] = float(proposal.km or 0)
    # The soft reasons were worked out for the volunteer the run chose; the new one is explained by distance.
    proposal.explanation = {
        "km": km,
        "skills": proposal.explanation.get("skills", []),
        "language": proposal.explanation.get("language"),
        "candidates": proposal.explanation.get("candidates"),
        "alternatives": [[vid, km] for vid, km in sorted(alternatives.items(), key=lambda a: a[1])],
        "changed_by": by.name,
    }
    proposal.km = km
    proposal.volunteer = volunteer
    proposal.save(update_fields=["volunteer", "km", "explanation"])
    return proposal
