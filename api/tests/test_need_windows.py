"""The API records a need with a window of days as the page does, and refuses the same windows."""

import datetime

from django.utils import timezone

from needs.models import Need


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_the_api_accepts_a_window_with_a_half_day_and_refuses_one_too_long(world, token_of, bearer):
    api = bearer(token_of(world.social_worker, "needs:write"))
    body = {"region": world.community.pk, "description": "上门打扫", "wanted_on": days(1)}
    refused = api.post("/needs", body | {"wanted_until": days(33)})
    assert refused.status_code == 422
    assert "时间段最长31天" in str(refused.json()["errors"]["wanted_until"])
    assert not Need.objects.exists()
    created = api.post("/needs", body | {"wanted_until": days(4), "wanted_part": "pm"})
    assert created.status_code == 201, created.content
    assert created.json()["wanted_until"] == days(4)
    need = Need.objects.get()
    assert (need.wanted_until.isoformat(), need.wanted_part) == (days(4), "pm")


def test_the_api_of_another_county_cannot_read_the_window(world, token_of, bearer):
    ours = bearer(token_of(world.social_worker, "needs:write", "needs:read"))
    created = ours.post(
        "/needs",
        {"region": world.community.pk, "description": "上门打扫", "wanted_on": days(1), "wanted_until": days(3)},
    ).json()
    assert ours.get(f"/needs/{created['id']}").json()["wanted_until"] == days(3)
    assert bearer(token_of(world.outsider, "needs:read")).get(f"/needs/{created['id']}").status_code == 404
