"""Figures as charts with their table under them: the sections drawn by `stats/static/stats/dashboard.js` (ECharts,
vendored in stats) from the JSON of `json_script`, and rendered by `core/templates/core/chart_sections.html`."""

from decimal import Decimal

from django.utils.translation import pgettext


def number(value) -> str:
    value = Decimal(value or 0)
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.1f}"


def section(key, title, kind, rows, headers=None, series_names=None, charted=None):
    """rows: [(label, [values], href or None)], or (label, [values], href, [href or None for each value]) where
    each figure links to the list behind it; the table shows every value, the chart draws those at the indexes
    `charted` (all by default), each a series named by its entry of `series_names`."""
    names = series_names or [pgettext("dashboard table", "Count")]
    drawn = range(len(names)) if charted is None else charted
    rows = [(*row, None) if len(row) == 3 else row for row in rows]
    return {
        "key": key,
        "title": title,
        "headers": headers or [pgettext("dashboard table", "Category"), *names],
        "rows": [
            {
                "label": label,
                "cells": [number(v) for v in values],
                "href": href,
                "linked": [{"text": number(v), "href": h} for v, h in zip(values, links, strict=True)] if links else [],
            }
            for label, values, href, links in rows
        ],
        "chart": {
            "type": kind,
            "labels": [row[0] for row in rows],
            "series": [{"name": names[i], "values": [float(row[1][i]) for row in rows]} for i in drawn],
        },
    }
