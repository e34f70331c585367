"""Resource proposals fit what the need asks: a lift to the hospital is never offered an appliance repair, on
the need's page or by matching."""

from django.urls import reverse

from dictionaries.models import ServiceField
from matching.core import OfferNeed, OfferSpec, assign_offers
from needs import services as needs
from needs.help import Help
from resources.compat import kinds_for
from resources.models import Resource
from resources.views import need_resources


def offered(world, kind, name, field_code):
    return Resource.objects.create(
        provider=world.department,
        kind=kind,
        name=name,
        service_field=ServiceField.objects.get(code=field_code),
        area=world.county,
    )


def test_a_lift_to_the_hospital_is_offered_the_clinic_and_never_the_appliance_repair(world, login):
    repair = offered(world, "repair", "家电义务维修", "life_care")
    clinic = offered(world, "clinic", "社区义诊送医", "medical_aid")
    need = needs.need_create(
        source="resident",
        by=world.resident,
        data={
            "recipient": world.recipient,
            "region": world.community,
            "help": Help.HOSPITAL,
            "description": "下周三要去旗医院复查，需要有人开车送我去医院",
        },
    )
    # the worker files it under life care at triage: the plain words still decide what fits
    needs.need_triage(
        need=need, by=world.social_worker, service_field=ServiceField.objects.get(code="life_care"),
        urgency="normal", crisis=False,
    )  # fmt: skip
    assert list(need_resources(need)) == [clinic]
    body = login(world.social_worker).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "社区义诊送医" in body and "家电义务维修" not in body
    assert repair.pk not in need_resources(need).values_list("pk", flat=True)


def test_matching_offers_a_resource_only_of_a_fitting_kind():
    county = "/15/1505/150521/"
    hospital = kinds_for(help_kind=Help.HOSPITAL)
    offers = [
        OfferSpec(id=1, field=7, area=county + "001/", kind="repair"),  # narrower, so taken first if it fitted
        OfferSpec(id=2, field=7, area=county, kind="clinic"),
    ]
    needs_ = [
        OfferNeed(id=10, field=7, place=county + "001/", day=1, kinds=hospital),
        OfferNeed(id=11, field=7, place=county + "001/", day=1, kinds=kinds_for(help_kind=Help.REPAIR)),
    ]
    assert assign_offers(needs_, offers) == {10: 2, 11: 1}


def test_a_need_asked_in_plain_words_maps_to_its_field_and_fitting_kinds():
    assert "repair" not in kinds_for(help_kind=Help.HOSPITAL)
    assert "clinic" in kinds_for(help_kind=Help.HOSPITAL)
    assert "repair" in kinds_for(field_code="life_care")
    assert kinds_for(help_kind=Help.OTHER) is None and kinds_for() is None
