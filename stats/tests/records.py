"""Random records made through the services (needs with their timelines, ledger entries, volunteers,
recipients), and matching runs with the proposals given."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from dictionaries.models import ServiceField, TargetGroup
from dispatch import services as dispatch_services
from ledger.services import entry_append
from matching.models import MatchRun, Proposal
from needs import services
from needs.models import Need
from orgs.models import Department, Kind, Organisation
from people.models import RegistrationStatus, VolunteerKind
from qianniu.tests import factories as f


def need_found(world):
    """A need of the world's recipient, found by the community's social worker."""
    return services.need_create(
        source="staff", by=world.social_worker, data={"recipient": world.recipient, "region": world.community,
                                                      "description": "x"},
    )  # fmt: skip


def random_volunteers(rng: random.Random, regions, count: int):
    made = []
    for _ in range(count):
        born = datetime.date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28))
        volunteer = f.volunteer(
            region=rng.choice(regions), kind=rng.choice(VolunteerKind.values), sex=rng.choice("MF"), birth_date=born
        )
        if rng.random() < 0.15:
            volunteer.status = RegistrationStatus.SUSPENDED
            volunteer.save(update_fields=["status", "updated_at"])
        made.append(volunteer)
    return made


def random_recipients(rng: random.Random, regions, count: int):
    """Recipients in random places with none to three target groups, through the service."""
    groups = list(TargetGroup.objects.all())
    return [
        f.recipient(name=f"对象{n}", region=rng.choice(regions), groups=rng.sample(groups, rng.randint(0, 3)))
        for n in range(count)
    ]


def random_entries(rng: random.Random, volunteers, by, count: int):
    today = timezone.localdate()
    for _ in range(count):
        entry_append(
            volunteer=rng.choice(volunteers), kind=rng.choice(["service", "service", "training"]), by=by,
            activity_name="活动", on=today - datetime.timedelta(days=rng.randint(0, 400)), place="社区",
            content="服务", hours=Decimal(rng.randint(1, 16)) / 2, organiser="服务队", lead="队长",
        )  # fmt: skip


def random_needs(rng: random.Random, world, count: int, *, volunteers):
    """Needs of the world's recipients taken along random paths; found in random months of the last two years."""
    groups = list(TargetGroup.objects.all())
    for recipient in (world.recipient, world.other_recipient, world.foreign_recipient):
        recipient.groups.set(rng.sample(groups, rng.randint(0, 2)))
        recipient.save(update_fields=["updated_at"])  # as the services and the back office do with the groups
    fields = list(ServiceField.objects.all())
    departments = {
        world.county.pk: world.department,
        world.foreign_county.pk: Organisation.objects.get_or_create(
            kind=Kind.DEPARTMENT,
            name="金川区民政局",
            region=world.foreign_county,
            defaults={"department": Department.CIVIL_AFFAIRS},
        )[0],  # fmt: skip
    }
    places = [
        (world.recipient, world.community, world.social_worker, world.county),
        (world.other_recipient, world.other_community, world.county_admin, world.county),
        (world.foreign_recipient, world.foreign_community, world.outsider, world.foreign_county),
    ]
    made = []
    for _ in range(count):
        recipient, region, worker, county = rng.choice(places)
        need = services.need_create(
            source="staff", by=worker, data={"recipient": recipient, "region": region, "description": "随机"}
        )
        made.append(need)
        path = rng.choice(["new", "triaged", "task", "closed", "dispatch", "referred", "withdrawn", "case"])
        if path == "new":
            continue
        if path == "withdrawn":
            services.need_withdraw(need=need, by=worker, reason="不再需要")
            continue
        crisis = rng.random() < 0.2
        services.need_triage(need=need, by=worker, service_field=rng.choice(fields), urgency="normal", crisis=crisis)
        if path == "referred":
            services.need_refer(need=need, by=worker, to="医院", reason="医疗")
        elif path == "dispatch":
            days = rng.randint(1, 5)
            dispatch_services.need_dispatch(
                need=need, by=worker, department=departments[county.pk],
                deadline=timezone.now() + datetime.timedelta(days=days),
            )  # fmt: skip
        elif path == "case":
            services.need_open_case(need=need, by=worker)
        elif path in ("task", "closed"):
            volunteer = rng.choice(
                [v for v in volunteers if v.region.path.startswith(county.path) and v.status == "registered"]
            )
            task = f.task_for(need, by=worker, volunteer=volunteer)
            services.task_answer(task=task, volunteer=volunteer, accept=True)
            services.task_done(task=task, volunteer=volunteer)
            if path == "closed":
                need.refresh_from_db()
                services.need_evaluate(
                    need=need, by=None, satisfaction=rng.randint(1, 5), comment="", outcome="", given_by="本人"
                )
    # Found in random months; some waiting needs and dispatches already past their due time.
    now = timezone.now()
    for need in made:
        found = now - datetime.timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 23))
        Need.objects.filter(pk=need.pk).update(created_at=found)
        if rng.random() < 0.5:
            Need.objects.filter(pk=need.pk).update(response_due_at=now - datetime.timedelta(days=rng.randint(1, 9)))
        if rng.random() < 0.5:
            need.dispatches.update(deadline=now + datetime.timedelta(days=rng.randint(-9, 9)))
    return made


def random_crisis_cases(rng: random.Random, world, count: int):
    """Casework cases of the world's recipients, most with a crisis: some answered within the two hours, some
    late, some not yet, some whose crisis is over; opened in random months of the last two years."""
    from casework import services as casework
    from casework.models import Action, Case, CaseEvent

    places = [
        (world.recipient, world.social_worker),
        (world.other_recipient, world.other_social_worker),
        (world.foreign_recipient, world.outsider),
    ]
    now = timezone.now()
    made = []
    for _ in range(count):
        recipient, worker = rng.choice(places)
        case = casework.case_open(recipient=recipient, by=worker, presenting_problem="随机", crisis=rng.random() < 0.8)
        made.append(case)
        answered = case.crisis and rng.random() < 0.7
        if answered:
            casework.case_note_add(case=case, by=worker, contact_type="phone", minutes=20, content="电话联系")
            if rng.random() < 0.3:
                casework.case_crisis_resolve(case=case, by=worker, note="已安全")
        opened = now - datetime.timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 23))
        flagged = opened + datetime.timedelta(minutes=rng.randint(0, 90))
        Case.objects.filter(pk=case.pk).update(opened_at=opened)
        if case.crisis:
            CaseEvent.objects.filter(case=case, action=Action.CRISIS).update(at=flagged)
            Case.objects.filter(pk=case.pk).update(crisis_due_at=flagged + datetime.timedelta(hours=2))
        if answered:
            responded = flagged + datetime.timedelta(minutes=rng.randint(1, 240), seconds=rng.randint(0, 59))
            Case.objects.filter(pk=case.pk).update(crisis_responded_at=responded)
    return made


def match_run(world, proposals):
    """A finished matching run of the world's county with the proposals [(need, kind, reason)]: a volunteer
    proposed (`volunteer`, no reason), or none (`none`) for the reason given."""
    run = MatchRun.objects.create(
        region=world.county, starts_on=timezone.localdate(), created_by=world.county_admin, status="done",
        finished_at=timezone.now(),
    )  # fmt: skip
    for need, kind, reason in proposals:
        extra = {"volunteer": world.volunteer} if kind == "volunteer" else {}
        explanation = {"reason": reason, "counts": [["pool", 3], [reason, 0]]} if kind == "none" else {"km": 1}
        Proposal.objects.create(run=run, need=need, on=run.starts_on, kind=kind, explanation=explanation, **extra)
    return run
