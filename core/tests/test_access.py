"""The access machinery (core/access.py) on the personas: what each answers, whatever the rules an app registers.

core may import no app, so models are reached through Django's app registry."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse

from core import access


def volunteers():
    return apps.get_model("people", "Volunteer").objects


class Request:
    """Something decided, about the users it names."""

    def __init__(self, *subjects):
        self.subjects = subjects

    def decision_subjects(self):
        return self.subjects


class Refused(Exception):
    pass


def test_a_user_sees_what_the_rule_gives_and_nothing_else(world):
    seen = volunteers().visible_to(world.social_worker)
    assert world.volunteer in seen and world.foreign_volunteer not in seen
    assert set(volunteers().visible_to(world.volunteer_user)) == {world.volunteer}  # their own profile


def test_nobody_signed_out_or_deactivated_sees_anything(world):
    assert not volunteers().visible_to(AnonymousUser()).exists()
    assert not volunteers().changeable_by(AnonymousUser()).exists()
    world.volunteer_user.is_active = False
    assert access.scope_of(world.volunteer_user) == access.Scope()
    assert not volunteers().visible_to(world.volunteer_user).exists()


def test_nobody_signed_in_sees_anything_even_where_the_rule_would_give_everything(world, monkeypatch):
    """The refusal is the machinery's, not the rule's: a rule that gives every row to any scope still gives
    nothing to a visitor, or to no user at all (a job that passes None)."""
    monkeypatch.setitem(access._rules, "open to all", lambda scope: (Q(), Q()))
    monkeypatch.setattr(type(volunteers().all()), "scope_rule", "open to all")
    assert set(volunteers().visible_to(world.volunteer_user)) >= {world.volunteer, world.foreign_volunteer}
    for nobody in (AnonymousUser(), None):
        assert not volunteers().visible_to(nobody).exists()
        assert not volunteers().changeable_by(nobody).exists()


def test_a_superuser_sees_and_changes_everything(world, django_user_model):
    boss = django_user_model.objects.create_user("13500000001", None, name="超级管理员", is_superuser=True)
    assert access.scope_of(boss).everything
    everyone = set(volunteers().all())
    assert set(volunteers().visible_to(boss)) == everyone == set(volunteers().changeable_by(boss))


def test_seeing_is_not_changing(world):
    assert world.volunteer in volunteers().visible_to(world.social_worker)
    assert world.volunteer not in volunteers().changeable_by(world.social_worker)  # only admins change people
    assert world.volunteer in volunteers().changeable_by(world.county_admin)
    assert not access.can_change(world.social_worker, world.volunteer)
    assert access.can_change(world.county_admin, world.volunteer)


def test_the_scope_is_read_once_per_user_object(world):
    first = access.scope_of(world.social_worker)
    assert access.scope_of(world.social_worker) is first
    assert world.community.path in first.social_paths and first.admin_paths == ()


def test_get_for_user_answers_404_outside_the_scope_and_403_for_a_change_not_allowed(world):
    pk = world.volunteer.pk
    assert access.get_for_user(volunteers(), world.social_worker, pk) == world.volunteer
    assert access.get_for_user(volunteers(), world.county_admin, pk, change=True) == world.volunteer
    with pytest.raises(PermissionDenied):
        access.get_for_user(volunteers(), world.social_worker, pk, change=True)
    for user, key in ((world.outsider, pk), (world.county_admin, 999999), (world.county_admin, "abc")):
        with pytest.raises(Http404):
            access.get_for_user(volunteers(), user, key)


def test_a_scope_builder_is_registered_once(monkeypatch):
    builder = access._scope_builder
    access.register_scope_builder(builder)  # the same again changes nothing
    with pytest.raises(ValueError, match="^a scope builder is already registered$"):
        access.register_scope_builder(lambda user: access.Scope())
    assert access._scope_builder is builder and access.scope_builder_registered()


def test_without_a_scope_builder_a_user_has_no_scope_but_a_superuser_still_does(world, monkeypatch):
    monkeypatch.setattr(access, "_scope_builder", None)
    assert not access.scope_builder_registered()
    with pytest.raises(
        ImproperlyConfigured,
        match=r"^no app registered a scope builder \(people does so in its AppConfig\.ready\(\)\)$",
    ):
        access.scope_of(world.social_worker)
    world.county_admin.is_superuser = True
    assert access.scope_of(world.county_admin).everything


def test_nobody_decides_a_request_about_themself(world):
    own, others = Request(world.volunteer_user.pk, None), Request(world.team_leader.pk)
    assert access.subjects_of(own) == {world.volunteer_user.pk}
    assert not access.may_decide(world.volunteer_user, own)
    assert access.may_decide(world.volunteer_user, others)
    assert not access.may_decide(AnonymousUser(), others)  # nobody signed out decides anything
    assert not access.may_decide(None, others)  # nor does no user at all
    with pytest.raises(Refused, match="任何人都不能决定自己的申请"):
        access.check_not_own(world.volunteer_user, own, Refused)
    with pytest.raises(Refused, match="^队长自己的$"):
        access.check_not_own(world.volunteer_user, own, Refused, "队长自己的")
    access.check_not_own(world.volunteer_user, others, Refused)  # passes


def test_a_model_that_declares_no_subjects_is_an_error_not_an_open_door(world):
    with pytest.raises(TypeError, match="Region does not declare decision_subjects()"):
        access.may_decide(world.social_worker, world.county)


def test_each_view_declares_its_access(world, rf):
    page = access.public(lambda request: HttpResponse("公开"))
    mine = access.signed_in(lambda request: HttpResponse("我的"))
    scoped = access.scoped("volunteer")(lambda request: HttpResponse("范围内"))
    assert (page.access_rule, mine.access_rule, scoped.access_rule) == ("public", "signed in", "scoped: volunteer")
    assert scoped.scope_rule == "volunteer"
    anonymous, signed_in = rf.get("/"), rf.get("/")
    anonymous.user, signed_in.user = AnonymousUser(), world.volunteer_user
    assert page(anonymous).content.decode() == "公开"
    assert mine(anonymous).status_code == scoped(anonymous).status_code == 302  # asked to sign in
    assert mine(signed_in).content.decode() == "我的" and scoped(signed_in).content.decode() == "范围内"
