"""What volunteers and residents type has a length that the page says and the database holds (on PostgreSQL a
longer value than a column holds would answer 500)."""

from django.urls import reverse

from needs.models import Need, Status
from qianniu.tests import factories as f


def test_a_volunteer_s_answer_to_a_task_fits_its_column(world, login, need):
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    client = login(world.volunteer_user)
    url = reverse("needs:task_respond", args=[task.pk, "decline"])
    response = client.post(url, {"reason": "忙" * 201}, follow=True)
    assert "不超过 200 字符" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "offered" and task.note == ""
    client.post(url, {"reason": "忙" * 200})
    task.refresh_from_db()
    assert task.status == "declined" and task.note == "忙" * 200


def test_a_resident_s_request_has_a_length(world, login):
    client = login(world.resident)
    body = client.post(reverse("needs:ask"), {"description": "帮" * 2001}).content.decode()
    assert "不超过 2000 字符" in body and not Need.objects.exists()
    assert client.post(reverse("needs:ask"), {"description": "帮" * 2000}).status_code == 302


def test_the_phone_link_s_comment_has_a_length(world, client, need):
    from needs import services

    services.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    services.need_open_case(need=need, by=world.social_worker)
    services.need_mark_served(need=need, by=world.social_worker)
    url = reverse("needs:feedback", args=[need.feedback_token])
    assert "不超过 1000 字符" in client.post(url, {"satisfaction": 5, "comment": "谢" * 1001}).content.decode()
    need.refresh_from_db()
    assert need.status != Status.CLOSED
    client.post(url, {"satisfaction": 5, "comment": "谢" * 1000})
    need.refresh_from_db()
    assert need.status == Status.CLOSED
