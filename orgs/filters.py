"""The filters of the organisation and team lists, over querysets already scoped with `visible_to(user)`. A value
that is not one of the choices (a region outside the user's areas, an unknown kind) filters nothing."""

import django_filters

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


class OrganisationFilter(TeamFilter):
    kind = django_filters.ChoiceFilter(choices=[k for k in Kind.choices if k[0] != Kind.TEAM])
