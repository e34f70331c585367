"""The columns of the activities export (core/export.py): the activities the user manages (their area's and
their teams'), as the list shows them, the lead's mobile number masked."""

from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.export import Column, choice, labels

_label = labels(Activity)


ACTIVITY_COLUMNS = [
    Column("#", lambda a: a.pk),
    Column(_label("title"), lambda a: a.title),
    Column(_label("organiser"), lambda a: a.organiser.name),
    Column(_label("region"), lambda a: a.region.name),
    Column(_label("place"), lambda a: a.place),
    Column(_label("starts_at"), lambda a: a.starts_at),
    Column(_label("ends_at"), lambda a: a.ends_at),
    Column(_label("status"), choice("status")),
    Column(_label("quota"), lambda a: a.quota),
    Column(_label("lead"), lambda a: a.lead.name),
    Column(_("Mobile number"), lambda a: a.lead.masked_phone),
]
