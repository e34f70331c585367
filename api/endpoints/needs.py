"""Needs (create, list, read, triage) and dispatches: the pages' forms check the input, the needs services
change the state and write the timeline, exactly as on the pages."""

import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from api.auth import read, write
from api.errors import FormInvalid
from api.paging import Page, page_of
from api.schemas import DispatchOut, NeedOut, Problem, dispatch_out, need_out
from core.access import get_for_user
from dispatch.filters import DispatchFilter
from dispatch.models import Dispatch
from needs import selectors, services
from needs.forms import NeedForm, TriageForm
from needs.models import DayPart, Need, Recurrence, Urgency
from people.models import Recipient
from regions.selectors import regions_in_scope

router = Router(tags=["needs"])


def _needs(user):
    return Need.objects.visible_to(user).select_related("recipient", "service_field", "region")


@router.get("/needs", response=Page[NeedOut], auth=read("needs"))
def need_list(
    request,
    status: str = Query("open", description="`open` (the default), `all`, or one status"),
    urgency: Urgency = None,
    overdue: bool = False,
    q: str = "",
    after: int = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=100),
):
    """The needs the owner may see, filtered as the needs list filters them."""
    params = {"status": status, "urgency": urgency or "", "overdue": "1" if overdue else "", "q": q}
    return page_of(request, selectors.needs_listed(request.user, params), need_out, limit=limit)


@router.get("/needs/{need_id}", response=NeedOut, auth=read("needs"))
def need_read(request, need_id: int):
    return need_out(get_for_user(_needs(request.user), request.user, need_id))


class NeedIn(Schema):
    region: int = Field(description="The community's id (one of the owner's area)")
    recipient: int | None = Field(None, description="Empty for a need of the whole community")
    source: Literal["staff", "referral", "grid"] = "staff"
    description: str = Field(max_length=2000)
    service_field: int | None = Field(None, description="A service field's id")
    urgency: Urgency = Urgency.NORMAL
    crisis: bool = False
    address: str = Field("", max_length=200)
    wanted_on: datetime.date | None = Field(None, description="The day, or the first day of a window")
    wanted_until: datetime.date | None = Field(
        None, description="The last day of a window of at most 31 days (a need served once, any day in it)"
    )
    wanted_part: DayPart = Field(DayPart.ANY, description="`am`, `pm`, `eve`, or empty for any time of the day")
    recurrence: Recurrence = Recurrence.ONCE
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _form_data(payload: Schema) -> dict:
    data = {}
    for key, value in payload.dict().items():
        if value is None or value is False:
            continue
        data[key] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return data


@router.post("/needs", response={201: NeedOut}, auth=write("needs"))
def need_create(request, payload: NeedIn):
    """Record a need on someone's behalf or for a community, as the "record a need" page does."""
    regions = regions_in_scope(request.user)
    if not regions.exists():
        raise Http404
    recipients = Recipient.objects.changeable_by(request.user)
    form = NeedForm(_form_data(payload), recipients=recipients, regions=regions)
    if not form.is_valid():
        raise FormInvalid(form)
    data = form.cleaned_data
    need = services.need_create(source=data.pop("source"), by=request.user, data=data)
    return Status(201, need_out(_needs(request.user).get(pk=need.pk)))


class TriageIn(Schema):
    service_field: int = Field(description="A service field's id")
    urgency: Urgency
    crisis: bool = False
    note: str = Field("", max_length=300)
    confirm_duplicate: bool = Field(False, description="Save although the person has open needs in this field")


@router.post(
    "/needs/{need_id}/triage",
    response={200: NeedOut, 409: Problem},
    auth=write("needs"),
)
def need_triage(request, need_id: int, payload: TriageIn):
    """Set a new need's field and urgency (not the need's own person, nor who served it)."""
    need = get_for_user(Need.objects.all(), request.user, need_id, change=True)
    form = TriageForm(_form_data(payload))
    if not form.is_valid():
        raise FormInvalid(form)
    data = form.cleaned_data
    duplicates = services.open_duplicates(recipient=need.recipient, service_field=data["service_field"], exclude=need)
    if duplicates.exists() and not data["confirm_duplicate"]:
        detail = _("%(name)s has open needs in this field: %(ids)s. Check them, then confirm to save.") % {
            "name": need.recipient.name,
            "ids": "、".join(f"#{d.pk}" for d in duplicates),
        }
        return Status(409, {"detail": detail})
    services.need_triage(
        need=need,
        by=request.user,
        service_field=data["service_field"],
        urgency=data["urgency"],
        crisis=data["crisis"],
        note=data["note"],
    )
    return Status(200, need_out(_needs(request.user).get(pk=need.pk)))


def _dispatches(user):
    return Dispatch.objects.visible_to(user).select_related("department")


@router.get("/dispatches", response=Page[DispatchOut], auth=read("needs"))
def dispatch_list(
    request,
    show: str = Query("open", description="`open` (the default), `overdue`, or `all`"),
    after: int = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=100),
):
    """The dispatches the owner may see (a department its own), filtered as the dispatch list filters."""
    filters = DispatchFilter(request.GET, _dispatches(request.user), request=request)
    return page_of(request, filters.qs, dispatch_out, limit=limit)


@router.get("/dispatches/{dispatch_id}", response=DispatchOut, auth=read("needs"))
def dispatch_read(request, dispatch_id: int):
    return dispatch_out(get_for_user(_dispatches(request.user), request.user, dispatch_id))
