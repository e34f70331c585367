import pytest
from django.urls import reverse

from people.models import AccessLog, Consent, Recipient, User, Volunteer
from qianniu.tests import factories as f


def detail_urls(world):
    """Every page about one object of the county, with the method that reaches it."""
    v, r = world.volunteer.pk, world.recipient.pk
    return [
        ("get", reverse("people:volunteer_detail", args=[v])),
        ("get", reverse("people:volunteer_edit", args=[v])),
        ("post", reverse("people:volunteer_status", args=[v])),
        ("post", reverse("people:volunteer_reveal", args=[v, "id_number"])),
        ("get", reverse("people:recipient_detail", args=[r])),
        ("get", reverse("people:recipient_edit", args=[r])),
        ("get", reverse("people:consent_create", args=[r])),
        ("post", reverse("people:recipient_reveal", args=[r, "phone"])),
    ]


def test_an_outsider_gets_404_for_every_page_of_a_foreign_person(world, login):
    client = login(world.outsider)
    for method, url in detail_urls(world):
        assert getattr(client, method)(url).status_code == 404, url


def test_a_missing_object_answers_like_a_foreign_one(world, login):
    client = login(world.county_admin)
    assert client.get(reverse("people:volunteer_detail", args=[999999])).status_code == 404
    assert client.get(reverse("people:recipient_detail", args=[999999])).status_code == 404


def test_lists_and_search_never_show_foreign_people(world, login):
    client = login(world.outsider)
    # Their own county's 张山 (volunteer) and 张桂兰 (recipient) show wherever the query fits them.
    own = {
        "people:volunteer_list": ("张山", ("", "?q=zs", "?q=张")),
        "people:recipient_list": ("张桂兰", ("", "?q=张")),
    }
    for name, (own_person, found_by) in own.items():
        for query in ("", "?q=zs", "?q=张", "?q=5678", "?q=hgl"):
            body = client.get(reverse(name) + query).content.decode()
            assert (own_person in body) == (query in found_by), (name, query)
            assert "张三" not in body and "韩桂兰" not in body and "吴乌兰" not in body


def test_pinyin_initials_find_a_volunteer(world, login):
    body = login(world.county_admin).get(reverse("people:volunteer_list"), {"q": "zs"}).content.decode()
    assert "张三" in body
    assert "李四" not in body
    assert "张山" not in body  # same initials, but in another county


def test_full_pinyin_chinese_and_last_four_digits_find_a_volunteer(world, login):
    client = login(world.county_admin)
    for query in ("zhangsan", "张三", "5678"):
        assert "张三" in client.get(reverse("people:volunteer_list"), {"q": query}).content.decode(), query


def test_lists_show_phones_masked(world, login):
    body = login(world.county_admin).get(reverse("people:volunteer_list")).content.decode()
    assert "139****5678" in body
    assert "13912345678" not in body


def test_filters_narrow_the_list(world, login):
    client = login(world.county_admin)
    body = client.get(reverse("people:volunteer_list"), {"region": world.other_community.pk}).content.decode()
    assert "李四" in body and "张三" not in body
    f.volunteer(name="王老兵", region=world.community, kind="veteran")
    body = client.get(reverse("people:volunteer_list"), {"kind": "veteran"}).content.decode()
    assert "王老兵" in body and "张三" not in body


def test_a_region_filter_outside_the_scope_is_not_found(world, login):
    client = login(world.social_worker)
    assert client.get(reverse("people:volunteer_list"), {"region": world.foreign_community.pk}).status_code == 404
    assert client.get(reverse("people:volunteer_list"), {"region": world.other_community.pk}).status_code == 404
    assert "张三" in client.get(reverse("people:volunteer_list"), {"region": world.community.pk}).content.decode()


def test_keyset_pages_walk_forward_and_back(world, login):
    for number in range(60):
        f.volunteer(name=f"批量{number:02d}", region=world.community)
    client = login(world.county_admin)
    first = client.get(reverse("people:volunteer_list"))
    page_one = [v.pk for v in first.context["page"].items]
    assert len(page_one) == 50
    second = client.get(reverse("people:volunteer_list"), {"after": first.context["page"].next_after})
    page_two = [v.pk for v in second.context["page"].items]
    assert not set(page_one) & set(page_two)
    assert len(page_one) + len(page_two) == Volunteer.objects.visible_to(world.county_admin).count()
    back = client.get(reverse("people:volunteer_list"), {"before": second.context["page"].prev_before})
    assert [v.pk for v in back.context["page"].items] == page_one


def test_a_social_worker_reads_but_does_not_change_a_volunteer(world, login):
    client = login(world.social_worker)
    assert client.get(reverse("people:volunteer_detail", args=[world.volunteer.pk])).status_code == 200
    assert client.get(reverse("people:volunteer_edit", args=[world.volunteer.pk])).status_code == 403
    assert client.post(reverse("people:volunteer_reveal", args=[world.volunteer.pk, "id_number"])).status_code == 404


def test_a_volunteer_edits_their_own_profile_only(world, login):
    client = login(world.volunteer_user)
    url = reverse("people:volunteer_edit", args=[world.volunteer.pk])
    response = client.post(url, {"name": "张三丰", "region": world.community.pk, "kind": "youth", "address": "3号楼"})
    assert response.status_code == 302
    world.volunteer.refresh_from_db()
    assert (world.volunteer.user.name, world.volunteer.kind) == ("张三丰", "youth")
    assert world.volunteer.user.name_initials == "zsf"
    assert client.get(reverse("people:volunteer_detail", args=[world.other_volunteer.pk])).status_code == 404


