"""The filters of the volunteer and recipient lists, over querysets already scoped with `visible_to(user)`. A value
that is not one of the choices (a region outside the user's areas, an unknown kind) filters nothing, as before."""

import django_filters

from dictionaries.models import Skill, TargetGroup
from people.models import RegistrationStatus, Sex, VolunteerKind
from regions.models import Region
from regions.selectors import regions_in_scope


def _regions(request):
    return regions_in_scope(request.user) if request else Region.objects.none()


class _AreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")
    region = django_filters.ModelChoiceFilter(queryset=_regions, method="within")

    def search(self, queryset, name, value):
        return queryset.search(value)

    def within(self, queryset, name, region):
        return queryset.filter(region__path__startswith=region.path)

    def selected(self, name):
        self.is_valid()
        return self.form.cleaned_data.get(name)


class VolunteerFilter(_AreaFilterSet):
    kind = django_filters.ChoiceFilter(choices=VolunteerKind.choices)
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices)
    skill = django_filters.ModelChoiceFilter(queryset=Skill.objects.all(), to_field_name="code", field_name="skills")


class RecipientFilter(_AreaFilterSet):
    group = django_filters.ModelChoiceFilter(
        queryset=TargetGroup.objects.all(), to_field_name="code", field_name="groups"
    )
