"""Needs served by several volunteers together (a bath by two women): all of them or none, in the core, in a
run, at accept time and on the run's page."""

import random

import pytest
from django.urls import reverse

from matching import services
from matching.core import Needs, NeedSpec, Pool, VolunteerSpec, explain_unserved, match, solve_teams
from matching.models import ProposalKind, ProposalStatus
from matching.tests.conftest import place_volunteer
from needs import services as needs
from needs.models import Need, Task
from qianniu.tests import factories as f

DAY = 739_950  # a Monday
ALL = frozenset(range(21))
MORNING = frozenset({0})  # Monday morning only
AFTERNOON = frozenset({1})


def bath(**fields) -> NeedSpec:
    return NeedSpec(**{"id": 1, "x": 0.0, "y": 0.0, "day": DAY, "part": 0, "gender": "F", "people": 2, **fields})


def test_a_bathing_need_for_two_women_goes_to_the_two_nearest_women_in_one_half_day():
    volunteers = [
        VolunteerSpec(id=10, x=0.5, y=0, sex="M", slots=ALL),  # nearest, but a man
        VolunteerSpec(id=11, x=1, y=0, sex="F", slots=ALL),
        VolunteerSpec(id=12, x=2, y=0, sex="F", slots=ALL),
        VolunteerSpec(id=13, x=3, y=0, sex="F", slots=ALL),
    ]
    result = match([bath()], volunteers)
    assert sorted((p.volunteer, p.part) for p in result.proposals) == [(11, 0), (12, 0)]
    assert result.served == 1 and result.unserved == []
    assert result.proposals[0].explanation["people"] == 2
    assert result.proposals[0].explanation["team_with"] == [12]
    # A need of any time: both in the same half-day.
    volunteers[1] = VolunteerSpec(id=11, x=1, y=0, sex="F", slots=MORNING)
    volunteers[2] = VolunteerSpec(id=12, x=2, y=0, sex="F", slots=AFTERNOON | MORNING)
    volunteers[3] = VolunteerSpec(id=13, x=3, y=0, sex="F", slots=AFTERNOON)
    result = match([bath(part=None)], volunteers)
    assert {p.part for p in result.proposals} == {0} and {p.volunteer for p in result.proposals} == {11, 12}


def test_with_one_woman_free_that_half_day_nobody_is_proposed_and_the_time_is_the_reason():
    volunteers = [
        VolunteerSpec(id=10, x=0.5, y=0, sex="M", slots=ALL),
        VolunteerSpec(id=11, x=1, y=0, sex="F", slots=MORNING),
        VolunteerSpec(id=12, x=2, y=0, sex="F", slots=AFTERNOON),
    ]
    result = match([bath()], volunteers)
    assert result.proposals == [] and result.unserved == [1]
    why = explain_unserved(Pool(volunteers), [bath()])[1]
    assert why["reason"] == "time" and why["people"] == 2
    assert dict(why["counts"])["gender"] == 2 and dict(why["counts"])["time"] == 1
    # With both free that morning, both are proposed (the check above can fail).
    volunteers[2] = VolunteerSpec(id=12, x=2, y=0, sex="F", slots=MORNING)
    assert {p.volunteer for p in match([bath()], volunteers).proposals} == {11, 12}


def test_a_woman_holding_a_task_that_morning_is_not_proposed_for_the_bath():
    volunteers = [
        VolunteerSpec(id=11, x=1, y=0, sex="F", slots=ALL, busy=frozenset({(DAY, 0)})),
        VolunteerSpec(id=12, x=2, y=0, sex="F", slots=ALL),
        VolunteerSpec(id=13, x=3, y=0, sex="F", slots=ALL),
    ]
    assert {p.volunteer for p in match([bath()], volunteers).proposals} == {12, 13}