def test_revealing_a_number_returns_it_and_logs_the_read(world, login):
    client = login(world.county_admin)
    response = client.post(reverse("people:volunteer_reveal", args=[world.volunteer.pk, "phone"]))
    assert "13912345678" in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.field_name, log.subject_type) == (world.county_admin, "phone", "user")


def test_reveal_refuses_fields_that_are_not_sensitive_numbers(world, login):
    client = login(world.county_admin)
    assert client.post(reverse("people:volunteer_reveal", args=[world.volunteer.pk, "password"])).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_volunteer_detail_shows_numbers_masked(world, login):
    body = login(world.county_admin).get(reverse("people:volunteer_detail", args=[world.volunteer.pk])).content.decode()
    assert world.volunteer.masked_id in body
    assert world.volunteer.id_number not in body
    assert "13912345678" not in body


def test_sensitive_tags_are_hidden_from_the_resident(world, login):
    from dictionaries.models import RecipientTag

    world.recipient.tags.set(RecipientTag.objects.filter(code__in=["dibao", "living_alone_80"]))
    body = login(world.resident).get(reverse("people:recipient_detail", args=[world.recipient.pk])).content.decode()
    assert "高龄独居" in body
    assert "低保" not in body
    body = (
        login(world.social_worker).get(reverse("people:recipient_detail", args=[world.recipient.pk])).content.decode()
    )
    assert "低保" in body


def recipient_form(world, **changes):
    data = {"name": "赵秀英", "sex": "F", "region": world.community.pk, "address": "5号楼", "groups": [], "tags": []}
    data.update(changes)
    return data


def test_a_social_worker_registers_a_recipient(world, login):
    client = login(world.social_worker)
    response = client.post(reverse("people:recipient_create"), recipient_form(world, phone="13700001111"))
    assert response.status_code == 302
    recipient = Recipient.objects.get(name="赵秀英")
    assert recipient.phone == "13700001111" and recipient.phone_last4 == "1111"
    assert recipient.created_by == world.social_worker


def test_a_recipient_outside_the_workers_community_is_refused(world, login):
    response = login(world.social_worker).post(
        reverse("people:recipient_create"), recipient_form(world, region=world.other_community.pk)
    )
    assert response.status_code == 200
    assert not Recipient.objects.filter(name="赵秀英").exists()


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("150521199001011230", "校验位"),
        ("150521199002301235", "出生日期"),
        ("15052119900101", "18位"),
    ],
)
def test_a_bad_id_number_is_refused_with_a_chinese_message(world, login, id_number, message):
    response = login(world.social_worker).post(
        reverse("people:recipient_create"), recipient_form(world, id_number=id_number)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Recipient.objects.filter(name="赵秀英").exists()


def test_a_recipient_id_number_registered_twice_is_refused(world, login):
    response = login(world.social_worker).post(
        reverse("people:recipient_create"), recipient_form(world, id_number=world.recipient.id_number, sex="M")
    )
    assert "已登记" in response.content.decode()
    assert Recipient.objects.filter(region=world.community).count() == 1


def test_consent_is_recorded_by_the_worker(world, login):
    client = login(world.social_worker)
    response = client.post(
        reverse("people:consent_create", args=[world.recipient.pk]),
        {"kind": "sensitive", "scope": "入户走访记录", "given_by": "韩桂兰", "relation": "本人", "method": "paper"},
    )
    assert response.status_code == 302
    assert Consent.objects.get(recipient=world.recipient).recorded_by == world.social_worker


def test_read_only_users_cannot_record_consent(world, login):
    assert login(world.resident).get(reverse("people:consent_create", args=[world.recipient.pk])).status_code == 403


def test_user_table_has_no_plain_phone(world):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM people_user")
        stored = [row[0] for row in cursor.fetchall()]
    assert all(value.startswith("v2:") and "13912345678" not in value for value in stored)
    assert User.objects.get(pk=world.volunteer_user.pk).phone == "13912345678"


def test_invisible_characters_in_a_recipient_s_names_are_dropped(world, login):
    client = login(world.social_worker)
    response = client.post(
        reverse("people:recipient_create"), recipient_form(world, name="李\u200b四娘", guardian_name="李\u202e大\ufeff")
    )
    assert response.status_code == 302
    recipient = Recipient.objects.get(name="李四娘")
    assert recipient.guardian_name == "李大"


def test_a_recipient_s_birth_date_in_the_future_is_refused(world, login):
    client = login(world.social_worker)
    body = client.post(reverse("people:recipient_create"), recipient_form(world, birth_date="2999-01-01")).content
    assert "日期不能晚于" in body.decode()
    assert not Recipient.objects.filter(name="赵秀英").exists()
    client.post(reverse("people:recipient_create"), recipient_form(world, birth_date="1950-01-01"))
    assert Recipient.objects.get(name="赵秀英").birth_date.year == 1950


def test_the_recipient_edit_page_never_holds_full_numbers(world, login):
    client = login(world.social_worker)
    url = reverse("people:recipient_edit", args=[world.recipient.pk])
    body = client.get(url).content.decode()
    assert world.recipient.id_number not in body and world.recipient.phone not in body
    assert world.recipient.masked_phone in body
    assert not AccessLog.objects.exists()
    response = client.post(url, {"name": "韩桂兰", "sex": "M", "region": world.community.pk, "phone": ""})
    assert response.status_code == 302
    world.recipient.refresh_from_db()
    assert world.recipient.phone == "13698765432"  # empty keeps the number
    client.post(url, {"name": "韩桂兰", "sex": "M", "region": world.community.pk, "phone": "13711112222"})
    world.recipient.refresh_from_db()
    assert world.recipient.phone == "13711112222"
