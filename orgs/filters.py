"""The filters of the organisation and team lists, over querysets already scoped with `visible_to(user)`. A region
outside the user's areas answers 404, as the needs list does; another value that is not one of the choices (an
unknown kind) filters nothing."""

import django_filters
from django.http import Http404

from orgs.models import Kind
from regions.models import Region
from regions.selectors import regions_in_scope


def _regions(request):
    return regions_in_scope(request.user) if request else Region.objects.none()


class TeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains")
    region = django_filters.ModelChoiceFilter(queryset=_regions, method="within")

    def within(self, queryset, name, region):
        return queryset.filter(region__path__startswith=region.path)

    def selected(self, name):
        self.is_valid()
        return self.form.cleaned_data.get(name)

    @property
    def qs(self):
        if self.data.get("region") and self.selected("region") is None:
            raise Http404  # a region outside the user's areas, or none by that id
        return super().qs


class OrganisationFilter(TeamFilter):
    kind = django_filters.ChoiceFilter(choices=[k for k in Kind.choices if k[0] != Kind.TEAM])
