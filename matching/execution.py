"""Executing a matching run, in the background queue (`matching.tasks.run_matching`): load the area's open
needs and the county's volunteers, match, explain what is left unserved, offer resources and project services
for it, and store the proposals."""

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from matching import core, leases, loading, notify
from matching.core import windows
from matching.leases import LeaseLost, RunTooLong
from matching.loading import covering
from matching.models import MatchRun, Proposal, ProposalKind, RunStatus
from needs.models import Need
from projects.models import ServiceItem
from resources.compat import kinds_for
from resources.models import Resource

log = logging.getLogger(__name__)


def _progress(run: MatchRun, owner: str, percent: int, label: str, heartbeat: leases.Heartbeat):
    """Between phases: save the progress and renew the lease with it (stopping if the heartbeat found the run
    taken over)."""
    heartbeat.check()
    run.progress, run.progress_label = percent, label
    leases.lease_renew(run, owner=owner, progress=percent, progress_label=label)
    if settings.MATCHING_PHASE_PAUSE_MS:  # tests only: a run slow enough to kill its worker mid-way
        time.sleep(settings.MATCHING_PHASE_PAUSE_MS / 1000)


def run_execute(run_id: int, *, owner: str | None = None) -> MatchRun:
    """Load, match, explain and store. Progress is saved as it goes, so the page can show it. Called with the
    `owner` that has claimed the run (`leases.run_claim`), or without, to claim it here."""
    if owner is None:
        owner = leases.worker_id()
        if leases.run_claim(run_id, owner=owner) is None:
            return MatchRun.objects.get(pk=run_id)
    run = MatchRun.objects.select_related("region", "created_by").get(pk=run_id)
    timings = {}
    try:
        with leases.Heartbeat(run.pk, owner=owner) as heartbeat:
            _execute(run, owner, timings, heartbeat)
    except RunTooLong:
        log.warning("matching run %s worked longer than it may; %s stopped it", run.pk, owner)
    except LeaseLost:
        log.warning("matching run %s was taken over by another worker; %s stops", run.pk, owner)
    except Exception as error:  # a failed run says so on its page instead of spinning for ever
        log.exception("matching run %s failed", run.pk)
        leases.run_fail(run_id=run.pk, reason=f"{type(error).__name__}: {error}", owner=owner)
    run.refresh_from_db()
    return run


def _execute(run: MatchRun, owner: str, timings: dict, heartbeat: leases.Heartbeat):
    started = time.perf_counter()
    _progress(run, owner, 10, "loading", heartbeat)
    data = loading.load(run)
    timings["load"] = time.perf_counter() - started
    _progress(run, owner, 40, "matching", heartbeat)
    pool = core.Pool(data.volunteers)
    result = core.match(data.needs, pool)
    timings.update(result.seconds)
    for week in result.teams.get("weeks", []):  # needs of several volunteers: the proven bound
        timings["teams_served"] = timings.get("teams_served", 0) + week["served"]
        timings["teams_upper_bound"] = timings.get("teams_upper_bound", 0) + week["upper_bound"]
    _progress(run, owner, 70, "explaining", heartbeat)
    mark = time.perf_counter()
    left_out = set(result.unserved)
    unserved = [spec for spec in data.needs if spec.id in left_out]
    offers = _offers(run, data, unserved)
    reasons = windows.explain_unserved(pool, unserved)
    timings["explain"] = time.perf_counter() - mark
    _progress(run, owner, 85, "saving", heartbeat)
    mark = time.perf_counter()
    proposals = _proposals(run, data, result, offers, reasons)
    with transaction.atomic():
        leases.lease_check(run, owner=owner)  # the proposals of a run taken over are written once
        Proposal.objects.bulk_create(proposals, batch_size=2000)
        run.needs_count = len(data.needs) + len(data.unlocated)
        run.volunteers_count = len(data.volunteers)
        run.proposed_count = sum(p.kind != ProposalKind.NONE for p in proposals)
        run.unserved_count = sum(p.kind == ProposalKind.NONE for p in proposals)
        timings["save"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        run.timings = {name: round(seconds, 3) for name, seconds in timings.items()}
        run.status, run.progress, run.progress_label, run.finished_at = RunStatus.DONE, 100, "", timezone.now()
        run.lease_expires_at = None
        run.save()
        leases.parent_update(run.parent_id)
        if run.parent_id is None:  # a city run tells its starter once, when its last county is done
            notify.run_finished(run)


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
        for r in Resource.objects.filter(covering(county, "area"), service_field__isnull=False).select_related("area")
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
            covering(county, "project__region"), service_field__isnull=False
        ).select_related("project__region")
    ]
    rest = [need for need in wanted if need.id not in chosen]
    chosen.update({spec_id: ("service_item", pk) for spec_id, pk in core.assign_offers(rest, items).items()})
    return chosen


def _window(occurrence: loading.Occurrence) -> dict:
    """The window of days a need could be served in, for its explanation."""
    return {"window": [occurrence.on.isoformat(), occurrence.until.isoformat()]} if occurrence.until else {}


def _proposals(run, data, result, offers, reasons) -> list[Proposal]:
    proposals, seats = [], {}
    for p in result.proposals:
        occurrence = data.occurrences[p.need]
        seats[p.need] = seat = seats.get(p.need, -1) + 1  # a need of several volunteers: one seat each
        proposals.append(
            Proposal(
                run=run,
                need_id=occurrence.need_id,
                on=datetime.date.fromordinal(p.day),  # the day the solve chose, for a need with a window of days
                part=loading.PART_CODE[p.part],
                seat=seat,
                kind=ProposalKind.VOLUNTEER,
                volunteer_id=p.volunteer,
                km=round(p.km, 2),
                explanation=p.explanation | _window(occurrence),
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
                explanation={"no_volunteer": reasons[spec_id]} | _window(occurrence),
            )
        )
    for spec_id, reason in reasons.items():
        if spec_id in offers:
            continue
        occurrence = data.occurrences[spec_id]
        proposals.append(
            Proposal(
                run=run,
                need_id=occurrence.need_id,
                on=occurrence.on,
                kind=ProposalKind.NONE,
                explanation=reason | _window(occurrence),
            )
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
