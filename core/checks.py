"""Startup checks of the access machinery: every rule a model or a view names was registered by some app.

Rules are registered in the apps' AppConfig.ready() (core.access), so a name nobody registered cannot be
caught when the model or view is defined; these checks catch it in `manage.py check`, `migrate` and
`runserver`, and qianniu/tests/test_access_registry.py runs them.
"""

from django.apps import apps
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from core.access import ScopedQuerySet, registered_rules, scope_builder_registered


def scoped_managers():
    """(model, manager) for every manager of every model whose queryset is a ScopedQuerySet."""
    return [
        (model, manager)
        for model in apps.get_models()
        for manager in model._meta.managers
        if isinstance(manager.all(), ScopedQuerySet)
    ]


@checks.register(checks.Tags.security)
def check_model_rules(app_configs=None, **kwargs) -> list[checks.Error]:
    registered = registered_rules()
    errors = []
    for model, manager in scoped_managers():
        rule = manager.all().scope_rule
        if rule not in registered:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.{manager.name} names the scope rule {rule!r}, which no app registered",
                    hint="Register it with core.access.register_rule() in the AppConfig.ready() of the model's app.",
                    obj=model,
                    id="core.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_scope_builder(app_configs=None, **kwargs) -> list[checks.Error]:
    if scope_builder_registered():
        return []
    return [
        checks.Error(
            "no app registered the function that reads a user's scope",
            hint="people registers it with core.access.register_scope_builder() in PeopleConfig.ready().",
            id="core.E003",
        )
    ]


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


@checks.register(checks.Tags.security, checks.Tags.urls)
def check_view_rules(app_configs=None, **kwargs) -> list[checks.Error]:
    registered = registered_rules()
    errors = []
    for pattern in _views(get_resolver().url_patterns):
        rule = getattr(pattern.callback, "scope_rule", None)
        if rule is not None and rule not in registered:
            errors.append(
                checks.Error(
                    f"the view {pattern.lookup_str} ({pattern.pattern}) is scoped by {rule!r}, which no app registered",
                    hint="Register it with core.access.register_rule() in an AppConfig.ready().",
                    obj=pattern.lookup_str,
                    id="core.E002",
                )
            )
    return errors
