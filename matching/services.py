"""Matching runs: start one (matching/execution.py executes it in the background queue), and decide on its
proposals."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching import leases, loading
from matching.loading import covering
from matching.models import MatchRun, Proposal, ProposalKind, ProposalStatus, RunStatus
from matching.tasks import run_matching
from needs.models import DayPart, Decline, Need, Status, Task, TaskStatus
from needs.recurrence import RECURRING
from needs.services import NeedError, need_match_service_item, task_offer
from people.models import RegistrationStatus, Volunteer
from regions.models import Level, Region
from resources.services import resource_use_record

MAX_WEEKS = 4
FAN_OUT = {Level.PROVINCE, Level.CITY}  # a run over these is one job per county


class MatchingError(ValueError):
    """A request the run's state does not allow; the message says why, in the user's language."""


@transaction.atomic
def run_create(*, region: Region, starts_on: datetime.date, weeks: int, by) -> MatchRun:
    """Queue a run for the open needs of an area over one to four weeks from `starts_on`. A city or the
    province fans out: a parent run with one child run per county, each its own job on the queue, so several
    consumers share the work. A run whose worker died (no live lease) no longer blocks the area: it fails,
    naming the run that replaces it."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise MatchingError(_("A run plans one to four weeks."))
    # The province's row is the lock: runs of overlapping areas (a county's and its city's) start one at a time.
    Region.objects.select_for_update().get(path=region.paths_above[1])  # [0] is "/", [1] the top: the province
    overlapping = _overlapping(region)
    if overlapping.filter(leases.live()).exists():
        raise MatchingError(_("A run for this area is already under way. Wait for it to finish."))
    dead = list(leases.dead(overlapping).values_list("pk", flat=True))
    # Undecided proposals of earlier runs over the same needs give way to the new run's (locked first, in the
    # order every path locks proposals in).
    undecided = _locked(Proposal.objects.filter(run__in=overlapping, status=ProposalStatus.PROPOSED))
    Proposal.objects.filter(pk__in=list(undecided.values_list("pk", flat=True))).update(
        status=ProposalStatus.SUPERSEDED
    )
    counties = list(Region.objects.subtree(region).filter(level=Level.COUNTY)) if region.level in FAN_OUT else []
    run = MatchRun.objects.create(
        region=region,
        starts_on=starts_on,
        weeks=weeks,
        created_by=by,
        status=RunStatus.RUNNING if counties else RunStatus.QUEUED,
    )
    for pk in dead:
        leases.run_fail(run_id=pk, reason=f"Its worker stopped; replaced by run #{run.pk}.")
    jobs = [run]
    if counties:
        jobs = MatchRun.objects.bulk_create(
            MatchRun(region=county, starts_on=starts_on, weeks=weeks, created_by=by, parent=run) for county in counties
        )
    ids = [job.pk for job in jobs]
    transaction.on_commit(lambda: [run_matching(pk) for pk in ids])
    return run


def _overlapping(region: Region):
    """Runs whose area contains this one or lies inside it."""
    return MatchRun.objects.filter(covering(region, "region"))


def _check_volunteer_free(proposal: Proposal, volunteer: Volunteer):
    """What may have changed since the run: a decline, the need's own task that day, the volunteer's week."""
    declines = Decline.objects.filter(need_id=proposal.need_id, volunteer=volunteer)
    if declines.filter(Q(on__isnull=True) | Q(on=proposal.on)).exists():
        raise MatchingError(_("This volunteer has declined this need. Choose another."))
    live = [TaskStatus.OFFERED, TaskStatus.ACCEPTED, TaskStatus.DONE]
    if Task.objects.filter(need_id=proposal.need_id, on=proposal.on, status__in=live).exists():
        raise MatchingError(_("This need already has a task on that day."))
    once = proposal.need.recurrence not in RECURRING  # served once, on any day of its window
    if once and Task.objects.filter(need_id=proposal.need_id, status__in=live).exists():
        raise MatchingError(_("This need already has a task."))
    monday = proposal.on - datetime.timedelta(days=proposal.on.weekday())
    week = Task.objects.filter(volunteer=volunteer, on__range=(monday, monday + datetime.timedelta(days=6)))
    if week.filter(status__in=live).count() >= volunteer.weekly_capacity:
        raise MatchingError(_("This volunteer's week is full now. Choose another."))
    same_day = Task.objects.filter(volunteer=volunteer, on=proposal.on, status__in=live)
    taken = set()
    for on, wanted_part, proposed_part in same_day.values_list("on", "need__wanted_part", "proposal__part"):
        taken |= loading.held_half_days(on, wanted_part or proposed_part)
    if (proposal.on.toordinal(), loading.PART_INDEX.get(proposal.part)) in taken:
        raise MatchingError(_("This volunteer has another task in that half-day now. Choose another."))


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


