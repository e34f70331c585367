"""From the database to the matching core's plain data: the open needs of a run's area, one occurrence per
day to serve, and the registered volunteers of its county, in a few bulk queries."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from matching.core import PRIORITY, NeedSpec, VolunteerSpec, week_of
from needs.models import DayPart, Decline, Need, Recurrence, Status, Task, TaskStatus, Urgency
from needs.recurrence import RECURRING, dates_between
from orgs.models import MembershipStatus, TeamMembership
from people.models import RegistrationStatus, Volunteer
from regions.models import Level, Region

PART_INDEX = {DayPart.MORNING: 0, DayPart.AFTERNOON: 1, DayPart.EVENING: 2}
PART_CODE = {index: code for code, index in PART_INDEX.items()}
ACTIVE_TASK = [TaskStatus.OFFERED, TaskStatus.ACCEPTED, TaskStatus.DONE]
KM_PER_DEGREE = 111.32


@dataclass
class Occurrence:
    need_id: int
    on: datetime.date
    until: datetime.date | None = None  # the last day of a window, for a need served once within it


@dataclass
class Loaded:
    needs: list[NeedSpec] = field(default_factory=list)
    volunteers: list[VolunteerSpec] = field(default_factory=list)
    occurrences: dict[int, Occurrence] = field(default_factory=dict)  # NeedSpec.id → need and day
    unlocated: list[Occurrence] = field(default_factory=list)  # needs without coordinates


def county_of(region: Region) -> Region:
    """Volunteers come from the whole county of the run's area (the distance limit keeps them near)."""
    if region.level in {Level.PROVINCE, Level.CITY, Level.COUNTY}:
        return region
    return region.ancestors().filter(level=Level.COUNTY).first() or region


def covering(region: Region, lookup: str) -> Q:
    """Rows whose region (reached by `lookup`) is this one, inside it, or above it."""
    return Q(**{f"{lookup}__path__startswith": region.path}) | Q(**{f"{lookup}__path__in": region.paths_above})


def priority_of(urgency: str, crisis: bool) -> int:
    return PRIORITY["crisis"] if crisis or urgency == Urgency.CRISIS else PRIORITY[urgency]


def part_of_hour(hour: int) -> int:
    """The part of the day an hour begins: morning before noon, afternoon, evening from 18:00."""
    return 0 if hour < 12 else 1 if hour < 18 else 2


def slot_of(window: dict) -> int | None:
    """A weekly availability window as weekday × 3 + part (`part_of_hour` of its start)."""
    try:
        hour = int(str(window["start"]).split(":")[0])
        weekday = int(window["weekday"])
    except (KeyError, TypeError, ValueError):
        return None
    return weekday * 3 + part_of_hour(hour)


def _not_served_otherwise(needs):
    """Needs no department, resource, project service or case is serving."""
    return needs.exclude(dispatches__status__in=["sent", "accepted", "completed"]).filter(
        resource_uses__isnull=True, service_items__isnull=True, case_opened_at__isnull=True
    )


def _unanswered(needs):
    """Needs nobody is serving yet: that, and no live or finished task. A need whose volunteer declined comes
    back here."""
    return _not_served_otherwise(needs.exclude(tasks__status__in=ACTIVE_TASK))


def occurrences(run) -> list[Occurrence]:
    """Each day in the run's weeks on which a need should be served: once on its wanted day (or the run's
    first day when that has passed or is not given), or once within its window of days (the part of it inside
    the run); a recurring need on each of its dates in the run (needs.recurrence), except dates that already
    have a task."""
    start, end = run.starts_on, run.ends_on
    area = Need.objects.filter(region__path__startswith=run.region.path)
    found = []
    once = _unanswered(area.filter(status__in=[Status.TRIAGED, Status.IN_SERVICE])).exclude(recurrence__in=RECURRING)
    for need_id, wanted_on, wanted_until in once.filter(Q(wanted_on__isnull=True) | Q(wanted_on__lte=end)).values_list(
        "pk", "wanted_on", "wanted_until"
    ):
        on = max(wanted_on or start, start)
        last = min(wanted_until, end) if wanted_until else None
        found.append(Occurrence(need_id, on, last if last and last > on else None))
    recurring = _not_served_otherwise(
        area.filter(status__in=[Status.TRIAGED, Status.IN_SERVICE], recurrence__in=RECURRING)
    ).filter(Q(wanted_on__isnull=True) | Q(wanted_on__lte=end))
    rows = list(recurring.values_list("pk", "wanted_on", "recurrence", "created_at"))
    taken = set(
        Task.objects.filter(
            need_id__in=[row[0] for row in rows], on__range=(start, end), status__in=ACTIVE_TASK
        ).values_list("need_id", "on")
    )
    for need_id, wanted_on, recurrence, created_at in rows:
        # A weekly need without a first day starts with the run; the others count from the day they were found.
        first = wanted_on or (start if recurrence == Recurrence.WEEKLY else timezone.localdate(created_at))
        for day in dates_between(recurrence, first, start, end):
            if (need_id, day) not in taken:
                found.append(Occurrence(need_id, day))
    return found


