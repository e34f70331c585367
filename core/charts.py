"""Figures as charts with their table under them: the sections drawn by `stats/static/stats/dashboard.js` (ECharts,
vendored in stats) from the JSON of `json_script`, and rendered by `core/templates/core/chart_sections.html`."""

from decimal import Decimal

from django.utils.translation import pgettext


def number(value) -> str:
    value = Decimal(value or 0)
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.1f}"


def section(key, title, kind, rows, headers=None, series_names=None, charted=None):
    """rows: [(label, [values], href or None)]; the table shows every value, the chart draws those at the indexes
    `charted` (all by default), each a series named by its entry of `series_names`."""
    names = series_names or [pgettext("dashboard table", "Count")]
    drawn = range(len(names)) if charted is None else charted
    return {
        "key": key,
        "title": title,
        "headers": headers or [pgettext("dashboard table", "Category"), *names],
        "rows": [{"label": label, "cells": [number(v) for v in values], "href": href} for label, values, href in rows],
        "chart": {
            "type": kind,
            "labels": [label for label, _values, _href in rows],
            "series": [
                {"name": names[i], "values": [float(values[i]) for _label, values, _href in rows]} for i in drawn
            ],
        },
    }
