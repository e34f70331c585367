"""Reads of resources shared with other pages: what resources served a recipient."""

from needs.models import Need
from resources.models import ResourceUse


def recipient_resource_uses(user, recipient):
    """Uses of resources for the person's needs that the viewer sees."""
    needs = Need.objects.visible_to(user).filter(recipient=recipient)
    return ResourceUse.objects.filter(need__in=needs.values("pk")).select_related("resource")
