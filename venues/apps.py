from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues")

    def ready(self):
        from core.access import register_rule
        from venues.access import booking_rule, room_rule, venue_rule

        register_rule("venue", venue_rule)
        register_rule("room", room_rule)
        register_rule("booking", booking_rule)
