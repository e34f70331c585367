"""Reads of projects shared with other pages: the project services a recipient's needs were matched to."""

from needs.models import Need
from projects.models import ServiceItem


def recipient_service_items(user, recipient):
    """Each match of one of the person's needs (those the viewer sees) to a project's service item."""
    needs = Need.objects.visible_to(user).filter(recipient=recipient)
    return ServiceItem.needs.through.objects.filter(need__in=needs.values("pk")).select_related(
        "serviceitem__project", "need"
    )
