"""Form choices of the region tree that other apps share."""

from regions.models import Level, Region


def community_choices(regions=None) -> list:
    """Communities grouped under their township, for a select."""
    regions = regions if regions is not None else Region.objects.all()
    communities = regions.filter(level__in=[Level.COMMUNITY, Level.GRID]).select_related("parent").order_by("path")
    grouped: dict[str, list] = {}
    for region in communities:
        if region.level == Level.COMMUNITY:
            grouped.setdefault(region.parent.name if region.parent else "", []).append((region.pk, region.name))
    return [("", "---------"), *grouped.items()]
