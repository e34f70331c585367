"""The one place that decides what a user may see and change.

Every scoped model's queryset is a `ScopedQuerySet` naming its rule; `visible_to(user)` and
`changeable_by(user)` apply that rule. The rules live beside their models, in each app's `access.py`, and the
app registers them with `register_rule` in its AppConfig.ready(); `people` registers the function that reads a
user's `Scope`. This module imports no app of ours. Views fetch single objects through
`get_for_user`, which answers 404 for an object outside the user's scope, exactly as for one that does
not exist, and 403 for an object the user may see but not change.

Nobody decides their own request: each model that is decided (a correction, an application, a sign-up,
an attendance, a case's plan and closure …) declares whom it is about with `decision_subjects()`, and
`may_decide` is the one rule that every service deciding one applies and every page asks before offering
the button.

Every view declares its access rule with one of the decorators at the end of this module; a test walks the
URL configuration and fails for any view that declares none.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """What one user holds, read once per request from grants, memberships and profiles."""

    everything: bool = False
    admin_paths: tuple[str, ...] = ()
    social_paths: tuple[str, ...] = ()
    liaison_org_ids: frozenset[int] = field(default_factory=frozenset)
    led_team_ids: frozenset[int] = field(default_factory=frozenset)
    member_team_ids: frozenset[int] = field(default_factory=frozenset)
    volunteer_id: int | None = None
    recipient_id: int | None = None
    user_id: int | None = None
    supervisor_paths: tuple[str, ...] = ()
    agency_id: int | None = None

    @property
    def staff_paths(self) -> tuple[str, ...]:
        return self.admin_paths + self.social_paths


Rule = Callable[[Scope], tuple[Q, Q]]
"""A rule maps a scope to (what it may see, what it may change)."""

_rules: dict[str, Rule] = {}
_scope_builder: Callable[[Any], Scope] | None = None


def register_rule(name: str, rule: Rule) -> None:
    """Called by each app's AppConfig.ready() for the rules its models name; a name is taken once."""
    if _rules.get(name, rule) is not rule:
        raise ValueError(f"scope rule {name!r} is already registered")
    _rules[name] = rule


def registered_rules() -> frozenset[str]:
    return frozenset(_rules)


def rule_of(name: str) -> Rule:
    try:
        return _rules[name]
    except KeyError:
        raise ImproperlyConfigured(f"no app registered the scope rule {name!r}") from None


def scope_builder_registered() -> bool:
    return _scope_builder is not None


def register_scope_builder(build: Callable[[Any], Scope]) -> None:
    """Called by the app that holds grants and profiles (people) with the function reading a user's scope."""
    global _scope_builder
    if _scope_builder not in (None, build):
        raise ValueError("a scope builder is already registered")
    _scope_builder = build


def scope_of(user) -> Scope:
    """The user's scope, read once per request (cached on the user object) by the registered builder."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_qianniu_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    elif _scope_builder is None:
        raise ImproperlyConfigured("no app registered a scope builder (people does so in its AppConfig.ready())")
    else:
        scope = _scope_builder(user)
    user._qianniu_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model names a registered rule (core.checks fails at startup for a name nobody
    registered)."""

    scope_rule: str = ""

    def _restrict(self, user, which: int):
        rule = rule_of(self.scope_rule)
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(rule(scope)[which])

    def visible_to(self, user):
        return self._restrict(user, 0)

    def changeable_by(self, user):
        return self._restrict(user, 1)


def get_for_user(queryset: ScopedQuerySet, user, pk, *, change: bool = False):
    """One object the user may see (404 otherwise); with change=True, one it may change (403 otherwise)."""
    try:
        obj = queryset.visible_to(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if change and not queryset.model._default_manager.changeable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def can_change(user, obj) -> bool:
    return type(obj)._default_manager.changeable_by(user).filter(pk=obj.pk).exists()


# Separation of duties: the same rule for every decision, in services and on pages.


def subjects_of(obj) -> set[int]:
    """The users `obj` is about, as its model declares with `decision_subjects()`. A model that is decided and
    declares nobody is a programming error, not an open door."""
    declared = getattr(obj, "decision_subjects", None)
    if declared is None:
        raise TypeError(f"{type(obj).__name__} does not declare decision_subjects()")
    return {pk for pk in declared() if pk is not None}


def may_decide(user, obj) -> bool:
    """False when `user` is one of those `obj` is about: nobody decides, records or approves their own request,
    hours, application or plan. Whether the user may decide at all is the scope's question (`changeable_by`)."""
    return getattr(user, "pk", None) is not None and user.pk not in subjects_of(obj)


def check_not_own(user, obj, error: type[Exception], message: str | None = None) -> None:
    """Raise `error` (the calling service's own error) when `user` may not decide `obj`."""
    if not may_decide(user, obj):
        raise error(message or gettext("Nobody decides their own request: another person who may decide it will."))


# Declarations of access for views. The URL test requires each view to carry `access_rule`.


def public(view):
    """Anyone, signed in or not. Such a view must show no personal data."""
    view.access_rule = "public"
    return view


def signed_in(view):
    """Any signed-in user; what it shows comes from the user's own scope."""
    wrapped = login_required(view)
    wrapped.access_rule = "signed in"
    return wrapped


def scoped(rule: str):
    """A signed-in user, on objects fetched through the named rule (404 outside the scope).

    Rules are registered when the apps are ready, after some views are imported, so the name is checked by
    core.checks at startup (and again at the first call) rather than here."""

    def decorate(view):
        signed_in_view = login_required(view)

        @wraps(signed_in_view)
        def wrapped(request, *args, **kwargs):
            rule_of(rule)
            return signed_in_view(request, *args, **kwargs)

        wrapped.access_rule = f"scoped: {rule}"
        wrapped.scope_rule = rule
        return wrapped

    return decorate
