"""Error pages speak Chinese in the site's layout, never Django's English defaults (DEBUG is off in tests)."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

ENGLISH_DEFAULTS = ["Not Found", "The requested resource", "Forbidden", "Bad Request", "Server Error"]


def assert_chinese_page(response, status: int, text: str):
    assert response.status_code == status
    page = response.content.decode()
    assert text in page
    assert '<html lang="zh-hans">' in page  # the site's own layout
    for english in ENGLISH_DEFAULTS:
        assert english not in page


def test_an_object_out_of_scope_answers_a_chinese_404(world, login):
    url = reverse("people:volunteer_detail", args=[world.volunteer.pk])
    assert login(world.social_worker).get(url).status_code == 200  # the same page opens in scope
    response = login(world.outsider).get(url)
    assert_chinese_page(response, 404, "页面不存在")
    assert "返回首页" in response.content.decode()


def test_an_unknown_address_answers_the_same_chinese_404(world, client):
    assert_chinese_page(client.get("/no-such-page/"), 404, "页面不存在")


def test_a_form_sent_without_its_token_answers_a_chinese_403(world):
    client = Client(enforce_csrf_checks=True)
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": world.volunteer_user.phone, "password": "x"})
    assert_chinese_page(response, 403, "表单已过期")


def test_a_refused_action_answers_a_chinese_403():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, exception=PermissionDenied())
    assert_chinese_page(response, 403, "无权访问")


def test_a_request_for_an_unknown_host_answers_a_chinese_400(client):
    response = client.get("/login/", headers={"host": "evil.example"})
    assert_chinese_page(response, 400, "请求无效")


def test_the_500_page_needs_neither_the_database_nor_the_request():
    """No database fixture: any query here would fail the test."""
    response = defaults.server_error(RequestFactory().get("/"))
    assert_chinese_page(response, 500, "系统出错")
