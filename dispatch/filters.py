"""The dispatch list's filter, over dispatches already scoped with `visible_to(user)`."""

import datetime

import django_filters
from django.http import Http404
from django.utils import timezone

from dispatch.models import OPEN_DISPATCH
from regions.selectors import regions_in_scope


class DispatchFilter(django_filters.FilterSet):
    """`?show=open` (the default) the open dispatches, `overdue` the open ones escalated past their deadline,
    `late` the open ones whose deadline fell before today (the dashboards' "past their deadline"), any other value
    all of them. `department` (an id) and `region` (a region of the user's areas and those below it, by the need's
    region; another answers 404) narrow them, as the dashboards' links do."""

    show = django_filters.CharFilter(method="by_state")
    department = django_filters.NumberFilter(field_name="department_id")
    region = django_filters.NumberFilter(method="within")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("show", "open")
        super().__init__(data, *args, **kwargs)

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_DISPATCH)
        if value == "overdue":
            return queryset.filter(status__in=OPEN_DISPATCH, escalated_at__isnull=False)
        if value == "late":
            today = datetime.datetime.combine(timezone.localdate(), datetime.time.min)
            return queryset.filter(status__in=OPEN_DISPATCH, deadline__lt=timezone.make_aware(today))
        return queryset

    def within(self, queryset, name, value):
        area = regions_in_scope(self.request.user).filter(pk=int(value)).first() if self.request else None
        if area is None:
            raise Http404
        return queryset.filter(need__region__path__startswith=area.path)

    @property
    def qs(self):
        if self.data.get("region") and "region" in self.errors:
            raise Http404  # not a region id
        return super().qs
