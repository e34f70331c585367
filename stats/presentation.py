"""Turns a region's figures into the dashboard's sections: a chart and the table under it, with each figure
linked to the scoped list behind it."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.charts import number as _number
from core.charts import section as _section
from dictionaries.models import ServiceField, TargetGroup
from needs.models import OPEN_STATUSES, Status
from needs.selectors import SERVED_OR_CLOSED
from orgs.models import Kind, Organisation
from people.models import Sex, VolunteerKind
from projects.evaluation import delivered
from projects.models import Project
from stats.selectors import ACTIVE_DAYS

AGE_BANDS = ((0, 17, "under 18"), (18, 35, "18–35"), (36, 59, "36–59"), (60, 200, "60 and over"))
ANSWERS = {
    "volunteer": "volunteers",
    "resource": "resources",
    "service_item": "project services",
    "department": "departments",
    "case": "casework",
}

UNSERVED_REASONS = {
    "declined": _lazy("Every volunteer who qualifies declined it"),
    "no_candidate": _lazy("No volunteer qualifies, and no resource or project service covers it"),
    "taken": _lazy("Those who qualified were needed for other needs"),
    "proposed": _lazy("Proposed, not yet carried out"),
    "unmatched": _lazy("Not yet read by a matching run"),
}
"""Why a need nobody answered is unserved, as its latest matching run explained it (`stats.sources.unserved_reason`)."""


def _link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _found(region, period, **params) -> str:
    """The needs list of the needs found in the period (the dashboards count needs by the month they were found)."""
    found = {"found_from": period.first.strftime("%Y-%m"), "found_to": period.last.strftime("%Y-%m")}
    return _link("needs:list", region=region.pk, **params, **found)


def _found_links(region, period, **params) -> list[str]:
    """The lists behind the found, served and closed columns."""
    return [_found(region, period, status=status, **params) for status in ("all", SERVED_OR_CLOSED, Status.CLOSED)]


def _dims(figures, metric, prefix):
    return {dim[len(prefix) :]: value for (m, dim), value in figures.items() if m == metric and dim.startswith(prefix)}


def _one(label, value, href):
    """A row of one figure: its label and its number both link to the list behind it."""
    return (label, [value], href, [href])


def volunteer_sections(region, figures, today: datetime.date):
    kinds = _dims(figures, "volunteers", "kind:")
    by_kind = [
        _one(
            label, kinds.get(code, 0), _link("people:volunteer_list", region=region.pk, kind=code, status="registered")
        )
        for code, label in VolunteerKind.choices
    ]
    sexes = _dims(figures, "volunteers", "sex:")
    by_sex = [
        _one(label, sexes.get(code, 0), _link("people:volunteer_list", region=region.pk, sex=code, status="registered"))
        for code, label in Sex.choices
    ]
    born = _dims(figures, "volunteers", "born:")
    by_age = []
    for low, high, label in AGE_BANDS:
        n = sum(value for year, value in born.items() if low <= today.year - int(year) <= high)
        ages = {"age_from": low, **({"age_to": high} if high < 200 else {})}
        by_age.append(_one(_(label), n, _link("people:volunteer_list", region=region.pk, status="registered", **ages)))
    return [
        _section("volunteer_kind", _("Volunteers by kind"), "bar", by_kind),
        _section("volunteer_sex", _("Volunteers by sex"), "pie", by_sex),
        _section("volunteer_age", _("Volunteers by age (years reached this year)"), "bar", by_age),
    ]


def hours_section(figures, period):
    months = _dims(figures, "hours_month", "")
    rows = [(m.strftime("%Y-%m"), [months.get(m.strftime("%Y-%m"), 0)], None) for m in period.months()]
    return _section("hours", _("Hours by month"), "line", rows, series_names=[_("Hours")])


def need_sections(region, figures, period):
    metrics = ("needs_found", "needs_served", "needs_closed")
    names = [_("Found"), _("Served"), _("Closed")]
    groups = [
        (
            group.name,
            [figures.get((m, f"group:{group.code}"), 0) for m in metrics],
            _found(region, period, status="all", group=group.code),
            _found_links(region, period, group=group.code),
        )
        for group in TargetGroup.objects.filter(active=True)
    ]
    fields = [
        (
            field.name,
            [figures.get((m, f"field:{field.code}"), 0) for m in metrics],
            _found(region, period, status="all", field=field.code),
            _found_links(region, period, field=field.code),
        )
        for field in ServiceField.objects.filter(active=True)
    ]
    answered = [(_(label), [figures.get(("needs_answered", f"by:{by}"), 0)], None) for by, label in ANSWERS.items()]
    unanswered = [
        _one(
            label,
            figures.get(("needs_unanswered", f"why:{code}"), 0),
            _found(region, period, status=code, unserved="any"),
        )
        for code, label in Status.choices
        if figures.get(("needs_unanswered", f"why:{code}"))
    ]
    reasons = [  # stats/unserved.py: the list's filter of each reason
        _one(
            str(label),
            figures.get(("needs_unanswered", f"reason:{code}"), 0),
            _found(region, period, status="all", unserved=code),
        )
        for code, label in UNSERVED_REASONS.items()
    ]
    return [
        _section("needs_group", _("Needs by group"), "bar", groups, series_names=names),
        _section("needs_field", _("Needs by service field"), "bar", fields, series_names=names),
        _section("needs_answered", _("Needs answered, by whom"), "bar", answered),
        _section("needs_unanswered", _("Needs not answered, by where they stand"), "bar", unanswered),
        _section("needs_unserved", _("Needs not answered, and why (matching)"), "bar", reasons),
    ]


def overdue_section(region, figures):
    late = _dims(figures, "dispatch_open_overdue", "dept:")
    names = dict(Organisation.objects.filter(pk__in=[int(pk) for pk in late]).values_list("pk", "name"))
    rows = [
        _one(names.get(int(pk), pk), n, _link("dispatch:list", region=region.pk, department=pk, show="late"))
        for pk, n in sorted(late.items(), key=lambda item: -item[1])
    ]
    return _section("dispatch_overdue", _("Dispatches past their deadline, by department"), "bar", rows)


def crisis_section(region, figures, period):
    """Crisis needs of the period: found, served, closed, responded to, with the average hours to respond."""
    hour = Decimal(3600)
    responded = figures.get(("responded", "crisis"), 0)
    average = Decimal(figures.get(("response_seconds", "crisis"), 0)) / responded / hour if responded else 0
    found, served, closed = _found_links(region, period, crisis=1)
    rows = [
        _one(_("Found"), figures.get(("needs_found", "crisis"), 0), found),
        _one(_("Served"), figures.get(("needs_served", "crisis"), 0), served),
        _one(_("Closed"), figures.get(("needs_closed", "crisis"), 0), closed),
        (_("Responded to"), [responded], None),
        (_("Hours to first response (average)"), [average], None),
        _one(_("Open now"), figures.get(("needs_open_crisis", ""), 0), _link("needs:list", region=region.pk, crisis=1)),
    ]
    return _section("crisis", _("Crisis needs and their response"), "bar", rows)


def median_response_minutes(figures) -> Decimal | None:
    """The median of the minutes from a case's crisis flag to its first response, from their histogram (the two
    middle values averaged when the count is even); None when no crisis was answered."""
    counts = sorted((int(minutes), int(n)) for minutes, n in _dims(figures, "case_crisis_minutes", "min:").items())
    total = sum(n for _minutes, n in counts)
    if not total:
        return None
    middle, seen, values = {(total - 1) // 2, total // 2}, 0, []
    for minutes, n in counts:
        values += [minutes] * len([i for i in middle if seen <= i < seen + n])
        seen += n
    return Decimal(sum(values)) / len(values)


def crisis_case_section(figures):
    """Casework cases opened in the period with a crisis: answered, answered within the limit, the median time."""
    median = median_response_minutes(figures)
    rows = [
        (_("Crisis cases opened"), [figures.get(("cases_crisis", ""), 0)], None),
        (_("First contact recorded"), [figures.get(("cases_crisis", "responded"), 0)], None),
        (
            _("First contact within %(hours)s hours") % {"hours": settings.CRISIS_RESPONSE_HOURS},
            [figures.get(("cases_crisis", "in_time"), 0)],
            None,
        ),
        (_("Minutes to first contact (median)"), [median if median is not None else 0], None),
    ]
    return _section("crisis_cases", _("Crisis cases (casework) and their response"), "bar", rows)


PROJECTS_SHOWN = 30


def projects_section(user, region, period):
    """The projects of the region running in the period (the latest 30): contract targets against delivery,
    each linked to its performance evaluation. Read per project (a few small queries each), not from the facts."""
    running = (
        Project.objects.visible_to(user)
        .filter(region__path__startswith=region.path, starts_on__lte=period.end())
        .filter(ends_on__gte=period.first)
    )
    rows = []
    for project in running.order_by("-ends_on", "pk")[:PROJECTS_SHOWN]:
        done = delivered(project)
        values = [
            project.target_people or 0, done["people"], project.target_hours or 0, done["hours"],
            project.target_evaluations or 0, done["evaluations"],
        ]  # fmt: skip
        rows.append((project.name, values, reverse("projects:evaluation", args=[project.pk])))
    names = [
        _("People to serve"), _("People served"), _("Hours promised"), _("Hours delivered"),
        _("Evaluations promised"), _("Evaluations collected"),
    ]  # fmt: skip
    section = _section("projects", _("Projects against their targets"), "bar", rows, series_names=names)
    total = running.count() if len(rows) == PROJECTS_SHOWN else len(rows)
    if total > len(rows):  # the latest only: the list holds them all
        query = {"region": region.pk, "running_from": period.first.isoformat(), "running_to": period.end().isoformat()}
        section["more"] = {
            "href": f"{reverse('projects:list')}?{urlencode(query)}",
            "label": _("See all %(n)s") % {"n": total},
        }
    return section


def satisfaction_section(figures):
    scores = _dims(figures, "evaluations", "score:")
    rows = [(str(score), [scores.get(str(score), 0)], None) for score in range(1, 6)]
    return _section("satisfaction", _("Evaluations by satisfaction (1–5)"), "bar", rows)


def _average(total, count, unit):
    return _number(Decimal(total or 0) / Decimal(count) / unit) if count else "–"


def headline(region, figures, period):
    """The key figures with the list behind each."""
    evaluations = figures.get(("evaluations", ""), 0)
    hour, day = Decimal(3600), Decimal(86400)
    return [
        {
            "label": _("Volunteers"),
            "value": _number(figures.get(("volunteers", ""), 0)),
            "href": _link("people:volunteer_list", region=region.pk, status="registered"),
        },
        {
            "label": _("Volunteers active in the last 90 days"),
            "value": _number(figures.get(("volunteers_active", ""), 0)),
            "href": _link("people:volunteer_list", region=region.pk, active=ACTIVE_DAYS),
            "testid": "active",
        },
        {
            "label": _("Teams"),
            "value": _number(figures.get(("teams", ""), 0)),
            "href": _link("orgs:team_list", region=region.pk),
        },
        {
            "label": _("Hours"),
            "value": _("%(hours)s hours") % {"hours": _number(figures.get(("hours", ""), 0))},
            "href": None,
        },
        {
            "label": _("Needs found"),
            "value": _number(figures.get(("needs_found", ""), 0)),
            "href": _found(region, period, status="all"),
        },
        {
            "label": _("Needs closed"),
            "value": _number(figures.get(("needs_closed", ""), 0)),
            "href": _found(region, period, status=Status.CLOSED),
        },
        {
            "label": _("Overdue needs (due before today)"),
            "value": _number(figures.get(("needs_waiting_overdue", ""), 0)),
            "href": _link("needs:list", region=region.pk, overdue=1),
            "testid": "overdue",
        },
        {
            "label": _("Open crisis needs"),
            "value": _number(figures.get(("needs_open_crisis", ""), 0)),
            "href": _link("needs:list", region=region.pk, crisis=1),
        },
        {
            "label": _("Crisis needs found"),
            "value": _number(figures.get(("needs_found", "crisis"), 0)),
            "href": _found(region, period, status="all", crisis=1),
        },
        {
            "label": _("Hours to first response (average)"),
            "value": _average(figures.get(("response_seconds", "")), figures.get(("responded", "")), hour),
            "href": None,
        },
        {
            "label": _("Hours to first response in a crisis (average)"),
            "value": _average(figures.get(("response_seconds", "crisis")), figures.get(("responded", "crisis")), hour),
            "href": None,
        },
        {
            "label": _("Days to closing (average)"),
            "value": _average(figures.get(("closing_seconds", "")), figures.get(("needs_closed", "")), day),
            "href": None,
        },
        {
            "label": _("Satisfaction (average of 5)"),
            "value": _average(figures.get(("satisfaction_sum", "")), evaluations, 1),
            "href": None,
        },
    ]


def child_rows(children, query: str):
    rows = []
    for child, figures in children:
        rows.append(
            {
                "region": child,
                "href": f"{reverse('stats:dashboard', args=[child.code])}?{query}",
                "volunteers": _number(figures.get(("volunteers", ""), 0)),
                "teams": _number(figures.get(("teams", ""), 0)),
                "hours": _number(figures.get(("hours", ""), 0)),
                "found": _number(figures.get(("needs_found", ""), 0)),
                "closed": _number(figures.get(("needs_closed", ""), 0)),
                "overdue": _number(figures.get(("needs_waiting_overdue", ""), 0)),
                "overdue_href": _link("needs:list", region=child.pk, overdue=1),
            }
        )
    return rows


def recipient_groups(figures) -> list[TargetGroup]:
    """Every target group with `n`, its recipients in the user's areas (from the facts: no count of recipients)."""
    groups = list(TargetGroup.objects.all())
    for group in groups:
        group.n = int(figures.get(("recipients", f"group:{group.code}"), 0))
    return groups


def home_counts(figures):
    """The home page's counts, from the facts."""
    return {
        "recipient_count": int(figures.get(("recipients", ""), 0)),
        "recipient_groups": recipient_groups(figures),
        "need_counts": {
            "new": int(figures.get(("needs_status", Status.NEW), 0)),
            "open": int(sum(figures.get(("needs_status", s), 0) for s in OPEN_STATUSES)),
            "crisis": int(figures.get(("needs_open_crisis", ""), 0)),
        },
        "volunteer_count": int(figures.get(("volunteers", ""), 0)),
        "volunteer_kinds": [
            {"kind": code, "label": label, "n": int(figures[("volunteers_any", f"kind:{code}")])}
            for code, label in VolunteerKind.choices
            if figures.get(("volunteers_any", f"kind:{code}"))
        ],
        "team_count": int(figures.get(("teams", ""), 0)),
        "organisation_counts": [
            {"kind": code, "label": label, "n": int(figures[("organisations", f"kind:{code}")])}
            for code, label in Kind.choices
            if figures.get(("organisations", f"kind:{code}"))
        ],
    }
