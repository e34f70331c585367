"""The filters of the volunteer and recipient lists, over querysets already scoped with `visible_to(user)`. A region
outside the user's areas answers 404, as the needs list does (the dashboards link to these lists); any other value
that is not one of the choices (an unknown kind) filters nothing."""

import datetime

import django_filters
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    @property
    def qs(self):
        if self.data.get("region") and self.selected("region") is None:
            raise Http404  # a region outside the user's areas, or none by that id
        return super().qs


class VolunteerFilter(_AreaFilterSet):
    kind = django_filters.ChoiceFilter(choices=VolunteerKind.choices)
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices)
    skill = django_filters.ModelChoiceFilter(queryset=Skill.objects.all(), to_field_name="code", field_name="skills")
    active = django_filters.ChoiceFilter(choices=[("90", _("Active in the last 90 days"))], method="recently_active")
    age_from = django_filters.NumberFilter(method="aged", min_value=0, max_value=200)
    age_to = django_filters.NumberFilter(method="aged", min_value=0, max_value=200)

    def aged(self, queryset, name, value):
        """Age in years reached this year (this year less the year of birth), as the dashboards' age bands count."""
        year = timezone.localdate().year - int(value)
        if name == "age_from":
            return queryset.filter(birth_date__year__lte=year)
        return queryset.filter(birth_date__year__gte=year)

    def recently_active(self, queryset, name, value):
        """Volunteers whose last day with service hours in the ledger falls within the last `value` days, today
        included: the dashboards' figure "active in the last 90 days" (stats.selectors.ACTIVE_DAYS), of any status."""
        today = timezone.localdate()
        last = queryset.annotate(last_served=Max("ledger__on", filter=Q(ledger__kind="service")))
        return last.filter(last_served__gt=today - datetime.timedelta(days=int(value)), last_served__lte=today)


class RecipientFilter(_AreaFilterSet):
    group = django_filters.ModelChoiceFilter(
        queryset=TargetGroup.objects.all(), to_field_name="code", field_name="groups"
    )
