"""Volunteers, recipients and teams: read through the owner's scope and the pages' own filters."""

from ninja import Query, Router

from api.auth import read
from api.paging import Page, page_of
from api.schemas import RecipientOut, TeamOut, VolunteerOut, recipient_out, team_out, volunteer_out
from core.access import get_for_user
from orgs.filters import TeamFilter
from orgs.models import Kind, Organisation
from people.filters import RecipientFilter, VolunteerFilter
from people.models import Recipient, Volunteer

router = Router(tags=["people"], auth=read("people"))


def _volunteers(user):
    return Volunteer.objects.visible_to(user).select_related("user", "region")


@router.get("/volunteers", response=Page[VolunteerOut])
def volunteer_list(
    request,
    q: str = "",
    region: int = None,
    kind: str = "",
    status: str = "",
    after: int = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=100),
):
    """The volunteers the owner may see, filtered as the volunteers page filters (`q`, `region`, `kind`,
    `status`); mobile numbers masked."""
    filters = VolunteerFilter(request.GET, _volunteers(request.user), request=request)
    return page_of(request, filters.qs, volunteer_out, limit=limit)


@router.get("/volunteers/{volunteer_id}", response=VolunteerOut)
def volunteer_read(request, volunteer_id: int):
    return volunteer_out(get_for_user(_volunteers(request.user), request.user, volunteer_id))


def _recipients(user):
    return Recipient.objects.visible_to(user).select_related("region").prefetch_related("groups")


@router.get("/recipients", response=Page[RecipientOut])
def recipient_list(
    request,
    q: str = "",
    region: int = None,
    group: str = "",
    after: int = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=100),
):
    """The recipients the owner may see, filtered as the recipients page filters; telephones masked."""
    filters = RecipientFilter(request.GET, _recipients(request.user), request=request)
    return page_of(request, filters.qs, recipient_out, limit=limit)


@router.get("/recipients/{recipient_id}", response=RecipientOut)
def recipient_read(request, recipient_id: int):
    return recipient_out(get_for_user(_recipients(request.user), request.user, recipient_id))


def _teams(user):
    return (
        Organisation.objects.visible_to(user)
        .filter(kind=Kind.TEAM)
        .select_related("region")
        .prefetch_related("service_fields")
    )


@router.get("/teams", response=Page[TeamOut])
def team_list(
    request,
    q: str = "",
    region: int = None,
    after: int = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=100),
):
    filters = TeamFilter(request.GET, _teams(request.user), request=request)
    return page_of(request, filters.qs, team_out, limit=limit)


@router.get("/teams/{team_id}", response=TeamOut)
def team_read(request, team_id: int):
    return team_out(get_for_user(_teams(request.user), request.user, team_id))
