"""A chart section shows every value in its table and draws the series asked for (core/charts.py)."""

from core.charts import section


def test_a_section_tables_every_value_and_charts_the_indexes_asked():
    rows = [("甲馆", [2, 3600.5, 1], "/a/"), ("乙馆", [1, 0, 0], None)]
    drawn = section("k", "标题", "bar", rows, headers=["馆", "队", "时", "缺"], series_names=["队", "时", "缺"],
                    charted=[0, 1])  # fmt: skip
    assert drawn["rows"][0] == {"label": "甲馆", "cells": ["2", "3,600.5", "1"], "href": "/a/", "linked": []}
    assert [s["name"] for s in drawn["chart"]["series"]] == ["队", "时"]
    assert drawn["chart"]["series"][1]["values"] == [3600.5, 0.0]
    every = section("k", "标题", "line", rows, series_names=["队", "时", "缺"])
    assert [s["name"] for s in every["chart"]["series"]] == ["队", "时", "缺"]
