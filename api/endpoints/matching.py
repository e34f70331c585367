"""Matching runs: start one (the run list page's form), read it and its proposals, accept proposals
(matching.services, which offer the tasks and write their events)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from api.auth import read, write
from api.errors import FormInvalid
from api.paging import Page, page_of
from api.schemas import Choice, Problem, Ref, choice, ref
from core.access import get_for_user
from matching import services
from matching.forms import RunForm
from matching.models import MatchRun, ProposalKind, ProposalStatus
from regions.selectors import regions_in_scope

router = Router(tags=["matching"])


class RunOut(Schema):
    id: int
    region: Ref
    starts_on: datetime.date
    weeks: int
    status: Choice
    progress: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    needs_count: int
    proposed_count: int
    unserved_count: int


def run_out(run) -> dict:
    return {
        "id": run.pk,
        "region": ref(run.region, run.region.name),
        "starts_on": run.starts_on,
        "weeks": run.weeks,
        "status": choice(run.status, run.get_status_display()),
        "progress": run.progress,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "needs_count": run.needs_count,
        "proposed_count": run.proposed_count,
        "unserved_count": run.unserved_count,
    }


class ProposalOut(Schema):
    id: int
    need_id: int
    on: datetime.date
    kind: Choice
    status: Choice
    volunteer_id: int | None
    resource_id: int | None
    service_item_id: int | None


def proposal_out(p) -> dict:
    return {
        "id": p.pk,
        "need_id": p.need_id,
        "on": p.on,
        "kind": choice(p.kind, p.get_kind_display()),
        "status": choice(p.status, p.get_status_display()),
        "volunteer_id": p.volunteer_id,
        "resource_id": p.resource_id,
        "service_item_id": p.service_item_id,
    }


def _runs(user):
    return MatchRun.objects.visible_to(user).select_related("region")


@router.get("/matching/runs", response=Page[RunOut], auth=read("matching"))
def run_list(request, after: int = Query(None, ge=1), limit: int = Query(50, ge=1, le=100)):
    return page_of(request, _runs(request.user), run_out, limit=limit)


class RunIn(Schema):
    region: int = Field(description="An area of the owner's: a county, township or community id")
    starts_on: datetime.date
    weeks: int = Field(1, ge=1, le=4)


@router.post("/matching/runs", response={202: RunOut, 409: Problem}, auth=write("matching"))
def run_start(request, payload: RunIn):
    """Queue a run for the open needs of an area; it works in the background (read it for its progress)."""
    regions = regions_in_scope(request.user)
    data = {"region": payload.region, "starts_on": payload.starts_on.isoformat(), "weeks": payload.weeks}
    form = RunForm(data, regions=regions)
    if not form.is_valid():
        raise FormInvalid(form)
    run = services.run_create(by=request.user, **form.cleaned_data)
    return Status(202, run_out(_runs(request.user).get(pk=run.pk)))


@router.get("/matching/runs/{run_id}", response=RunOut, auth=read("matching"))
def run_read(request, run_id: int):
    return run_out(get_for_user(_runs(request.user), request.user, run_id))


@router.get("/matching/runs/{run_id}/proposals", response=Page[ProposalOut], auth=read("matching"))
def proposal_list(request, run_id: int, after: int = Query(None, ge=1), limit: int = Query(50, ge=1, le=100)):
    run = get_for_user(_runs(request.user), request.user, run_id)
    return page_of(request, run.proposals.exclude(kind=ProposalKind.NONE), proposal_out, limit=limit, order="pk")


class AcceptIn(Schema):
    proposals: list[int] = Field(default_factory=list, description="The proposals to accept")
    all: bool = Field(False, description="Accept every undecided proposal of the run")


class AcceptOut(Schema):
    accepted: int
    problems: list[str]


@router.post(
    "/matching/runs/{run_id}/accept",
    response={200: AcceptOut, 409: Problem},
    auth=write("matching"),
)
def run_accept(request, run_id: int, payload: AcceptIn):
    """Accept proposals as the run's page does: each volunteer gets a task to accept or decline."""
    run = get_for_user(_runs(request.user), request.user, run_id, change=True)
    chosen = run.proposals.filter(status=ProposalStatus.PROPOSED).exclude(kind=ProposalKind.NONE)
    if not payload.all:
        chosen = chosen.filter(pk__in=payload.proposals)
    chosen = list(chosen.select_related("need__region", "volunteer__user", "resource", "service_item"))
    if not chosen:
        return Status(409, {"detail": _("Tick the proposals to accept, or accept all.")})
    accepted, problems = services.proposals_accept(proposals=chosen, by=request.user)
    return Status(200, {"accepted": accepted, "problems": [str(p) for p in problems]})
