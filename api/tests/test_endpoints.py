"""The API answers as the pages do: the owner's scope, 404 outside it, the token's scopes, the same services."""

from dictionaries.models import ServiceField
from needs.models import EventKind, Need, Status


def test_a_community_worker_s_token_reads_the_community_s_needs_and_not_another_county_s(
    world, token_of, bearer, needs_of
):
    ours, foreign = needs_of
    api = bearer(token_of(world.social_worker, "needs:read"))
    listed = api.get("/needs")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [ours.pk]
    assert api.get(f"/needs/{ours.pk}").json()["description"] == "买药"
    assert api.get(f"/needs/{foreign.pk}").status_code == 404
    assert api.get("/needs/999999").status_code == 404


def test_the_outsider_s_token_reads_their_own_county_s_need_and_not_ours(world, token_of, bearer, needs_of):
    ours, foreign = needs_of
    api = bearer(token_of(world.outsider, "needs:read"))
    assert api.get(f"/needs/{foreign.pk}").status_code == 200
    assert api.get(f"/needs/{ours.pk}").status_code == 404


def test_a_request_without_a_usable_token_is_refused(world, token_of, bearer, needs_of):
    ours, _foreign = needs_of
    assert bearer("qn_not-a-token").get(f"/needs/{ours.pk}").status_code == 401
    secret = token_of(world.social_worker, "needs:read")
    from api.models import AccessToken
    from api.services import token_revoke

    token_revoke(token=AccessToken.objects.get(user=world.social_worker), by=world.social_worker)
    assert bearer(secret).get(f"/needs/{ours.pk}").status_code == 401
    assert bearer(token_of(world.social_worker, "needs:read")).get(f"/needs/{ours.pk}").status_code == 200


def test_a_token_reads_only_the_areas_of_its_scopes(world, token_of, bearer, needs_of):
    api = bearer(token_of(world.social_worker, "people:read"))
    response = api.get("/needs")
    assert response.status_code == 403
    assert "needs:read" in response.json()["detail"]
    assert api.get("/volunteers").status_code == 200


def test_a_write_through_the_api_is_the_page_s_service_with_its_timeline(world, token_of, bearer):
    api = bearer(token_of(world.social_worker, "needs:write"))
    field = ServiceField.objects.filter(active=True).first()
    created = api.post(
        "/needs", {"region": world.community.pk, "recipient": world.recipient.pk, "description": "陪同就医"}
    )
    assert created.status_code == 201, created.content
    need = Need.objects.get(pk=created.json()["id"])
    assert need.created_by == world.social_worker
    triaged = bearer(token_of(world.other_social_worker, "needs:write")).post(
        f"/needs/{need.pk}/triage", {"service_field": field.pk, "urgency": "urgent"}
    )
    assert triaged.status_code == 404  # another community's worker does not see it
    triaged = bearer(token_of(world.county_admin, "needs:write")).post(
        f"/needs/{need.pk}/triage", {"service_field": field.pk, "urgency": "urgent"}
    )
    assert triaged.status_code == 200, triaged.content
    assert triaged.json()["status"]["code"] == Status.TRIAGED
    events = list(need.events.values_list("kind", "by"))
    assert (EventKind.CREATED, world.social_worker.pk) in events
    assert any(by == world.county_admin.pk for _kind, by in events[1:])


def test_a_need_for_another_county_s_community_is_refused_by_the_page_s_form(world, token_of, bearer):
    api = bearer(token_of(world.social_worker, "needs:write"))
    response = api.post("/needs", {"region": world.foreign_community.pk, "description": "x"})
    assert response.status_code == 422
    assert "region" in response.json()["errors"]
    assert not Need.objects.filter(region=world.foreign_community).exists()


def test_people_lists_are_the_owner_s_scope_with_numbers_masked(world, token_of, bearer):
    api = bearer(token_of(world.county_admin, "people:read"))
    names = [v["name"] for v in api.get("/volunteers").json()["items"]]
    assert "张三" in names and "张山" not in names
    zhang = api.get(f"/volunteers/{world.volunteer.pk}").json()
    assert zhang["mobile"] == "139****5678"
    assert api.get(f"/volunteers/{world.foreign_volunteer.pk}").status_code == 404
    assert api.get(f"/recipients/{world.recipient.pk}").json()["telephone"] == world.recipient.masked_phone
    assert api.get(f"/recipients/{world.foreign_recipient.pk}").status_code == 404
    assert api.get(f"/teams/{world.team.pk}").status_code == 200
    assert api.get(f"/teams/{world.foreign_team.pk}").status_code == 404
    for path in ("/volunteers", "/recipients", "/teams"):  # a region outside the owner's areas, as on the pages
        assert api.get(path, region=world.foreign_community.pk).status_code == 404, path
        assert api.get(path, region=world.community.pk).status_code == 200, path


def test_lists_are_keyset_pages(world, token_of, bearer):
    api = bearer(token_of(world.county_admin, "people:read"))
    first = api.get("/volunteers", limit=2).json()
    assert len(first["items"]) == 2 and first["next_after"] == first["items"][-1]["id"]
    second = api.get("/volunteers", limit=2, after=first["next_after"]).json()
    ids = [v["id"] for v in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == min(4, first["total"])


def test_the_other_areas_answer_the_owner_and_404_the_outsider(world, token_of, bearer, needs_of):
    from qianniu.tests import factories as f

    ours, _foreign = needs_of
    f.triaged(ours, by=world.county_admin)
    dispatch = f.dispatched(ours, by=world.county_admin, department=world.department)
    scopes = ("needs:read", "activities:read", "ledger:read", "matching:read")
    admin, outsider = bearer(token_of(world.county_admin, *scopes)), bearer(token_of(world.outsider, *scopes))
    assert admin.get(f"/dispatches/{dispatch.pk}").status_code == 200
    assert outsider.get(f"/dispatches/{dispatch.pk}").status_code == 404
    for path in ("/dispatches", "/activities", "/ledger", "/matching/runs"):
        assert admin.get(path).status_code == 200, path
        assert outsider.get(path).status_code == 200, path


def test_requests_beyond_the_limit_are_refused(world, token_of, bearer, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    api = bearer(token_of(world.county_admin, "people:read"))
    assert [api.get("/teams").status_code for _ in range(3)] == [200, 200, 429]


def test_the_limit_counts_per_owner_so_more_tokens_give_no_more_requests(world, token_of, bearer, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    first, second = (
        bearer(token_of(world.county_admin, "people:read")),
        bearer(token_of(world.county_admin, "people:read")),
    )
    other = bearer(token_of(world.social_worker, "people:read"))
    assert [first.get("/teams").status_code, second.get("/teams").status_code] == [200, 200]
    assert [first.get("/teams").status_code, second.get("/teams").status_code] == [429, 429]
    assert "请稍等一分钟" in second.get("/teams").json()["detail"]
    assert other.get("/teams").status_code == 200  # another owner has a count of their own


def test_a_program_posts_with_its_token_alone_no_session_and_no_csrf_cookie(world, token_of):
    from django.test import Client

    program = Client(enforce_csrf_checks=True)
    response = program.post(
        "/api/v1/needs",
        {"region": world.community.pk, "description": "送餐"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_of(world.social_worker, 'needs:write')}"},
    )
    assert response.status_code == 201, response.content
    assert program.post("/api/v1/needs", {}, content_type="application/json").status_code == 401
