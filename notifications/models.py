"""What the product tells people: the notification centre (in-app) and the outbox of messages sent elsewhere.

`notifications` sits low (beside regions and dictionaries): it imports only `core` and refers to people by
`settings.AUTH_USER_MODEL`. What it needs to know about a person (their phone, whether they are elderly, their
area) comes from the contact registry in `notifications/contacts.py`, filled in by `people`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopedQuerySet
from core.fields import EncryptedTextField
from core.masking import mask_links


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("E-mail")


class NotificationQuerySet(ScopedQuerySet):
    scope_rule = "notification"


class Notification(models.Model):
    """One line in a person's notification centre (the bell): raised once per event and person."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event_key = models.CharField(max_length=150)
    kind = models.CharField(max_length=40)
    title = models.CharField(_("notification"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    crisis = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "person"],
                name="notification_once_per_event",
                violation_error_message=_("This person has been told of this event already."),
            )
        ]
        indexes = [models.Index(fields=["person", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title


class MessageState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", pgettext_lazy("message state", "sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class MessageQuerySet(ScopedQuerySet):
    scope_rule = "outbox_message"


class Message(models.Model):
    """One message of the outbox: written in the same transaction as the event that raises it, sent by the task
    queue, retried with exponential backoff while the provider is unreachable, and never sent twice for the
    same event, person and channel. It is for a user, or for a person served who has no account (`recipient_id`,
    a people.Recipient: `notifications` sits below people and reads them through notifications/contacts.py),
    whom it reaches by short SMS only, at their own mobile number or their guardian's, read when sending."""

    event_key = models.CharField(max_length=150)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_messages", null=True, blank=True
    )
    recipient_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=40)
    text = models.CharField(_("text"), max_length=500)
    params = models.JSONField(default=dict, blank=True)  # the template's parameters, for SMS and WeChat
    crisis = models.BooleanField(default=False)
    # The person's area when the message was raised: region admins above it see the message on the outbox page.
    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.CharField(_("reason"), max_length=300, blank=True)
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    receipt = models.CharField(_("delivery receipt"), max_length=200, blank=True)
    digest_of = models.PositiveSmallIntegerField(default=1)  # how many messages the sent text stood for
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "person", "channel"],
                name="message_once_per_event_channel",
                violation_error_message=_("This message has been written for this event, person and channel already."),
            ),
            models.UniqueConstraint(
                fields=["event_key", "recipient_id", "channel"],
                condition=models.Q(recipient_id__isnull=False),
                name="message_once_per_event_recipient",
                violation_error_message=_("This message has been written for this event, person and channel already."),
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, recipient_id__isnull=True)
                | models.Q(person__isnull=True, recipient_id__isnull=False),
                name="message_for_a_user_or_a_recipient",
                violation_error_message=_("A message is for a user or for a person served, one of the two."),
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_due")]

    def __str__(self):
        return f"{self.channel} {self.event_key}"

    @property
    def shown_text(self) -> str:
        """The text as a worker, an admin or a personal-information export shows it: links cut to the site's
        address, since a link may carry a token that acts without sign-in (the evaluation link)."""
        return mask_links(self.text)


class Preference(models.Model):
    """Whether a person wants messages on one channel, and where (a WeChat openid, an e-mail address, kept
    encrypted: the phone is the person's own). Without a row a channel is on when the person has an address for
    it (a phone for SMS)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("send to me on this channel"), default=True)
    address = EncryptedTextField(_("address"), blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel"],
                name="preference_once_per_channel",
                violation_error_message=_("This person has a setting for this channel already."),
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.channel}"


class Handset(models.Model):
    """What a person reads messages on: without a smartphone (many elderly people), only short SMS."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handset")
    smartphone = models.BooleanField(_("has a smartphone"), default=True)

    class Meta:
        verbose_name = _("handset")

    def __str__(self):
        return f"{self.person_id} {'smart' if self.smartphone else 'basic'}"
