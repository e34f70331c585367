from django import template

register = template.Library()


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
