"""The official holiday schedule of a year that the pinned chinesecalendar does not hold yet, entered by hand in
the back office once the State Council publishes it (each November, for the next year). venues/calendar.py reads
the days of an entered year before the library's."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from venues import calendar


class OfficialDayKind(models.TextChoices):
    HOLIDAY = calendar.HOLIDAY, _("statutory holiday")
    IN_LIEU = calendar.IN_LIEU, _("day off in lieu (调休放假)")
    WORKDAY = calendar.WORKDAY, _("make-up working day (调休上班)")


class OfficialDayQuerySet(ScopedQuerySet):
    scope_rule = "official_day"


class OfficialDay(models.Model):
    """One day of a year's official schedule: a holiday, a day off in lieu, or a make-up working day. A year with
    any day entered is read from here alone: its other days are ordinary (Saturdays and Sundays off)."""

    on = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficialDayKind.choices)
    name = models.CharField(
        _("holiday"),
        max_length=50,
        help_text=_("The holiday the day belongs to, such as 国庆节; a make-up working day names the holiday too."),
    )

    objects = OfficialDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("official holiday schedule day")
        verbose_name_plural = _("official holiday schedule")
        ordering = ["on"]

    def __str__(self):
        return f"{self.on} {self.name} ({self.get_kind_display()})"


class OfficialDayChange(models.Model):
    """Who entered or removed a day of the official schedule, and when: the schedule is national, so every
    province admin may change it, and each change is kept (the day itself is removed)."""

    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=OfficialDayKind.choices)
    name = models.CharField(_("holiday"), max_length=50)
    removed = models.BooleanField(_("removed"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("change of the official holiday schedule")
        verbose_name_plural = _("changes of the official holiday schedule")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.on} {self.name} ({self.get_kind_display()}){' ×' if self.removed else ''}"


def entered_days() -> dict:
    """{day: (kind, holiday name)} of every day entered: the source of venues/calendar.py."""
    return {on: (kind, name) for on, kind, name in OfficialDay.objects.values_list("on", "kind", "name")}
