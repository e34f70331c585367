from decimal import Decimal

from django import template

from qianniu import access

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


@register.simple_tag
def availability_table(windows):
    """Weekly availability windows as a grid of day parts by weekday."""
    from people.forms import DAY_PARTS, WEEKDAYS, slots_from_availability

    slots = set(slots_from_availability(windows))
    rows = [
        {"label": label, "cells": [f"{day}-{part}" in slots for day in range(7)]}
        for part, label, _start, _end in DAY_PARTS
    ]
    return {"days": WEEKDAYS, "rows": rows}


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
