"""The columns of the exports of coordination (core/export.py): a group's supervised items (what the group's
page lists, the meeting that decided each, who reported it done) and a campaign's activities (what the
campaign's page lists for a county or below, with each activity's organiser, lead and dates, and who reported
the people it served); every mobile number masked."""

from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from coordination.models import CampaignActivity, SupervisedItem
from core.export import Column, choice, labels

_label = labels(SupervisedItem)


ITEM_COLUMNS = [
    Column("#", lambda i: i.pk),
    Column(_label("decision"), lambda i: i.decision),
    Column(_label("owner"), lambda i: i.owner.name),
    Column(_label("deadline"), lambda i: i.deadline),
    Column(_label("status"), choice("status")),
    Column(_label("escalated_at"), lambda i: i.escalated_at),
    Column(_("meeting"), lambda i: i.meeting.title),
    Column(_("Reported by"), lambda i: i.reported_by.name if i.reported_by else ""),
    Column(_("Mobile number"), lambda i: i.reported_by.masked_phone if i.reported_by else ""),
]


def _activity_label(name: str):
    return Activity._meta.get_field(name).verbose_name


_activity_status = choice("status")


LINK_COLUMNS = [
    Column("#", lambda link: link.activity_id),
    Column(_activity_label("title"), lambda link: link.activity.title),
    Column(_activity_label("organiser"), lambda link: link.activity.organiser.name),
    Column(_activity_label("region"), lambda link: link.activity.region.name),
    Column(_activity_label("starts_at"), lambda link: link.activity.starts_at),
    Column(_activity_label("ends_at"), lambda link: link.activity.ends_at),
    Column(_activity_label("status"), lambda link: _activity_status(link.activity)),
    Column(_activity_label("lead"), lambda link: link.activity.lead.name),
    Column(_("Mobile number"), lambda link: link.activity.lead.masked_phone),
    Column(CampaignActivity._meta.get_field("people_served").verbose_name, lambda link: link.people_served),
    Column(_("Reported by"), lambda link: link.served_reported_by.name if link.served_reported_by else ""),
    Column(
        _("Reporter's mobile number"),
        lambda link: link.served_reported_by.masked_phone if link.served_reported_by else "",
    ),
    Column(_("Reported at"), lambda link: link.served_reported_at),
]
