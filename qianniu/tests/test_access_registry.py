"""The access rules are registered by their apps when they load; a rule that nobody registered fails at startup."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse

from core import access
from core.checks import check_model_rules, check_scope_builder, check_view_rules, scoped_managers
from regions.access import area_staff_rule


def test_every_rule_a_model_or_view_names_is_registered():
    assert check_model_rules() == []
    assert check_view_rules() == []
    assert check_scope_builder() == []
    assert not [message for message in run_checks() if message.id.startswith("core.")]


def test_a_model_naming_an_unregistered_rule_fails_the_startup_check(monkeypatch):
    monkeypatch.delitem(access._rules, "dispute")
    errors = check_model_rules()
    assert [error.id for error in errors] == ["core.E001"]
    assert errors[0].msg == "mediation.Dispute.objects names the scope rule 'dispute', which no app registered"
    # `manage.py check` (and so the server's start and the test run) reports it, with the views it scopes
    reported = {message.id for message in run_checks() if message.id.startswith("core.")}
    assert reported == {"core.E001", "core.E002"}


def test_a_second_manager_naming_an_unregistered_rule_fails_the_startup_check(monkeypatch):
    monkeypatch.delitem(access._rules, "case_archive")
    assert [error.msg for error in check_model_rules()] == [
        "casework.Case.archive names the scope rule 'case_archive', which no app registered"
    ]


def test_a_view_scoped_by_an_unregistered_rule_fails_the_startup_check(monkeypatch):
    monkeypatch.delitem(access._rules, "match_run")
    errors = check_view_rules()
    assert errors
    assert {error.id for error in errors} == {"core.E002"}
    assert all("is scoped by 'match_run', which no app registered" in error.msg for error in errors)
    assert any(error.obj.startswith("matching.views.") for error in errors)


def test_an_unregistered_rule_is_refused_at_use(monkeypatch):
    monkeypatch.delitem(access._rules, "dispute")
    from mediation.models import Dispute

    with pytest.raises(ImproperlyConfigured, match="no app registered the scope rule 'dispute'"):
        Dispute.objects.visible_to(AnonymousUser())


def request_of_anonymous(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    return request


def test_a_view_scoped_by_an_unregistered_rule_is_refused_at_its_first_call(rf):
    view = access.scoped("no_such_rule")(lambda request: HttpResponse("shown"))
    access.register_rule("no_such_rule", area_staff_rule)
    try:
        # registered: the call goes through to the view, which asks an anonymous user to sign in
        assert view(request_of_anonymous(rf)).status_code == 302
    finally:
        del access._rules["no_such_rule"]
    with pytest.raises(ImproperlyConfigured, match="no app registered the scope rule 'no_such_rule'"):
        view(request_of_anonymous(rf))


def test_every_scoped_model_is_covered_by_a_registered_rule():
    rules = {manager.all().scope_rule for _model, manager in scoped_managers()}
    assert len(rules) == 33
    assert rules <= access.registered_rules()


def test_a_rule_name_is_taken_once():
    access.register_rule("project", area_staff_rule)  # the same rule again changes nothing
    with pytest.raises(ValueError, match="scope rule 'project' is already registered"):
        access.register_rule("project", lambda scope: (access.NOTHING, access.NOTHING))
    assert access.rule_of("project") is area_staff_rule


def test_a_missing_scope_builder_fails_the_startup_check(monkeypatch):
    monkeypatch.setattr(access, "_scope_builder", None)
    assert [error.id for error in check_scope_builder()] == ["core.E003"]
