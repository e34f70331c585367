"""The dispatch list's filter, over dispatches already scoped with `visible_to(user)`."""

import django_filters

from dispatch.models import OPEN_DISPATCH


class DispatchFilter(django_filters.FilterSet):
    """`?show=open` (the default) the open dispatches, `overdue` the open ones escalated past their deadline, any
    other value all of them."""

    show = django_filters.CharFilter(method="by_state")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("show", "open")
        super().__init__(data, *args, **kwargs)

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_DISPATCH)
        if value == "overdue":
            return queryset.filter(status__in=OPEN_DISPATCH, escalated_at__isnull=False)
        return queryset
