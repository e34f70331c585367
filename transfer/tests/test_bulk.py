"""`insert_rows` writes what the model would: each left-out field takes its default, made per row where the
default is a function and once where it is a value; the time fields and
the defaults of "now" take the moment of the insert."""

import datetime

from django.utils import timezone

from people.models import User, Volunteer
from transfer.kinds.bulk import insert_rows


def test_left_out_fields_take_the_models_defaults_and_given_ones_are_kept(world):
    users = [User.objects.create_user(f"1370000{n:04d}", None, name=f"批量{n}") for n in range(2)]
    before = timezone.now()
    insert_rows(Volunteer, [
        {"user_id": user.pk, "volunteer_number": f"V{n}", "sex": "F", "birth_date": datetime.date(1980, 1, 2 + n),
         "id_number": f"15052119800102{n:04d}", "id_index": f"index-{n}", "region_id": world.community.pk,
         "address": "", **({"weekly_capacity": 5} if n else {})}
        for n, user in enumerate(users)
    ])  # fmt: skip
    after = timezone.now()
    first, second = Volunteer.objects.filter(user__in=users).order_by("volunteer_number")
    made = Volunteer()  # the defaults as the model gives them
    for volunteer in (first, second):
        assert (volunteer.id_type, volunteer.kind, volunteer.status) == (made.id_type, made.kind, made.status)
        assert volunteer.availability == [] and volunteer.latitude is None
        assert before <= volunteer.registered_at <= after and before <= volunteer.updated_at <= after
        assert volunteer.sex == "F" and volunteer.region_id == world.community.pk
    assert first.id_number == "150521198001020000" and first.birth_date == datetime.date(1980, 1, 2)
    assert (first.weekly_capacity, second.weekly_capacity) == (made.weekly_capacity, 5)
    # one moment for the whole insert, for the time stamps and for the fields whose default is "now"
    assert first.updated_at == second.updated_at == first.registered_at == second.registered_at