# The one order in which proposals are locked, by every path (accept, change, reject, a new run superseding):
# a crew's rows in seat order. Two paths taking one crew's rows in different orders wait on each other.
LOCK_ORDER = ("run_id", "need_id", "on", "seat", "pk")


def _locked(proposals):
    return proposals.select_for_update(of=("self",)).order_by(*LOCK_ORDER)


def _crew(proposal: Proposal) -> list[Proposal]:
    """The proposals of a need served by several volunteers together (one for a need of one), locked in seat
    order, the proposal's own row with the others: they are decided together or not at all."""
    crew = list(
        _locked(
            Proposal.objects.select_related("need", "volunteer").filter(
                run_id=proposal.run_id, need_id=proposal.need_id, on=proposal.on, kind=ProposalKind.VOLUNTEER
            )
        )
    )
    if any(member.status != ProposalStatus.PROPOSED for member in crew):
        raise MatchingError(_("This proposal has been decided already."))
    if len({member.volunteer_id for member in crew}) < len(crew):
        raise MatchingError(_("One volunteer is proposed twice for this need. Start a new run."))
    return crew


def _locked_proposal(proposal: Proposal) -> tuple[Proposal, list[Proposal]]:
    """The proposal locked, with its crew when it proposes a volunteer (its row locked as one of them)."""
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.kind != ProposalKind.VOLUNTEER or proposal.status != ProposalStatus.PROPOSED:
        return _locked(Proposal.objects.select_related("need", "volunteer").filter(pk=proposal.pk)).get(), []
    crew = _crew(proposal)
    return next(member for member in crew if member.pk == proposal.pk), crew


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by) -> Proposal:
    """Turn a proposal into the real thing: a task the volunteer accepts or declines in their task list, a
    resource use, or a link to the project service. Each need is locked by the service it goes through."""
    proposal, crew = _locked_proposal(proposal)
    if proposal.status != ProposalStatus.PROPOSED:
        raise MatchingError(_("This proposal has been decided already."))
    need = proposal.need
    if proposal.on < timezone.localdate():
        raise MatchingError(_("This proposal's day has passed. Start a new run."))
    if need.status not in {Status.TRIAGED, Status.IN_SERVICE}:
        raise MatchingError(_("This need is no longer waiting for an answer."))
    if proposal.kind == ProposalKind.VOLUNTEER:
        if len(crew) != need.people:  # the need was edited after the run
            raise MatchingError(_("The number of volunteers needed has changed since the run. Start a new run."))
        for member in crew:  # every check before any task: all of the team or none
            _check_volunteer_free(member, member.volunteer)
        what = _task_text(need, proposal.part)
        for member in crew:
            member.task = task_offer(
                need=need,
                by=by,
                what=what,
                on=member.on,
                place=need.address or _("at the home of the person served"),
                contact=by.name,
                volunteer=member.volunteer,
            )
            if member.pk != proposal.pk:
                _decided(member, by, ProposalStatus.ACCEPTED)
        proposal.task = next(member.task for member in crew if member.pk == proposal.pk)
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
    accepted, problems, teams, seen = 0, [], set(), set()
    for proposal in proposals:
        team = (proposal.run_id, proposal.need_id, proposal.on)
        if proposal.kind == ProposalKind.VOLUNTEER and team in teams and proposal.pk not in seen:
            continue  # another volunteer of a need served together: decided with the first
        seen.add(proposal.pk)
        teams.add(team)
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
    chosen = Proposal.objects.filter(pk__in=[p.pk for p in proposals])
    # A need served by several volunteers together is rejected as a whole.
    crews = Proposal.objects.filter(
        run_id__in=chosen.values("run_id"), kind=ProposalKind.VOLUNTEER, status=ProposalStatus.PROPOSED
    ).filter(
        Exists(
            chosen.filter(
                run_id=OuterRef("run_id"), need_id=OuterRef("need_id"), on=OuterRef("on"), kind=OuterRef("kind")
            )
        )
    )
    for proposal in _locked(
        Proposal.objects.filter(
            Q(pk__in=[p.pk for p in proposals]) | Q(pk__in=crews.values("pk")), status=ProposalStatus.PROPOSED
        )
    ):
        _decided(proposal, by, ProposalStatus.REJECTED)
        rejected += 1
    return rejected


@transaction.atomic
def proposal_change(*, proposal: Proposal, volunteer_id: int, by) -> Proposal:
    """Put one of the run's other candidates for this need in place of the proposed volunteer."""
    proposal, crew = _locked_proposal(proposal)
    if proposal.status != ProposalStatus.PROPOSED or proposal.kind != ProposalKind.VOLUNTEER:
        raise MatchingError(_("Only an undecided volunteer proposal can be changed."))
    if any(member.volunteer_id == volunteer_id for member in crew):
        raise MatchingError(_("This volunteer already serves this need that day in another seat. Choose another."))
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
