"""An activity's recruitment: whom its organiser might invite, in order, with the reasons, from the same
candidate machinery as a run (the county's volunteers the organiser may see, `loading.load_volunteers`; the
hard filters and the distance of `core.candidates`).

A candidate has every skill the activity wants and its training valid on the day, is free in the half-day it
starts (weekly availability, not taken by a task already held), has room left that week, lives within
RECRUIT_KM of the place, is of age for it, and has neither signed up nor been invited. They are ranked as a
run weighs them: the travel, plus the load cost of the tasks they already hold that week."""

import math
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Activity, Invitation, Signup, SignupStatus
from dictionaries.models import Skill
from matching import core, loading
from matching.explain import STAGE_LABELS
from needs.models import DayPart
from people.forms import WEEKDAYS
from people.models import Volunteer

RECRUIT_KM = 20.0
SHOWN = 50  # candidates on the page, best first
PART_LABELS = {0: DayPart.MORNING.label, 1: DayPart.AFTERNOON.label, 2: DayPart.EVENING.label}
TAKEN = (SignupStatus.PENDING, SignupStatus.APPROVED, SignupStatus.WAITING)


@dataclass
class Candidate:
    volunteer: Volunteer
    km: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Recruitment:
    activity: Activity
    candidates: list[Candidate]
    funnel: list[tuple[str, int]]  # how many volunteers each requirement left, when nobody is left
    located: bool  # the activity has a map position
    signed_up: int
    invited: int
    coming: int  # signed up or invited, each volunteer once (an invited volunteer who signed up is both)
    found: int = 0  # candidates in all, of whom the SHOWN nearest are on the page

    @property
    def still_needed(self) -> int:
        return max(0, self.activity.quota - self.coming)

    @property
    def cut(self) -> str:
        """The list is not the whole: say how many of how many it shows."""
        if self.found <= len(self.candidates):
            return ""
        return ngettext(
            "The nearest %(shown)s, of %(found)s",
            "The nearest %(shown)s, of %(found)s",
            self.found,
        ) % {"shown": len(self.candidates), "found": self.found}


def recruitment(activity: Activity, user) -> Recruitment:
    signed_up = set(Signup.objects.filter(activity=activity, status__in=TAKEN).values_list("volunteer_id", flat=True))
    invited = set(Invitation.objects.filter(activity=activity).values_list("volunteer_id", flat=True))
    counts = {"signed_up": len(signed_up), "invited": len(invited), "coming": len(signed_up | invited)}
    empty = Recruitment(activity, [], [], activity.latitude is not None, **counts)
    if activity.latitude is None or activity.longitude is None:
        return empty
    day = timezone.localdate(activity.starts_at)
    origin = (float(activity.latitude), float(activity.longitude))
    scale = math.cos(math.radians(origin[0]))

    def xy(latitude, longitude) -> tuple[float, float]:
        return (
            (float(longitude) - origin[1]) * loading.KM_PER_DEGREE * scale,
            (float(latitude) - origin[0]) * loading.KM_PER_DEGREE,
        )

    skills = frozenset(activity.required_skills.values_list("pk", flat=True))
    spec = core.NeedSpec(
        id=activity.pk,
        x=0.0,
        y=0.0,
        day=day.toordinal(),
        part=loading.part_of_hour(timezone.localtime(activity.starts_at).hour),
        skills=skills,
        qualification=activity.required_qualification_id,
        minors_ok=activity.minors_allowed,
        max_km=RECRUIT_KM,
        declined=frozenset(signed_up | invited),
    )
    # The run's loader, over the one day of the activity, as the organiser sees the county's volunteers.
    as_run = SimpleNamespace(region=activity.region, created_by=user, starts_on=day, ends_on=day)
    located = [{"latitude": activity.latitude, "longitude": activity.longitude}]
    specs = loading.load_volunteers(as_run, xy, {"skills": set(skills), "languages": set(), "fields": set()}, located)
    pool = core.Pool(specs)
    needs = core.Needs([spec], pool)
    edges = core.candidates(pool, needs, k=None)
    if not len(edges.need):
        funnel = core.explain_unserved(pool, [spec])[spec.id]["counts"]
        place = SimpleNamespace(max_distance_km=int(RECRUIT_KM))
        labels = STAGE_LABELS | {"declined": lambda need, on: _("not signed up or invited already")}
        return Recruitment(
            activity,
            [],
            [(labels[stage](place, day), count) for stage, count in funnel],
            True,
            **counts,
        )
    held = pool.held(edges.volunteer, needs.week[edges.need])
    score = np.rint(edges.km * 1000) + held * core.Weights().load_step
    order = np.lexsort((pool.ids[edges.volunteer], score))
    ranked = [(int(pool.ids[edges.volunteer[i]]), float(edges.km[i]), int(held[i])) for i in order]
    by_pk = Volunteer.objects.visible_to(user).select_related("user").in_bulk([pk for pk, _km, _held in ranked])
    capacity = {v.id: v.capacity for v in specs}
    skill_names = "、".join(s.label for s in Skill.objects.filter(pk__in=skills))
    when = _("%(day)s %(weekday)s %(part)s") % {
        "day": date_format(day),
        "weekday": WEEKDAYS[day.weekday()],
        "part": PART_LABELS[spec.part],
    }
    candidates, found = [], 0
    for pk, km, load in ranked:
        volunteer = by_pk.get(pk)
        if volunteer is None or volunteer.age < activity.min_age:
            continue
        found += 1
        if len(candidates) == SHOWN:
            continue  # counted, not shown
        reasons = [_("%(km)s km away") % {"km": round(km, 1)}]
        if skill_names:
            reasons.append(_("has the skills %(skills)s") % {"skills": skill_names})
        if activity.required_qualification_id:
            reasons.append(_("training valid on the day"))
        reasons.append(_("free on %(when)s") % {"when": when})
        reasons.append(
            ngettext(
                "holds %(n)s of %(capacity)s task that week",
                "holds %(n)s of %(capacity)s tasks that week",
                capacity[pk],
            )
            % {"n": load, "capacity": capacity[pk]}
        )
        candidates.append(Candidate(volunteer, km, reasons))
    return Recruitment(activity, candidates, [], True, **counts, found=found)