def test_a_team_and_a_single_need_competing_for_the_same_women_serve_the_most_they_can():
    """Three women free on Monday morning; an urgent bath for two and two one-woman visits that morning. The
    flow alone gives the visits two of them; CP-SAT serves the bath and one visit (2 needs, the urgent one
    among them), never the bath plus both visits (four tasks for three women)."""
    women = [VolunteerSpec(id=20 + i, x=i, y=0, sex="F", slots=MORNING) for i in range(3)]
    visits = [NeedSpec(id=2, x=0, y=0, day=DAY, part=0, gender="F"), NeedSpec(id=3, x=0, y=0, day=DAY, part=0)]
    result = match([bath(priority=2), *visits], women)  # the bath is urgent
    assert result.served == 2
    taken = [p.volunteer for p in result.proposals]
    assert len(taken) == len(set(taken)) == 3
    week = result.teams["weeks"][0]
    assert week["upper_bound"] >= week["served"] == 2 and week["status"] == "OPTIMAL"


def test_a_team_whose_nearest_are_all_taken_looks_further_within_reach():
    """Two visits take the two nearest volunteers; with lists of k × TEAM_K = 2, the bath lists only those two,
    yet two more are free that morning within reach: the bath's list grows and they serve it."""
    volunteers = [VolunteerSpec(id=30 + i, x=km, y=0, slots=MORNING) for i, km in enumerate([0.1, 0.2, 1.0, 1.2])]
    visits = [NeedSpec(id=2, x=0, y=0, day=DAY), NeedSpec(id=3, x=0, y=0, day=DAY)]
    pool = Pool(volunteers)
    result = solve_teams(pool, Needs([bath(part=None, gender=""), *visits], pool), k=1)
    assert result.served == 3 == result.teams["upper_bound"]
    assert sorted((p.need, p.volunteer) for p in result.proposals) == [(1, 32), (1, 33), (2, 30), (3, 31)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_instances_keep_every_team_whole_and_one_task_per_half_day(seed):
    rng = random.Random(seed)
    volunteers = [
        VolunteerSpec(
            id=100 + i,
            x=rng.uniform(0, 10),
            y=rng.uniform(0, 10),
            sex=rng.choice("MF"),
            slots=frozenset(rng.sample(range(21), 4)),
            capacity=rng.randint(1, 3),
            busy=frozenset({(DAY + rng.randrange(7), rng.randrange(3))}),
        )
        for i in range(40)
    ]
    specs = [
        NeedSpec(
            id=i,
            x=rng.uniform(0, 10),
            y=rng.uniform(0, 10),
            day=DAY + rng.randrange(7),
            part=rng.choice([0, 1, 2, None]),
            gender=rng.choice(["", "", "F", "M"]),
            people=rng.choice([1, 1, 1, 2, 3]),
        )
        for i in range(60)
    ]
    result = match(specs, volunteers)
    by_id = {s.id: s for s in specs}
    sex = {v.id: v.sex for v in volunteers}
    busy = {(v.id, day, part) for v in volunteers for day, part in v.busy}
    crews = {}
    for p in result.proposals:
        crews.setdefault(p.need, []).append(p)
    for need, crew in crews.items():
        spec = by_id[need]
        assert len(crew) == spec.people and len({p.volunteer for p in crew}) == spec.people
        assert len({p.part for p in crew}) == 1 and (spec.part is None or crew[0].part == spec.part)
        assert all(sex[p.volunteer] == spec.gender for p in crew if spec.gender)
    half_days = [(p.volunteer, p.day, p.part) for p in result.proposals]
    assert len(half_days) == len(set(half_days)) and not set(half_days) & busy
    week = result.teams["weeks"][0]
    assert result.served == week["served"] <= week["upper_bound"]
    assert result.served > 0


@pytest.fixture
def women(world):
    """Two women near the seat and the world's man (张三) nearer still."""
    place_volunteer(world.volunteer, 0.5)
    first = place_volunteer(f.volunteer(name="李梅", region=world.community, sex="F"), 1)
    second = place_volunteer(f.volunteer(name="赵兰", region=world.community, sex="F"), 2)
    return first, second


def bathing_need(open_need) -> Need:
    need = open_need(0)
    Need.objects.filter(pk=need.pk).update(people=2, gender_preference="F")
    return need


def test_a_run_proposes_the_bath_to_two_women_and_accepting_offers_both_tasks(world, open_need, run_for, women):
    need = bathing_need(open_need)
    run = run_for()
    crew = list(run.proposals.filter(kind=ProposalKind.VOLUNTEER).order_by("seat"))
    assert [(p.need, p.volunteer, p.seat, p.part) for p in crew] == [
        (need, women[0], 0, "am"),
        (need, women[1], 1, "am"),
    ]
    assert run.proposed_count == 2 and run.unserved_count == 0
    assert run.timings["teams_served"] == run.timings["teams_upper_bound"] == 1

    services.proposal_accept(proposal=crew[1], by=world.social_worker)
    tasks = Task.objects.filter(need=need).order_by("volunteer__user__name")
    assert {t.volunteer for t in tasks} == set(women)
    assert set(run.proposals.values_list("status", flat=True)) == {ProposalStatus.ACCEPTED}


def test_a_bath_is_accepted_for_both_women_or_for_neither(world, open_need, run_for, women, monday):
    need = bathing_need(open_need)
    crew = list(run_for().proposals.filter(kind=ProposalKind.VOLUNTEER).order_by("seat"))
    # Since the run, the second woman was given another task that morning.
    other = open_need(3)
    needs.task_offer(
        need=other, by=world.social_worker, what="理发", on=monday, place="家中", contact="苏日娜", volunteer=women[1]
    )
    with pytest.raises(services.MatchingError, match="在这个时段已有其他任务"):
        services.proposal_accept(proposal=crew[0], by=world.social_worker)
    assert not Task.objects.filter(need=need).exists()
    accepted, problems = services.proposals_accept(proposals=crew, by=world.social_worker)
    assert accepted == 0 and len(problems) == 1 and not Task.objects.filter(need=need).exists()
    assert set(need.__class__.objects.get(pk=need.pk).tasks.values_list("pk", flat=True)) == set()
    # Rejecting one rejects the bath.
    assert services.proposals_reject(proposals=[crew[0]], by=world.social_worker) == 2


def test_the_page_says_why_a_bath_for_two_women_was_not_proposed(world, open_need, run_for, women, login):
    Task.objects.all().delete()
    women[1].availability = [{"weekday": d, "start": "14:00", "end": "18:00"} for d in range(7)]
    women[1].save(update_fields=["availability"])
    bathing_need(open_need)
    run = run_for()
    [none] = run.proposals.filter(kind=ProposalKind.NONE)
    assert none.explanation["reason"] == "time" and none.explanation["people"] == 2
    url = reverse("matching:detail", args=[run.pk])
    page = login(world.social_worker).get(url, {"show": "unserved"}).content.decode()
    assert "此需求需要 2 名志愿者一同服务" in page and "有空的女性只有 1 名" in page

    # With the second woman free that morning too, the page shows both proposed instead.
    women[1].availability = [{"weekday": d, "start": "08:00", "end": "12:00"} for d in range(7)]
    women[1].save(update_fields=["availability"])
    run = run_for()
    client = login(world.social_worker)
    url = reverse("matching:detail", args=[run.pk])
    assert "此需求需要 2 名志愿者一同服务" not in client.get(url, {"show": "unserved"}).content.decode()
    page = client.get(url).content.decode()
    assert "李梅" in page and "赵兰" in page and "一同服务的 2 名志愿者之一" in page


def test_a_worker_records_a_bath_for_two_and_the_need_page_says_so(world, login):
    data = {"region": world.community.pk, "source": "staff", "description": "助浴", "urgency": "normal"}
    data |= {"recurrence": "once", "gender_preference": "F"}
    client = login(world.social_worker)
    body = client.post(reverse("needs:create"), {**data, "people": "9"}).content.decode()
    assert "确保该值小于或等于5" in body and not Need.objects.exists()
    client.post(reverse("needs:create"), {**data, "people": "2"})
    need = Need.objects.get()
    assert (need.people, need.gender_preference) == (2, "F")
    page = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "需要几名志愿者一同服务" in page
    Need.objects.filter(pk=need.pk).update(people=1)  # one helper: the line is not shown
    assert "需要几名志愿者一同服务" not in client.get(reverse("needs:detail", args=[need.pk])).content.decode()
