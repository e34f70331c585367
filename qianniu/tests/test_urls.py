"""Every view must declare who may use it (see core.access)."""

from django.urls import URLPattern, URLResolver, get_resolver

# Django's admin checks is_staff and model permissions itself.
OWN_ACCESS_CONTROL = {"admin"}


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OWN_ACCESS_CONTROL:
                continue
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def test_every_view_declares_its_access_rule():
    undeclared = [
        f"{namespace or ''}:{pattern.name} ({pattern.pattern})"
        for namespace, pattern in walk(get_resolver().url_patterns)
        if not getattr(pattern.callback, "access_rule", None)
    ]
    assert undeclared == []


def test_the_walk_sees_the_views():
    names = {pattern.name for _ns, pattern in walk(get_resolver().url_patterns)}
    assert {"home", "login", "volunteer_list", "recipient_detail", "team_detail"} <= names
