import datetime
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.accounts import DEMO_PASSWORD, demo_logins
from demo.builder import DemoBuilder
from orgs.models import Kind, Organisation
from people.models import Recipient, Volunteer, VolunteerKind
from regions.models import Region

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    call_command("load_demo", volunteers=50, recipients=20, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_demo_county_has_every_part(demo):
    assert Organisation.objects.filter(kind=Kind.DEPARTMENT, region__code="150521").count() == 12
    assert Organisation.objects.filter(kind=Kind.TEAM, region__path__startswith="/150000/150500/150521/").exists()
    assert set(Volunteer.objects.values_list("kind", flat=True)) >= {
        VolunteerKind.PARTY_MEMBER,
        VolunteerKind.YOUTH,
        VolunteerKind.VETERAN,
        VolunteerKind.ELDERLY,
    }
    groups = set(Recipient.objects.values_list("groups__code", flat=True))
    assert groups >= {"elderly", "child", "in_difficulty", "disabled", "woman", "youth"}


def test_sichuan_has_its_coordination_group_and_a_campaign_joined_by_its_counties(demo):
    from coordination.models import Campaign, CoordinationGroup, ItemStatus
    from coordination.tally import campaign_figures

    group = CoordinationGroup.objects.get(region__code="510000")
    assert group.members.count() == 40
    assert group.members.filter(role="convenor").get().organisation.name == "省委宣传部"
    assert group.office.name == "省文明办"
    assert set(group.items.values_list("status", flat=True)) == {
        ItemStatus.OVERDUE,
        ItemStatus.OPEN,
        ItemStatus.REPORTED,
    }
    campaign = Campaign.objects.get(group=group)
    counties = set(Region.objects.filter(level="county", code__startswith="51").values_list("pk", flat=True))
    assert len(counties) == 4
    assert set(campaign.participations.values_list("region_id", flat=True)) == counties
    total = campaign_figures(campaign, [group.region])[group.region.pk]
    assert (total.activities, total.volunteers) == (4, 12)
    assert total.hours > 0 and total.people_served == 15 + 20 + 25 + 30


def test_every_printed_login_works(demo, client, settings):
    """With the password, and for the superuser and the region admins the code `demo_otp` prints."""
    logins = demo_logins()
    assert len(logins) == 11
    for role, phone, _name, _where in logins:
        client.logout()
        response = client.post(reverse("login"), {"username": phone, "password": DEMO_PASSWORD})
        assert response.status_code == 302, role
        home = client.get(reverse("home"))
        if phone in {"13800000000", "13800000001", "13800000008", "13800000009", "13800000010"}:
            assert home.status_code == 302 and home.url.startswith(reverse("signin:verify")), role
            code = io.StringIO()
            call_command("demo_otp", phone, stdout=code)
            assert client.post(home.url, {"code": code.getvalue().strip()}).status_code == 302, role
            home = client.get(reverse("home"))
        assert home.status_code == 200, role


def test_the_demo_is_the_same_for_the_same_seed():
    def sample(seed):
        builder = DemoBuilder(seed=seed, volunteers=0, recipients=0, today=datetime.date(2026, 11, 29))
        return [(builder.person_name(), builder.id_number(builder.birth_date(18, 80), "F")) for _ in range(50)]

    assert sample(7) == sample(7)
    assert sample(7) != sample(8)
    assert len({name for name, _number in sample(7)}) > 30


def test_loading_twice_is_refused_unless_asked_to_skip(demo):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="loaded already"):
        call_command("load_demo", volunteers=60, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo", if_empty=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_database_file_holds_no_plain_id_or_phone_number(migrated_sqlite):
    """Load the demo into a real SQLite file and search its bytes for every seeded number."""
    database = migrated_sqlite
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "load_demo", "--volunteers", "50", "--recipients", "20"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    dump = subprocess.run(
        [*manage, "shell", "-c", DUMP_NUMBERS], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout
    dump = re.findall(r"\b(?:1[3-9]\d{9}|\d{17}[\dX])\b", dump)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert len(dump) > 120  # 50 volunteers, 20 recipients and the accounts: some 160 numbers
    raw = b"".join(path.read_bytes() for path in database.parent.iterdir())
    leaked = [number for number in dump if number.encode() in raw]
    assert leaked == []


DUMP_NUMBERS = """
from people.models import Recipient, User, Volunteer
for v in Volunteer.objects.all(): print(v.id_number)
for u in User.objects.all(): print(u.phone)
for r in Recipient.objects.all():
    for n in (r.id_number, r.phone, r.guardian_phone):
        if n: print(n)
"""


def test_every_demo_department_has_a_liaison_and_jinchuans_project_a_social_worker(db):
    import datetime as _datetime

    from demo.builder import DemoBuilder
    from orgs.models import Kind, Organisation
    from people.models import Role, RoleGrant
    from projects.models import Project

    DemoBuilder(seed=2026, volunteers=60, recipients=20, today=_datetime.date(2026, 11, 30)).build()
    # the county's departments, which dispatches reach (四川's provincial departments sit in its group)
    departments = Organisation.objects.filter(kind=Kind.DEPARTMENT, region__code="150521")
    staffed = RoleGrant.objects.filter(role=Role.DEPARTMENT_LIAISON).values_list("organisation_id", flat=True)
    assert departments.count() == 12 and set(departments.values_list("pk", flat=True)) <= set(staffed)
    chase = Project.objects.get(name="追光计划")
    assert RoleGrant.objects.filter(user=chase.lead, role=Role.SOCIAL_WORKER, region=chase.region).exists()


def test_the_demo_activities_are_on_the_map_so_the_recruit_page_ranks_volunteers(demo):
    from django.utils import timezone

    from activities.models import Activity
    from matching.recruit import recruitment

    coming = Activity.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    found = recruitment(coming, coming.lead)
    assert found.located and (found.candidates or found.funnel[0][1] > 0)  # the county's volunteers were weighed


def test_every_demo_project_has_its_contract_targets(demo):
    from projects.models import Project

    projects = list(Project.objects.all())
    assert projects
    for project in projects:
        assert project.target_people and project.target_hours and project.target_evaluations, project.name
        assert project.targets.exists(), project.name
