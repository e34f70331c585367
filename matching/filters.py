"""The filter of a run's proposals, over proposals of a run already fetched through the user's scope."""

import django_filters

from matching.models import ProposalKind, ProposalStatus


class ProposalFilter(django_filters.FilterSet):
    """`?show=unserved` the needs left without a volunteer, a status the proposals in it, anything else (and the
    default) those still proposed. `show` is the value in effect."""

    show = django_filters.CharFilter(method="by_state")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        value = data.get("show")
        self.show = value if value == "unserved" or value in ProposalStatus.values else ProposalStatus.PROPOSED
        data["show"] = self.show
        super().__init__(data, *args, **kwargs)

    def by_state(self, queryset, name, value):
        if value == "unserved":
            return queryset.filter(kind=ProposalKind.NONE)
        return queryset.exclude(kind=ProposalKind.NONE).filter(status=value)
