"""What the API answers: each object as its list page shows it, numbers masked as there."""

import datetime
from decimal import Decimal

from ninja import Schema


class Ref(Schema):
    id: int
    name: str


class Choice(Schema):
    code: str
    label: str


class Problem(Schema):
    detail: str


class FormProblem(Schema):
    detail: str
    errors: dict[str, list[str]]


def ref(obj, name: str | None = None) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": name if name is not None else str(obj)}


def choice(code: str, label) -> dict:
    return {"code": code, "label": str(label)}


class VolunteerOut(Schema):
    id: int
    name: str
    volunteer_number: str
    sex: Choice
    kind: Choice
    status: Choice
    region: Ref
    mobile: str  # masked, as on the list page
    registered_at: datetime.datetime


def volunteer_out(v) -> dict:
    return {
        "id": v.pk,
        "name": v.user.name,
        "volunteer_number": v.volunteer_number,
        "sex": choice(v.sex, v.get_sex_display()),
        "kind": choice(v.kind, v.get_kind_display()),
        "status": choice(v.status, v.get_status_display()),
        "region": ref(v.region, v.region.name),
        "mobile": v.user.masked_phone,
        "registered_at": v.registered_at,
    }


class RecipientOut(Schema):
    id: int
    name: str
    sex: Choice
    region: Ref
    telephone: str  # masked
    groups: list[Choice]


def recipient_out(r) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "sex": choice(r.sex, r.get_sex_display()),
        "region": ref(r.region, r.region.name),
        "telephone": r.masked_phone,
        "groups": [choice(g.code, g.label) for g in r.groups.all()],
    }


class TeamOut(Schema):
    id: int
    name: str
    region: Ref
    service_fields: list[Choice]


def team_out(o) -> dict:
    return {
        "id": o.pk,
        "name": o.name,
        "region": ref(o.region, o.region.name),
        "service_fields": [choice(f.code, f.label) for f in o.service_fields.all()],
    }


class NeedOut(Schema):
    id: int
    status: Choice
    urgency: Choice
    crisis: bool
    service_field: Choice | None
    recipient: Ref | None
    region: Ref
    description: str
    wanted_on: datetime.date | None
    wanted_until: datetime.date | None
    response_due_at: datetime.datetime | None
    created_at: datetime.datetime


def need_out(n) -> dict:
    return {
        "id": n.pk,
        "status": choice(n.status, n.get_status_display()),
        "urgency": choice(n.urgency, n.get_urgency_display()),
        "crisis": n.crisis,
        "service_field": choice(n.service_field.code, n.service_field.label) if n.service_field else None,
        "recipient": ref(n.recipient, n.recipient.name) if n.recipient else None,
        "region": ref(n.region, n.region.name),
        "description": n.description,
        "wanted_on": n.wanted_on,
        "wanted_until": n.wanted_until,
        "response_due_at": n.response_due_at,
        "created_at": n.created_at,
    }


class DispatchOut(Schema):
    id: int
    need_id: int
    department: Ref
    status: Choice
    deadline: datetime.datetime
    instructions: str


def dispatch_out(d) -> dict:
    return {
        "id": d.pk,
        "need_id": d.need_id,
        "department": ref(d.department, d.department.name),
        "status": choice(d.status, d.get_status_display()),
        "deadline": d.deadline,
        "instructions": d.instructions,
    }


class ActivityOut(Schema):
    id: int
    title: str
    status: Choice
    organiser: Ref
    region: Ref
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    quota: int


def activity_out(a) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "status": choice(a.status, a.get_status_display()),
        "organiser": ref(a.organiser, a.organiser.name),
        "region": ref(a.region, a.region.name),
        "place": a.place,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "quota": a.quota,
    }


class AttendanceOut(Schema):
    id: int
    volunteer: Ref
    checked_in_at: datetime.datetime
    checked_out_at: datetime.datetime | None
    method: Choice
    auto_closed: bool


def attendance_out(a) -> dict:
    return {
        "id": a.pk,
        "volunteer": ref(a.volunteer, a.volunteer.user.name),
        "checked_in_at": a.checked_in_at,
        "checked_out_at": a.checked_out_at,
        "method": choice(a.method, a.get_method_display()),
        "auto_closed": a.auto_closed,
    }


class LedgerEntryOut(Schema):
    id: int
    volunteer: Ref
    kind: Choice
    activity_name: str
    on: datetime.date
    place: str
    content: str
    hours: Decimal
    organiser: str
    lead: str
    recorded_at: datetime.datetime
    late: bool
    reverses: int | None


def ledger_entry_out(e) -> dict:
    return {
        "id": e.pk,
        "volunteer": ref(e.volunteer, e.volunteer.user.name),
        "kind": choice(e.kind, e.get_kind_display()),
        "activity_name": e.activity_name,
        "on": e.on,
        "place": e.place,
        "content": e.content,
        "hours": e.hours,
        "organiser": e.organiser,
        "lead": e.lead,
        "recorded_at": e.recorded_at,
        "late": e.late,
        "reverses": e.reverses_id,
    }
