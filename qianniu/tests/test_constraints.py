"""A database constraint that a form meets (a page's model form, the back office) speaks to the user in their
language, never by its name."""

from django.apps import apps
from django.db.models import BaseConstraint
from django.urls import reverse
from django.utils import timezone

from qianniu.tests import factories as f


def our_constraints():
    for model in apps.get_models():
        if model.__module__.split(".")[0] in {"django"}:
            continue
        for constraint in model._meta.constraints:
            yield model, constraint


def test_every_constraint_has_a_message_of_its_own():
    found = list(our_constraints())
    assert len(found) > 30
    default = BaseConstraint.default_violation_error_message
    missing = [f"{m._meta.label}.{c.name}" for m, c in found if c.violation_error_message in (None, default)]
    assert not missing, missing


def test_a_constraint_met_in_the_back_office_is_told_in_chinese(world, login):
    client = login(f.UserFactory(name="管理员", is_staff=True, is_superuser=True))
    data = {
        "title": "急救培训", "content": "心肺复苏", "trainer": world.social_worker.pk, "organiser": world.team.pk,
        "region": world.community.pk, "on": timezone.localdate().isoformat(), "hours": "0",
    }  # fmt: skip
    url = reverse("admin:ledger_trainingsession_add")
    body = client.post(url, data).content.decode()
    assert "培训时长须大于 0" in body
    assert "training_hours_positive" not in body
    assert client.post(url, {**data, "hours": "2"}).status_code == 302
