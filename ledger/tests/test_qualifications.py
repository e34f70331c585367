"""Qualifications are a catalogue the region admins keep; a training grants any number of them, and the
mediation qualification from the catalogue makes a mediator."""

import datetime

from django.urls import reverse
from django.utils import timezone

from ledger.models import Qualification, TrainingSession
from ledger.services import holds_qualification
from mediation.models import MEDIATION_QUALIFICATION


def test_the_catalogue_is_seeded_with_the_mediation_qualification(world):
    names = set(Qualification.objects.values_list("name", flat=True))
    assert {MEDIATION_QUALIFICATION, "失智照护", "应急救护"} <= names


def test_a_region_admin_adds_to_the_catalogue_and_others_cannot(world, login):
    url = reverse("ledger:qualification_list")
    admin = login(world.county_admin)
    assert admin.post(url, {"name": "心理疏导", "valid_months": "24"}).status_code == 302
    assert Qualification.objects.get(name="心理疏导").valid_months == 24
    entry = Qualification.objects.get(name="心理疏导")
    admin.post(reverse("ledger:qualification_edit", args=[entry.pk]), {"name": "心理疏导", "valid_months": ""})
    entry.refresh_from_db()
    assert entry.valid_months is None
    assert "心理疏导" in admin.get(url).content.decode()
    for persona in (world.social_worker, world.liaison, world.volunteer_user):
        client = login(persona)
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "伪造资质"}).status_code == 404
        assert client.post(reverse("ledger:qualification_edit", args=[entry.pk]), {"name": "x"}).status_code == 404
    assert not Qualification.objects.filter(name="伪造资质").exists()


def test_a_training_grants_several_qualifications_at_once(world, login):
    client = login(world.social_worker)
    catalogue = Qualification.objects.filter(name__in=[MEDIATION_QUALIFICATION, "应急救护"])
    form = client.get(reverse("ledger:training_create")).content.decode()
    assert 'type="checkbox" name="qualifications"' in form
    on = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("ledger:training_create"),
        {
            "title": "调解与急救培训", "content": "调解方法；心肺复苏", "trainer": world.social_worker.pk,
            "organiser": world.team.pk, "region": world.community.pk, "on": on.isoformat(), "hours": "3",
            "qualifications": [q.pk for q in catalogue],
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    session = TrainingSession.objects.get(title="调解与急救培训")
    assert set(session.qualifications.all()) == set(catalogue)
    client.post(reverse("ledger:training_detail", args=[session.pk]), {"numbers": world.volunteer.volunteer_number})
    held = set(world.volunteer.qualifications.values_list("qualification__name", flat=True))
    assert held == {MEDIATION_QUALIFICATION, "应急救护"}
    mediation = Qualification.objects.get(name=MEDIATION_QUALIFICATION)
    assert holds_qualification(world.volunteer, mediation, timezone.localdate())
    assert not holds_qualification(world.other_volunteer, mediation, timezone.localdate())
