"""The performance evaluation (绩效评估) of a project, for a third-party assessor: what the contract promised
(people to serve, volunteer hours, evaluations; the targets of its services), what the record shows delivered,
and the evidence behind it (activities with their attendance and hours, the needs served, the files kept in the
cases opened from them). No person is named: needs and cases are listed by number.

- people served: distinct people whose needs matched to the project's services are served or closed;
- hours: the ledger's entries for attendance at the project's activities, corrections included;
- evaluations: the evaluations (评单) of the needs matched to its services, with their average satisfaction.
"""

from decimal import Decimal

from django.db.models import Avg, Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from casework.models import Attachment, Case
from ledger.selectors import attendance_entries
from needs.models import Evaluation, Need
from projects.models import Project
from projects.services import SERVED_STATUSES, target_progress


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _moment(moment) -> str:
    return _day(timezone.localtime(moment).date()) if moment else ""


def _yuan(amount: Decimal) -> str:
    """An amount as a contract writes it: 480,000 or 12,500.50."""
    return f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"


def _share(done, promised) -> str:
    if not promised:
        return "–"
    return f"{Decimal(done) * 100 / Decimal(promised):.0f}%"


def project_needs(project: Project):
    return Need.objects.filter(
        pk__in=Need.service_items.through.objects.filter(serviceitem__project=project).values("need_id")
    )


def delivered(project: Project) -> dict:
    needs = project_needs(project)
    served = needs.filter(status__in=SERVED_STATUSES)
    hours = attendance_entries(project=project).aggregate(total=Sum("hours"))["total"]
    evaluations = Evaluation.objects.filter(need__in=needs.values("pk")).aggregate(
        n=Count("pk"), avg=Avg("satisfaction")
    )
    average = evaluations["avg"]
    return {
        "needs": needs.count(),
        "served_needs": served.count(),
        "people": served.exclude(recipient=None).values("recipient_id").distinct().count(),
        "hours": Decimal(hours or 0),
        "evaluations": evaluations["n"],
        "satisfaction": Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None,
    }


def target_rows(project: Project, done: dict) -> list[list]:
    """[what, promised, delivered, share]: the contract's three numbers, then each service's target."""
    rows = [
        [_("People served"), project.target_people, done["people"], _share(done["people"], project.target_people)],
        [_("Volunteer hours"), project.target_hours, done["hours"], _share(done["hours"], project.target_hours)],
        [
            _("Evaluations collected"),
            project.target_evaluations,
            done["evaluations"],
            _share(done["evaluations"], project.target_evaluations),
        ],
        [_("Satisfaction (average of 5)"), None, done["satisfaction"], "–"],
    ]
    for target in project.targets.select_related("service_item").order_by("pk"):
        progress = target_progress(target)
        rows.append(
            [f"{target.label}（{target.service_item.name}）", target.count, progress, _share(progress, target.count)]
        )
    return rows


def activity_rows(project: Project) -> list[list]:
    activities = (
        Activity.objects.filter(project=project)
        .annotate(people=Count("attendances", distinct=True))
        .order_by("starts_at", "pk")
    )
    hours = dict(attendance_entries(project=project).order_by().values_list("activity_pk").annotate(total=Sum("hours")))
    return [
        [_moment(a.starts_at), a.title, a.place, a.get_status_display(), a.people, Decimal(hours.get(a.pk) or 0)]
        for a in activities
    ]


def need_rows(project: Project) -> list[list]:
    needs = project_needs(project).select_related("region", "service_field", "evaluation").order_by("created_at", "pk")
    rows = []
    for need in needs:
        evaluation = getattr(need, "evaluation", None)
        rows.append(
            [
                f"#{need.pk}",
                need.region.name,
                need.service_field.name if need.service_field_id else "",
                need.get_status_display(),
                _moment(need.created_at),
                _moment(need.ended_at),
                evaluation.satisfaction if evaluation else None,
            ]
        )
    return rows


def attachment_rows(project: Project, user) -> list[list]:
    """The files of the cases opened from the project's needs that `user` may read (the casework rule, through
    core.access): whoever may not read a case sees none of its files, not even their number."""
    cases = Case.objects.visible_to(user).filter(need__in=project_needs(project).values("pk"))
    files = Attachment.objects.filter(case__in=cases.values("pk")).order_by("at", "pk")
    return [[f"#{f.case_id}", f.content_type, f"{Decimal(f.size) / 1024:.0f} KB", _moment(f.at)] for f in files]


def evaluation_document(project: Project, user) -> tuple[str, list[str], list]:
    """The title, the lines under it and the tables of the evaluation (core/documents.py), as `user` may read
    them."""
    done = delivered(project)
    title = _("Performance evaluation: %(project)s") % {"project": project.name}
    lines = [
        _("Owner agency: %(owner)s; area: %(area)s; period: %(first)s to %(last)s.")
        % {
            "owner": project.owner,
            "area": project.region.name,
            "first": _day(project.starts_on),
            "last": _day(project.ends_on),
        },  # fmt: skip
    ]
    if project.government_purchase:
        amount = _yuan(project.contract_amount) if project.contract_amount is not None else "–"
        lines.append(
            _("Bought by the government: contract %(number)s, %(amount)s yuan.")
            % {"number": project.contract_number, "amount": amount}
        )
    lines.append(
        _("Needs matched to its services: %(needs)s, of which served or closed: %(served)s.")
        % {"needs": done["needs"], "served": done["served_needs"]}
    )
    tables = [
        (
            _("Targets and delivery"),
            [_("Target"), _("Promised"), _("Delivered"), _("Share")],
            target_rows(project, done),
        ),
        (
            _("Evidence: activities"),
            [_("Date"), _("Activity"), _("Place"), _("Status"), _("Volunteers attending"), _("Hours")],
            activity_rows(project),
        ),
        (
            _("Evidence: needs served by its services"),
            [_("Need"), _("Area"), _("Service field"), _("Status"), _("Found"), _("Ended"), _("Satisfaction")],
            need_rows(project),
        ),
        (
            _("Evidence: files kept in the cases opened from these needs"),
            [_("Case"), _("Type"), _("Size"), _("Uploaded")],
            attachment_rows(project, user),
        ),
    ]
    return title, lines, tables
