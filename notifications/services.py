"""Raising notifications and sending the outbox.

`notification_raise` is called by the services of the apps above, inside their transaction: it writes the
in-app line and one outbox row per channel in that same transaction (so an event that commits always has its
messages, and one rolled back has none), and asks the task queue to send them once the transaction commits
(`transaction.on_commit`). The outbox rows are unique per (event, person, channel): raising the same event again
writes nothing more.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import policy
from notifications.channels import channels_of, preferences_of
from notifications.contacts import Contact, contacts_of, recipients_of
from notifications.events import event_kind
from notifications.models import Channel, Handset, Message, MessageState, Notification, Preference


class NotifyError(ValueError):
    pass


def _format(template, params: dict) -> str:
    try:
        return str(template).format(**params)
    except (KeyError, IndexError):
        return str(template)


def _texts(params: dict) -> dict[str, str]:
    """The parameters as text, in the active language: callers pass words lazily (a decision, a step), so an
    event raised from a page in English still writes its texts and template parameters in the site's language."""
    return {key: str(value) for key, value in params.items()}


@transaction.atomic
def notification_raise(
    *, kind: str, event_key: str, people, url: str = "", params: dict | None = None, now=None, region=None
) -> None:
    """Tell `people` (users, or their pks) about one event: a line in each one's bell and a message on each of
    their channels, sent after the caller's transaction commits. Raising it again adds nothing. `region`: the
    area of the object the event is about (a region, or its path); its region admins see the messages on the
    outbox page. Without it, each person's own area (notifications/contacts.py)."""
    event = event_kind(kind)
    params = params or {}
    now = now or timezone.now()
    pks = sorted({getattr(person, "pk", person) for person in people if person is not None})
    if not pks:
        return
    with translation.override(settings.LANGUAGE_CODE):
        params = _texts(params)
        title = _format(event.title, params)[:300]
        short = policy.shorten(_format(event.short, params))
    Notification.objects.bulk_create(
        [
            Notification(person_id=pk, event_key=event_key, kind=kind, title=title, url=url, crisis=event.crisis)
            for pk in pks
        ],
        ignore_conflicts=True,
    )
    contacts = contacts_of(pks)
    prefs = preferences_of(pks)
    basic_phones = set(Handset.objects.filter(person_id__in=pks, smartphone=False).values_list("person_id", flat=True))
    region_path = getattr(region, "path", region) or ""
    quiet = None if event.crisis else policy.quiet_until(now, **settings.NOTIFY_QUIET_HOURS)
    rows = []
    for pk in pks:
        contact = contacts.get(pk, Contact())
        basic = contact.elderly or pk in basic_phones
        for channel in channels_of(contact, prefs[pk], basic):
            text = short if (basic or channel == Channel.WECHAT) else policy.shorten(title, 300)
            rows.append(
                Message(
                    event_key=event_key,
                    person_id=pk,
                    channel=channel,
                    kind=kind,
                    text=text,
                    params=params,
                    crisis=event.crisis,
                    region_path=region_path or contact.region_path,
                    next_attempt_at=quiet or now,
                )
            )
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        transaction.on_commit(_enqueue_send)


@transaction.atomic
def recipient_message_raise(
    *, kind: str, event_key: str, recipients, params: dict | None = None, now=None, region=None, keep: str = ""
) -> int:
    """Tell people served who have no account (people.Recipient pks) about one event: one short SMS each (70
    characters; `keep`, a link at the end, is never cut), to their mobile number or their guardian's, read when
    it is sent. Quiet hours apply as to anyone; raising it again adds nothing. Returns the messages written."""
    event = event_kind(kind)
    params = params or {}
    now = now or timezone.now()
    pks = sorted({getattr(recipient, "pk", recipient) for recipient in recipients if recipient is not None})
    with translation.override(settings.LANGUAGE_CODE):
        params = _texts(params)
        short = policy.shorten_keeping(_format(event.short, params), keep)
    quiet = None if event.crisis else policy.quiet_until(now, **settings.NOTIFY_QUIET_HOURS)
    region_path = getattr(region, "path", region) or ""
    rows = [
        Message(
            event_key=event_key,
            recipient_id=pk,
            channel=Channel.SMS,
            kind=kind,
            text=short,
            params=params,
            crisis=event.crisis,
            region_path=region_path or contact.region_path,
            next_attempt_at=quiet or now,
        )
        for pk, contact in recipients_of(pks).items()
        if contact.phone
    ]
    written = Message.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        transaction.on_commit(_enqueue_send)
    return len(written)


def _enqueue_send():
    from notifications.tasks import outbox_send

    outbox_send()


@transaction.atomic
def message_resend(*, message: Message, by) -> Message:
    """A region admin sends a failed message again (after the number or the template was put right)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state != MessageState.FAILED:
        raise NotifyError(_("Only a failed message can be sent again."))
    message.state = MessageState.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.last_error = _("sent again by %(name)s") % {"name": getattr(by, "name", by)}
    message.provider_id = ""  # a late receipt of the failed send matches nothing
    message.save(update_fields=["state", "attempts", "next_attempt_at", "last_error", "provider_id"])
    transaction.on_commit(_enqueue_send)
    return message


def receipts_record(*, provider: str, receipts: list[tuple[str, bool, str]]) -> int:
    """Delivery receipts from a provider: (its id, delivered, its code). Returns how many messages they
    matched."""
    matched = 0
    now = timezone.now()
    for provider_id, delivered, code in receipts:
        if not provider_id:
            continue
        # only a message still as sent: a late receipt neither undoes a resend nor turns delivered into failed
        matched += Message.objects.filter(provider=provider, provider_id=provider_id, state=MessageState.SENT).update(
            state=MessageState.DELIVERED if delivered else MessageState.FAILED,
            receipt=code[:200],
            delivered_at=now if delivered else None,
            last_error="" if delivered else f"{provider}: {code}"[:300],
        )
    return matched


def notifications_read(*, person, url: str) -> int:
    """Mark read the person's notifications that link to `url` (they opened the object)."""
    return Notification.objects.filter(person=person, url=url, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_open(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, person) -> int:
    return Notification.objects.filter(person=person, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, person, choices: dict[str, tuple[bool, str]], smartphone: bool) -> None:
    """The person's channels: {channel: (enabled, address)}, and whether they read on a smartphone. An address
    of None keeps the one stored (the WeChat openid, bound by web authorisation only: `wechat_bind`)."""
    for channel, (enabled, address) in choices.items():
        defaults = {"enabled": enabled} if address is None else {"enabled": enabled, "address": address.strip()}
        Preference.objects.update_or_create(person=person, channel=channel, defaults=defaults)
    Handset.objects.update_or_create(person=person, defaults={"smartphone": smartphone})


@transaction.atomic
def wechat_bind(*, person, openid: str) -> Preference:
    """The openid WeChat gave for the signed-in person (notifications/wechat_oauth.py): their WeChat channel, on."""
    preference, _created = Preference.objects.update_or_create(
        person=person, channel=Channel.WECHAT, defaults={"enabled": True, "address": openid}
    )
    return preference