def _by(rows, value=lambda row: row[1]) -> dict:
    grouped = defaultdict(set)
    for row in rows:
        grouped[row[0]].add(value(row))
    return grouped


def _on_and_who(row) -> tuple:
    return row[1], row[2]


def load(run) -> Loaded:
    loaded = Loaded()
    wanted = occurrences(run)
    need_ids = {o.need_id for o in wanted}
    needs = {
        row["pk"]: row
        for row in Need.objects.filter(pk__in=need_ids).values(
            "pk",
            "latitude",
            "longitude",
            "wanted_part",
            "required_qualification_id",
            "language_id",
            "gender_preference",
            "suitable_for_minors",
            "max_distance_km",
            "urgency",
            "crisis",
            "recipient_id",
            "service_field_id",
            "recurrence",
            "people",
        )
    }
    located = [n for n in needs.values() if n["latitude"] is not None and n["longitude"] is not None]
    origin = (
        (
            sum(float(n["latitude"]) for n in located) / len(located),
            sum(float(n["longitude"]) for n in located) / len(located),
        )
        if located
        else (0.0, 0.0)
    )
    scale = math.cos(math.radians(origin[0]))

    def xy(latitude, longitude) -> tuple[float, float]:
        return (
            (float(longitude) - origin[1]) * KM_PER_DEGREE * scale,
            (float(latitude) - origin[0]) * KM_PER_DEGREE,
        )

    skills = _by(Need.required_skills.through.objects.filter(need_id__in=need_ids).values_list("need_id", "skill_id"))
    declines = Decline.objects.filter(need_id__in=need_ids)
    declined = _by(declines.filter(on__isnull=True).values_list("need_id", "volunteer_id"))
    # A date declined of a recurring need: that date only, matched again without them.
    declined_on = _by(declines.filter(on__isnull=False).values_list("need_id", "on", "volunteer_id"), _on_and_who)
    # The series' volunteer: of the last task accepted or done, except a substitute's on a date declined.
    substituted = set(declines.filter(on__isnull=False).values_list("need_id", "on"))
    previous = {
        need_id: volunteer_id
        for need_id, on, volunteer_id in Task.objects.filter(
            need_id__in=need_ids, status__in=[TaskStatus.ACCEPTED, TaskStatus.DONE], volunteer__isnull=False
        )
        .order_by("need_id", "on", "pk")
        .values_list("need_id", "on", "volunteer_id")
        if (need_id, on) not in substituted
    }
    from projects.models import Project, ServiceItem

    project_of_need = ServiceItem.needs.through.objects.filter(need_id__in=need_ids).values_list(
        "need_id", "serviceitem__project_id"
    )
    teams_of_project = _by(Project.teams.through.objects.values_list("project_id", "organisation_id"))
    teams = defaultdict(set)
    for need_id, project_id in project_of_need:
        teams[need_id] |= teams_of_project.get(project_id, set())

    for number, occurrence in enumerate(sorted(wanted, key=lambda o: (o.on, o.need_id)), start=1):
        need = needs[occurrence.need_id]
        if need["latitude"] is None or need["longitude"] is None:
            loaded.unlocated.append(occurrence)
            continue
        x, y = xy(need["latitude"], need["longitude"])
        loaded.occurrences[number] = occurrence
        loaded.needs.append(
            NeedSpec(
                id=number,
                x=x,
                y=y,
                day=occurrence.on.toordinal(),
                part=PART_INDEX.get(need["wanted_part"]),
                skills=frozenset(skills.get(need["pk"], ())),
                qualification=need["required_qualification_id"],
                language=need["language_id"],
                gender=need["gender_preference"],
                minors_ok=need["suitable_for_minors"],
                max_km=float(need["max_distance_km"]),
                priority=priority_of(need["urgency"], need["crisis"]),
                recipient=need["recipient_id"],
                field=need["service_field_id"],
                teams=frozenset(teams.get(need["pk"], ())),
                declined=frozenset(declined.get(need["pk"], ()))
                | {who for on, who in declined_on.get(need["pk"], ()) if on == occurrence.on},
                series=need["pk"] if need["recurrence"] in RECURRING else None,
                last_day=occurrence.until.toordinal() if occurrence.until else None,
                previous=previous.get(need["pk"]),
                people=need["people"],
            )
        )
    wanted = {
        "skills": {s for spec in loaded.needs for s in spec.skills},
        "languages": {spec.language for spec in loaded.needs if spec.language},
        "fields": {spec.field for spec in loaded.needs if spec.field},
    }
    loaded.volunteers = load_volunteers(run, xy, wanted, located)
    return loaded


def held_half_days(on: datetime.date, part: str | None) -> set[tuple[int, int]]:
    """The half-days a held task takes: the one its need names or its proposal chose; a task of a need of
    any time offered by hand names none, so it keeps the volunteer's whole day."""
    day = on.toordinal()
    return {(day, PART_INDEX[part])} if part in PART_INDEX else {(day, p) for p in PART_INDEX.values()}


