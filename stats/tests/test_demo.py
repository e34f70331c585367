"""On the demo's data, every figure of every region's dashboard equals the live computation."""

import datetime

from demo.builder import DemoBuilder
from regions.models import Region
from stats.live import live_figures
from stats.selectors import Period, figures_of

TODAY = datetime.date(2026, 11, 30)


def test_the_demo_s_figures_equal_the_live_computation_in_every_region(db):
    DemoBuilder(seed=2026, volunteers=120, recipients=40, today=TODAY).build()  # builds the rollups at its end
    regions = list(Region.objects.filter(level__in=["province", "city", "county", "township", "community"]))
    period = Period(datetime.date(2024, 1, 1), datetime.date(2026, 12, 1))
    rolled = figures_of(regions, period, TODAY)
    with_figures = 0
    for region in regions:
        assert rolled[region.pk] == live_figures(region, period, TODAY), region
        with_figures += bool(rolled[region.pk])
    assert with_figures > 10
    province = Region.objects.get(code="150000")
    assert rolled[province.pk][("volunteers", "")] >= 120
    assert rolled[province.pk][("needs_found", "")] > 0
