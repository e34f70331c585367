from django.http import Http404
from django.utils.translation import gettext as _

from core.access import scope_of
from core.masking import mask_mobile
from core.templatetags.core_tags import mask_name
from notifications.contacts import recipients_of
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


def label_recipients(messages) -> None:
    """Messages to people served without an account: `to_label` names them as the admins' pages may, the name and
    the number masked (韩*珍 136****1111, a guardian's number said so)."""
    messages = [message for message in messages if message.recipient_id]
    contacts = recipients_of(sorted({message.recipient_id for message in messages}))
    for message in messages:
        contact = contacts.get(message.recipient_id)
        if contact is None:
            message.to_label = "—"
            continue
        number = mask_mobile(contact.phone) if contact.phone else "—"
        if contact.guardian:
            number = _("%(number)s (guardian)") % {"number": number}
        message.to_label = f"{mask_name(contact.name)} {number}"
