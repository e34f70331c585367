"""The world the phones of bench/checkin_load.py check in to (activities under way, approved sign-ups, a
signed-in session per volunteer), and what one phone does: scan the code, tap check in or check out."""

import datetime
import os
import random
import threading
import time

from checkin_measure import Tally

from deploy.client import Client
from deploy.stack import Deployment

RESEND_SHARE = 0.02


class Setup:
    """Activities under way, approved sign-ups and one signed-in session per volunteer, made in the deployment's
    database through Django (the same settings as gunicorn's)."""

    def __init__(self, deployment: Deployment, *, phones: int, activities: int):
        os.environ.update(deployment.env())
        os.environ["DJANGO_SETTINGS_MODULE"] = "qianniu.settings"
        import django

        django.setup()
        from django.conf import settings

        self.settings = settings
        self.deployment = deployment
        self.sessions = self._sessions(phones)
        self.activities = self._activities(activities)
        from activities.models import Activity

        self.activity = {activity.pk: activity for activity in Activity.objects.filter(pk__in=self.activities)}
        self.tokens: dict[int, tuple[float, str]] = {}
        self.token_lock = threading.Lock()

    def _sessions(self, phones: int) -> list[tuple[int, str]]:
        from django.contrib.auth import login
        from django.contrib.sessions.backends.db import SessionStore
        from django.http import HttpRequest

        from people.models import Volunteer

        volunteers = list(
            Volunteer.objects.filter(user__isnull=False, user__is_active=True)
            .select_related("user")
            .order_by("pk")[:phones]
        )
        if len(volunteers) < phones:
            raise SystemExit(f"the demo has {len(volunteers)} volunteers with an account; load more")
        sessions = []
        for volunteer in volunteers:
            request = HttpRequest()
            request.META.update(REMOTE_ADDR="127.0.0.1", HTTP_HOST="qianniu.example.gov.cn")
            request.session = SessionStore()
            login(request, volunteer.user, backend=self.settings.AUTHENTICATION_BACKENDS[-1])
            request.session.save()
            sessions.append((volunteer.pk, request.session.session_key))
        return sessions

    def _activities(self, count: int) -> list[int]:
        from django.utils import timezone

        from activities.models import Activity, Signup, SignupStatus
        from orgs.models import Kind, Organisation

        team = Organisation.objects.filter(kind=Kind.TEAM, activities__isnull=False).first()
        lead = team.activities.first().lead
        now = timezone.now()
        pks = []
        for number in range(count):
            activity = Activity.objects.create(
                title=f"压测活动 {number + 1}", content="签到压测", organiser=team, lead=lead, region=team.region,
                place="团结社区党群服务中心", starts_at=now - datetime.timedelta(minutes=30),
                ends_at=now + datetime.timedelta(hours=4), quota=len(self.sessions), status="published",
            )  # fmt: skip
            Signup.objects.bulk_create(
                Signup(activity=activity, volunteer_id=volunteer, status=SignupStatus.APPROVED)
                for volunteer, _session in self.sessions
            )
            pks.append(activity.pk)
        return pks

    def token(self, activity_pk: int) -> str:
        """What the leader's phone shows: a fresh code every 20 seconds (signed here, no query)."""
        from activities.services import qr_token

        with self.token_lock:
            made, token = self.tokens.get(activity_pk, (0.0, ""))
            if time.monotonic() - made > 20:
                token = qr_token(self.activity[activity_pk])
                self.tokens[activity_pk] = (time.monotonic(), token)
            return token

    def counts(self) -> dict:
        from django.db import connection

        from activities.models import Attendance, AttendanceRequest
        from ledger.models import LedgerEntry

        connection.close()
        bench = {"activity_id__in": self.activities}
        return {
            "attendances": Attendance.objects.filter(**bench).count(),
            "checked out": Attendance.objects.filter(**bench, checked_out_at__isnull=False).count(),
            "check-in requests": AttendanceRequest.objects.filter(attendance__activity_id__in=self.activities)
            .filter(action="in")
            .count(),
            "check-out requests": AttendanceRequest.objects.filter(attendance__activity_id__in=self.activities)
            .filter(action="out")
            .count(),
            "ledger entries": LedgerEntry.objects.filter(attendance__activity_id__in=self.activities).count(),
        }


class Pairs:
    """(activity, phone) pairs not used yet, activity by activity: the phones in flight share an activity."""

    def __init__(self, setup: Setup):
        self.setup = setup
        self.order = [(a, index) for a in setup.activities for index in range(len(setup.sessions))]
        self.next = 0
        self.lock = threading.Lock()
        self.checked_in: list = []

    def take(self):
        with self.lock:
            if self.next >= len(self.order):
                return None
            pair = self.order[self.next]
            self.next += 1
            return pair


def phone(setup: Setup, index: int) -> Client:
    volunteer, session = setup.sessions[index]
    client = Client(setup.deployment.port, address=f"203.0.113.{index % 250 + 1}", timeout=60)
    client.cookies[setup.settings.SESSION_COOKIE_NAME] = session
    return client


def check_in(setup: Setup, pair, tally: Tally, started: float | None = None) -> None:
    """One phone: open the scanned address, tap check in (sometimes twice, with the same key)."""
    activity, index = pair
    client = phone(setup, index)
    began = time.perf_counter() if started is None else started
    try:
        page = client.get(f"/attend/{setup.token(activity)}/")
        if page.status != 200 or "/attend-submit/in/" not in page.text:
            tally.fail(f"scan {page.status}")
            return
        fields = page.form("/attend-submit/in/")
        fields.pop("_action")
        tapped = client.post("/attend-submit/in/", fields, referer=page.url)
        if tapped.status != 200 or "签到" not in tapped.text:
            tally.fail(f"check-in {tapped.status}")
            return
        tally.add(tapped.seconds, time.perf_counter() - began)
        if random.random() < RESEND_SHARE:  # the answer was lost on the way: the phone sends it again
            again = client.post("/attend-submit/in/", fields, referer=page.url)
            if again.status != 200:
                tally.fail(f"resend {again.status}")
            with tally.lock:
                tally.resent += 1
    except OSError as error:
        tally.fail(f"{type(error).__name__}")
    finally:
        client.close()


def check_out(setup: Setup, pair, tally: Tally) -> None:
    activity, index = pair
    client = phone(setup, index)
    began = time.perf_counter()
    try:
        page = client.get(f"/attend/{setup.token(activity)}/")
        if "/attend-submit/out/" not in page.text:
            tally.fail(f"scan for check-out {page.status}")
            return
        fields = page.form("/attend-submit/out/")
        fields.pop("_action")
        tapped = client.post("/attend-submit/out/", fields, referer=page.url)
        if tapped.status != 200 or "签退" not in tapped.text:
            tally.fail(f"check-out {tapped.status}")
            return
        tally.add(tapped.seconds, time.perf_counter() - began)
    except OSError as error:
        tally.fail(f"{type(error).__name__}")
    finally:
        client.close()
