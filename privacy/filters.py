"""The filter of the list of personal-information requests, over requests already scoped to the user."""

import django_filters

from privacy.models import RequestStatus


class RequestFilter(django_filters.FilterSet):
    """`?status=` one of the statuses (waiting by default); any other value shows every request."""

    status = django_filters.CharFilter(method="by_status")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", RequestStatus.WAITING)
        super().__init__(data, *args, **kwargs)

    def by_status(self, queryset, name, value):
        return queryset.filter(status=value) if value in RequestStatus.values else queryset
