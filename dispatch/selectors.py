"""Reads of dispatches shared with other pages: what departments were asked to do for a recipient."""

from dispatch.models import Dispatch


def recipient_dispatches(user, recipient):
    return Dispatch.objects.visible_to(user).filter(need__recipient=recipient).select_related("department")
