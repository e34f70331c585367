"""The need's page, as each persona sees it."""

from django.urls import reverse
from django.utils import timezone

from needs import services as needs
from needs.models import EventKind
from qianniu.tests import factories as f


def test_a_resident_sees_the_steps_but_not_who_did_them(world, login):
    need, _dispatch = f.dispatched_need(world)
    needs.task_offer(
        need=need,
        by=world.social_worker,
        volunteer=world.volunteer,
        what="x",
        on=timezone.localdate(),
        place="x",
        contact="y",
    )
    body = login(world.resident).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert str(EventKind.DISPATCHED.label) in body and str(EventKind.TASK_OFFERED.label) in body  # the steps
    assert "张三" not in body and "苏日娜" not in body and "民政局" not in body  # ... not who took them


def test_the_staff_read_who_ended_a_need_where_it_went_and_why(world, login):
    need, _dispatch = f.dispatched_need(world)
    needs.need_refer(need=need, by=world.county_admin, to="旗残联", reason="需要辅具")
    body = login(world.social_worker).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert str(EventKind.REFERRED.label) in body and "旗残联: 需要辅具" in body
    assert world.county_admin.name in body  # who referred it (the worker took every step before)


def test_a_withdrawal_is_noted_with_its_reason_alone(world, login):
    need, _dispatch = f.dispatched_need(world)
    needs.need_withdraw(need=need, by=world.county_admin, reason="本人已搬离")
    body = login(world.social_worker).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert ">本人已搬离<" in body  # the note is the reason, with no "referred to" before it
