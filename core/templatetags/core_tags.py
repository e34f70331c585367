from decimal import Decimal

from django import template

from core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


@register.filter
def mask_name(name: str) -> str:
    """What a volunteer sees of a recipient's name: the surname and the last character (韩*兰, 张*)."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"


@register.filter
def hours(value) -> str:
    """Hours as people write them: 1.5, 3, 0.5 (no trailing zeros)."""
    if value in (None, ""):
        return ""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


@register.filter
def stars(count) -> str:
    return "★" * int(count or 0) or "—"


@register.filter
def may_decide(user, obj) -> bool:
    """`{% if user|may_decide:request %}`: offer a decision only to someone it is not about (qianniu/access.py)."""
    return access.may_decide(user, obj)


@register.filter
def waiting_age(since) -> str:
    """How long something has waited, as people say it: 3 天前, 5 小时前, 刚刚."""
    if not since:
        return ""
    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    seconds = (timezone.now() - since).total_seconds()
    if seconds >= 86400:
        days = int(seconds // 86400)
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    if seconds >= 3600:
        hours = int(seconds // 3600)
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    return gettext("just now")


@register.filter
def get_item(mapping, key):
    """`{{ coming|get_item:need.pk }}`: one value of a dict built in the view."""
    return (mapping or {}).get(key)


@register.inclusion_tag("core/export_links.html", takes_context=True)
def export_links(context):
    """Links that download the list as it is filtered (core/export.py): the query string kept, the page left
    out, since an export holds every row."""
    query = context["request"].GET.copy()
    for key in [key for key in query if key == "export" or key.endswith(("after", "before"))]:
        query.pop(key)
    links = []
    for format in ("xlsx", "csv"):
        query["export"] = format
        links.append((format, query.urlencode()))
    return {"links": links}
