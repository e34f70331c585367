"""A resident asks in plain words, and their requests page says who will come and when."""

from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.models import Need
from qianniu.tests import factories as f


def test_the_request_form_asks_in_plain_words_and_files_the_service_field(world, login):
    client = login(world.resident)
    body = client.get(reverse("needs:ask")).content.decode()
    assert "陪同就医" in body and "上门看望" in body
    assert "危机干预" not in body and "理论宣讲" not in body  # none of the sixteen professional fields
    response = client.post(reverse("needs:ask"), {"help": "hospital", "description": "周三去医院复查"})
    assert response.status_code == 302
    need = Need.objects.get(recipient=world.recipient)
    assert need.help == "hospital" and need.service_field.code == "medical_aid"
    assert "陪同就医" in client.get(reverse("needs:mine")).content.decode()


def test_a_plain_choice_outside_the_list_is_refused(world, login):
    response = login(world.resident).post(reverse("needs:ask"), {"help": "crisis_intervention", "description": "x"})
    assert response.status_code == 200 and not Need.objects.exists()


def test_the_requests_page_says_who_will_come_and_when_masked(world, login):
    need = services.need_create(
        source="resident",
        by=world.resident,
        data={"recipient": world.recipient, "region": world.community, "help": "cleaning", "description": "打扫"},
    )
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    client = login(world.resident)
    assert 'data-testid="coming"' not in client.get(reverse("needs:mine")).content.decode()  # only once accepted
    services.task_answer(task=task, volunteer=world.volunteer, accept=True)
    body = client.get(reverse("needs:mine")).content.decode()
    assert 'data-testid="coming"' in body
    assert "张*" in body and "139****5678" in body
    assert f"{timezone.localdate().year}年" in body
    assert "张三" not in body and "13912345678" not in body