def _living_in(county: Region, located: list[dict], prefix: str = "") -> Q:
    """Volunteers of the county and, when MATCHING_CROSS_COUNTY_KM is above 0, of any other county whose home
    lies within that many km of the box around the run's needs (the need's own distance limit still holds)."""
    area = Q(**{f"{prefix}region__path__startswith": county.path})
    reach = settings.MATCHING_CROSS_COUNTY_KM
    if reach and located:
        latitudes = [float(n["latitude"]) for n in located]
        longitudes = [float(n["longitude"]) for n in located]
        north = reach / KM_PER_DEGREE
        east = north / max(0.01, math.cos(math.radians(max(map(abs, latitudes)))))
        area |= Q(
            **{
                f"{prefix}latitude__range": (min(latitudes) - north, max(latitudes) + north),
                f"{prefix}longitude__range": (min(longitudes) - east, max(longitudes) + east),
            }
        )
    return area


def load_volunteers(run, xy, wanted: dict[str, set], located: list[dict] = ()) -> list[VolunteerSpec]:
    """The county's registered volunteers whom the run's starter may see (the same rule as every volunteer
    list), with a map position and room for tasks, and those of other counties living near its needs when the
    settings allow (`_living_in`). Of their skills, languages and fields only those some need asks for are
    kept."""
    county = county_of(run.region)
    pool = Volunteer.objects.visible_to(run.created_by).filter(
        _living_in(county, located),
        status=RegistrationStatus.REGISTERED,
        latitude__isnull=False,
        longitude__isnull=False,
        weekly_capacity__gt=0,
        user__is_active=True,
    )
    rows = list(pool.values_list("pk", "latitude", "longitude", "sex", "birth_date", "availability", "weekly_capacity"))
    # Rows of the county's volunteers, by a join on the region path (PostgreSQL plans it as one hash join;
    # `IN (subquery)` took it 0.7 s per table). Rows of volunteers outside the pool are never looked up.
    inside = _living_in(county, located, "volunteer__")
    skills = _by(Volunteer.skills.through.objects.filter(inside).values_list("volunteer_id", "skill_id"))
    languages = _by(Volunteer.languages.through.objects.filter(inside).values_list("volunteer_id", "language_id"))
    fields = _by(Volunteer.service_fields.through.objects.filter(inside).values_list("volunteer_id", "servicefield_id"))
    teams = _by(
        TeamMembership.objects.filter(inside, status=MembershipStatus.APPROVED).values_list("volunteer_id", "team_id")
    )
    from ledger.models import QualificationGrant

    qualifications = defaultdict(dict)  # volunteer → qualification → last valid day, None for good
    for volunteer_id, qualification_id, expires_on in QualificationGrant.objects.filter(inside).values_list(
        "volunteer_id", "qualification_id", "expires_on"
    ):
        held = qualifications[volunteer_id]
        if expires_on is None:
            held[qualification_id] = None
        elif held.get(qualification_id, 0) is not None:
            held[qualification_id] = max(held.get(qualification_id, 0), expires_on.toordinal())
    first_week = run.starts_on - datetime.timedelta(days=run.starts_on.weekday())
    held_tasks = defaultdict(lambda: defaultdict(int))
    busy = defaultdict(set)  # volunteer → (day, part) taken by a task already held
    for volunteer_id, on, wanted_part, proposed_part in Task.objects.filter(
        inside,
        status__in=ACTIVE_TASK,
        on__range=(first_week, run.ends_on),
    ).values_list("volunteer_id", "on", "need__wanted_part", "proposal__part"):
        held_tasks[volunteer_id][week_of(on.toordinal())] += 1
        busy[volunteer_id] |= held_half_days(on, wanted_part or proposed_part)
    served = _by(
        Task.objects.filter(
            inside, status__in=[TaskStatus.ACCEPTED, TaskStatus.DONE], need__recipient__isnull=False
        ).values_list("volunteer_id", "need__recipient_id")
    )
    day = run.starts_on
    adult_born_before = datetime.date(day.year - 18, day.month, min(day.day, 28 if day.month == 2 else day.day))
    volunteers = []
    for pk, latitude, longitude, sex, birth_date, availability, capacity in rows:
        x, y = xy(latitude, longitude)
        volunteers.append(
            VolunteerSpec(
                id=pk,
                x=x,
                y=y,
                sex=sex,
                minor=birth_date > adult_born_before,
                skills=frozenset(skills.get(pk, ())) & wanted["skills"],
                languages=frozenset(languages.get(pk, ())) & wanted["languages"],
                fields=frozenset(fields.get(pk, ())) & wanted["fields"],
                teams=frozenset(teams.get(pk, ())),
                qualifications=qualifications.get(pk, {}),
                slots=frozenset(s for s in map(slot_of, availability or []) if s is not None),
                capacity=capacity,
                held=dict(held_tasks.get(pk, {})),
                busy=frozenset(busy.get(pk, ())),
                served=frozenset(served.get(pk, ())),
            )
        )
    return volunteers
