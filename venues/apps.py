from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues")

    def ready(self):
        from core.access import register_rule
        from venues.access import booking_rule, official_day_rule, room_rule, venue_rule

        register_rule("venue", venue_rule)
        register_rule("room", room_rule)
        register_rule("booking", booking_rule)
        register_rule("official_day", official_day_rule)

        from django.db.models.signals import post_delete, post_save

        from venues import calendar
        from venues.models.official import OfficialDay, entered_days

        calendar.use_entered_days(entered_days)
        for signal in (post_save, post_delete):
            signal.connect(lambda **kwargs: calendar.forget_entered(), sender=OfficialDay, weak=False)
