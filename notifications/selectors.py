from django.http import Http404

from core.access import scope_of
from notifications.models import Message, MessageState, Notification


def unread_count(user) -> int:
    return Notification.objects.filter(person=user, read_at__isnull=True).count()


def notifications_of(user, *, unread: bool = False):
    notifications = Notification.objects.visible_to(user)
    return notifications.filter(read_at__isnull=True) if unread else notifications


def outbox_for_admin(user, *, state: str = ""):
    """The outbox of the user's areas, for their region admins (404 for anyone else)."""
    scope = scope_of(user)
    if not (scope.everything or scope.admin_paths):
        raise Http404
    messages = Message.objects.changeable_by(user).select_related("person")
    if state in MessageState.values:
        messages = messages.filter(state=state)
    return messages
