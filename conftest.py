"""Personas shared by every test: two communities of 科尔沁左翼中旗 and one of 金川区, each with its people."""

import datetime
import importlib
import os
from dataclasses import dataclass

import pytest
from django.utils import timezone

from activities.models import Activity
from orgs.models import Department, Kind
from people.models import Recipient, Role, User, Volunteer
from qianniu.tests import factories as f
from qianniu.tests.browser import CHROMIUM
from regions.models import Level, Region


@dataclass
class World:
    county: Region
    township: Region
    community: Region
    other_community: Region
    foreign_county: Region
    foreign_community: Region
    team: object
    other_team: object
    foreign_team: object
    department: object
    county_admin: User
    social_worker: User
    other_social_worker: User
    team_leader: User
    volunteer_user: User
    volunteer: Volunteer
    other_volunteer: Volunteer
    foreign_volunteer: Volunteer
    liaison: User
    resident: User
    recipient: Recipient
    other_recipient: Recipient
    foreign_recipient: Recipient
    outsider: User


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters do not carry from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_official_calendar(request):
    """The holiday days entered by hand (venues.OfficialDay), kept in memory by venues/calendar.py, do not carry
    from one test to the next; a test that uses no database reads none."""
    from venues import calendar

    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    calendar.forget_entered(empty=not uses_db)
    yield
    calendar.forget_entered()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ensure_reference_data():
    """The dictionaries and places that migrations seed. A transactional test (the browser tests) empties
    the tables when it ends, so the next one puts them back; the seeds are idempotent."""
    from django.apps import apps

    for module in ("dictionaries.migrations.0002_seed", "regions.migrations.0002_seed_places", "ledger.catalogue"):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture(scope="session")
def migrated_sqlite_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, a file copy of the migrated test database with its reference data, made once a session
    (between tests the database holds nothing else: each test rolls back or, if transactional, empties it)."""
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return None  # on PostgreSQL, or no test database set up: `migrated_sqlite` migrates a new file
    import sqlite3

    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    with django_db_blocker.unblock():
        if not Region.objects.filter(code="150521").exists():
            ensure_reference_data()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    return path


@pytest.fixture
def migrated_sqlite(migrated_sqlite_snapshot, db, tmp_path):
    """A migrated SQLite database file of this test's own, for `manage.py` run in a process of its own: a
    copy of the session's snapshot (migrating a new file costs some 25 s of CPU), or, when the tests run on
    PostgreSQL, a new file that `migrate` fills. `db` only makes sure the test database is set up."""
    import shutil
    import subprocess
    import sys

    path = tmp_path / "database.sqlite3"
    if migrated_sqlite_snapshot:
        shutil.copyfile(migrated_sqlite_snapshot, path)
    else:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
        root = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, cwd=root)
    return path


@pytest.fixture
def world(db) -> World:
    if not Region.objects.filter(code="150521").exists():
        ensure_reference_data()
    county = Region.objects.get(code="150521")
    township = f.region("150521100000", "保康镇", Level.TOWNSHIP, county)
    community = f.region("150521100001", "团结社区", Level.COMMUNITY, township)
    other_township = f.region("150521101000", "宝龙山镇", Level.TOWNSHIP, county)
    other_community = f.region("150521101001", "宝龙山嘎查", Level.COMMUNITY, other_township)
    foreign_county = Region.objects.get(code="620302")
    foreign_community = Region.objects.get(code="620302001001")

    team = f.OrganisationFactory(name="团结社区牵牛花志愿服务队", region=community)
    other_team = f.OrganisationFactory(name="宝龙山青春行志愿服务队", region=other_community)
    foreign_team = f.OrganisationFactory(name="龙广益家志愿服务队", region=foreign_community)
    department = f.OrganisationFactory(
        kind=Kind.DEPARTMENT, department=Department.CIVIL_AFFAIRS, name="科左中旗民政局", region=county
    )

    county_admin = f.UserFactory(name="乌云")
    f.grant(county_admin, Role.REGION_ADMIN, region=county)
    social_worker = f.UserFactory(name="苏日娜")
    f.grant(social_worker, Role.SOCIAL_WORKER, region=community)
    other_social_worker = f.UserFactory(name="王静")
    f.grant(other_social_worker, Role.SOCIAL_WORKER, region=other_community)
    liaison = f.UserFactory(name="刘建国")
    f.grant(liaison, Role.DEPARTMENT_LIAISON, organisation=department)
    outsider = f.UserFactory(name="李红梅")
    f.grant(outsider, Role.REGION_ADMIN, region=foreign_county)
    f.authenticator(county_admin)  # region admins sign in with a second factor
    f.authenticator(outsider)

    leader_profile = f.volunteer(name="吴乌兰", region=community)
    f.member(team, leader_profile, leader=True)
    volunteer = f.volunteer(name="张三", region=community, phone="13912345678")
    f.member(team, volunteer)
    other_volunteer = f.volunteer(name="李四", region=other_community)
    f.member(other_team, other_volunteer)
    foreign_volunteer = f.volunteer(name="张山", region=foreign_community)
    f.member(foreign_team, foreign_volunteer)

    recipient = f.recipient(name="韩桂兰", region=community, phone="13698765432", id_number=f.resident_id())
    resident = f.UserFactory(name="韩桂兰")
    recipient.user = resident
    recipient.save(update_fields=["user"])
    other_recipient = f.recipient(name="包金花", region=other_community)
    foreign_recipient = f.recipient(name="张桂兰", region=foreign_community)

    return World(
        county=county,
        township=township,
        community=community,
        other_community=other_community,
        foreign_county=foreign_county,
        foreign_community=foreign_community,
        team=team,
        other_team=other_team,
        foreign_team=foreign_team,
        department=department,
        county_admin=county_admin,
        social_worker=social_worker,
        other_social_worker=other_social_worker,
        team_leader=leader_profile.user,
        volunteer_user=volunteer.user,
        volunteer=volunteer,
        other_volunteer=other_volunteer,
        foreign_volunteer=foreign_volunteer,
        liaison=liaison,
        resident=resident,
        recipient=recipient,
        other_recipient=other_recipient,
        foreign_recipient=foreign_recipient,
        outsider=outsider,
    )


@pytest.fixture
def past_activity(world):
    """A published activity of the world's team, two days ago: the one volunteers are credited hours for."""
    start = timezone.now() - datetime.timedelta(days=2)
    return Activity.objects.create(
        title="重阳节敬老院包饺子",
        content="陪伴老人包饺子",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区敬老院",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        quota=10,
        status="published",
    )


@pytest.fixture
def login(client):
    """Sign a persona in; returns the client. A persona whose role requires two-factor sign-in (or who has
    set it up) passes it too, with their authenticator, as the verify page would record it."""

    def sign_in(user):
        client.force_login(user)
        f.two_factor_verified(client, user)
        return client

    return sign_in


# Browser tests: Debian's Chromium through Playwright (constants in qianniu/tests/browser.py).


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
    # synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_for(browser, live_server):
    contexts = []

    def open_page(device: dict):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **device)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
