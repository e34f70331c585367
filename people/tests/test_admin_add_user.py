"""The back office adds a user, with the same checks as the staff pages (before, it refused everyone,
the superuser included)."""

from django.urls import reverse

from people.models import User, phone_index
from qianniu.tests import factories as f

ADD = reverse("admin:people_user_add")


def superuser_client(login):
    superuser = f.UserFactory(name="后台管理员", is_staff=True, is_superuser=True)
    f.authenticator(superuser)
    return login(superuser)


def test_the_superuser_adds_a_user_in_the_back_office(world, login):
    client = superuser_client(login)
    page = client.get(ADD)
    assert page.status_code == 200 and 'name="phone"' in page.content.decode()
    response = client.post(
        ADD, {"name": "巴特尔", "phone": "139 0476 1234", "password1": "qianniu-2026!", "password2": "qianniu-2026!"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(phone_index=phone_index("13904761234"))
    assert user.name == "巴特尔" and user.phone == "13904761234" and user.phone_last4 == "1234"
    assert user.check_password("qianniu-2026!") and user.name_initials == "bte"


def test_the_back_office_refuses_what_the_pages_refuse(world, login):
    client = superuser_client(login)
    before = User.objects.count()
    cases = [
        ({"name": "巴特尔", "phone": "12345", "password1": "qianniu-2026!", "password2": "qianniu-2026!"}, "11位"),
        (
            {
                "name": "巴特尔",
                "phone": world.volunteer_user.phone,
                "password1": "qianniu-2026!",
                "password2": "qianniu-2026!",
            },
            "已注册",
        ),
        (
            {"name": "巴特尔", "phone": "13904761234", "password1": "12345678", "password2": "12345678"},
            "这个密码太常见了",
        ),
        (
            {"name": "巴特尔", "phone": "13904761234", "password1": "qianniu-2026!", "password2": "qianniu-2027!"},
            "不一致",
        ),
    ]
    for data, message in cases:
        response = client.post(ADD, data)
        assert response.status_code == 200 and message in response.content.decode(), data
    assert User.objects.count() == before


def test_a_region_admin_without_back_office_rights_cannot_add_users_there(world, login):
    client = login(world.county_admin)
    assert client.get(ADD).status_code == 302  # to the back office's sign-in
