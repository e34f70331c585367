import datetime
import math

import pytest
from huey.contrib.djhuey import HUEY

from dictionaries.models import Language, Skill
from matching import execution, services
from matching.forms import next_monday
from needs import services as needs
from people.models import Volunteer

BAOKANG = (44.13, 123.31)  # latitude, longitude of the county seat


def east(km: float) -> dict:
    """Coordinates `km` east of the county seat."""
    return {
        "latitude": BAOKANG[0],
        "longitude": round(BAOKANG[1] + km / (111.32 * math.cos(math.radians(BAOKANG[0]))), 6),
    }


ALL_WEEK = [{"weekday": d, "start": s, "end": e} for d in range(7) for s, e in (("08:00", "12:00"), ("14:00", "18:00"))]


def place_volunteer(volunteer: Volunteer, km: float, *, skills=(), languages=(), capacity: int = 2) -> Volunteer:
    Volunteer.objects.filter(pk=volunteer.pk).update(availability=ALL_WEEK, weekly_capacity=capacity, **east(km))
    volunteer.refresh_from_db()
    volunteer.skills.set(skills)
    volunteer.languages.set(languages)
    return volunteer


@pytest.fixture
def monday():
    return next_monday()


@pytest.fixture
def haircut(db):
    return Skill.objects.create(code="haircut_test", name="理发")


@pytest.fixture
def mongolian(db):
    return Language.objects.get(name="蒙古语")


@pytest.fixture
def open_need(world, monday):
    """Make a triaged need of the world's recipient, `km` east of the seat."""

    def make(km: float = 0.0, *, on=None, part="am", skills=(), language=None, recurrence="once", region=None, by=None):
        need = needs.need_create(
            source="staff",
            by=by or world.social_worker,
            data={
                "recipient": world.recipient if region is None else None,
                "region": region or world.community,
                "description": "需要上门理发",
                "wanted_on": on or monday,
                "wanted_part": part,
                "recurrence": recurrence,
                "language": language,
                "required_skills": list(skills),
                **east(km),
            },
        )
        worker = by or (world.social_worker if region is None else world.county_admin)  # one of the need's area
        return needs.need_triage(need=need, by=worker, service_field=None, urgency="normal", crisis=False)

    return make


@pytest.fixture
def run_for(world, monday):
    """Create and execute a run (the background task's work, done here in the test)."""

    def make(region=None, *, weeks=1, by=None):
        run = services.run_create(
            region=region or world.community, starts_on=monday, weeks=weeks, by=by or world.county_admin
        )
        return execution.run_execute(run.pk)

    return make


@pytest.fixture
def immediate_huey():
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def week_after(day: datetime.date, weeks: int = 1) -> datetime.date:
    return day + datetime.timedelta(days=7 * weeks)
