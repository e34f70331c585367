"""Sending the outbox: claim the due messages, fold a person's many into one digest, send each through its
channel's provider at the provider's rate, and on failure try again later with exponential backoff."""

import datetime
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.ratelimit import count_hit
from notifications import policy
from notifications.channels import addresses_of
from notifications.contacts import recipients_of
from notifications.models import Message, MessageState
from notifications.providers import Outgoing, SendError, provider_for

# A claimed message is tried again after this if its sender died: longer than a sender takes over its batch
# (200 messages, 8 threads, 10 s a provider call at most: about 4 minutes).
LEASE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 60  # 30 s doubling to 5 min: about five hours of outage before a message is shown as failed


def _claim(now, limit: int) -> tuple[list[Message], datetime.datetime]:
    """Take up to `limit` due messages for this sender: others skip the locked rows, and a sender that dies
    leaves them to be taken again when the lease ends. The lease's end marks the rows as this sender's: its
    results are written only to rows that still carry it (`_held`)."""
    lease_until = now + LEASE
    with transaction.atomic():
        _hold_for_quiet_hours(now)
        due = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(state__in=[MessageState.PENDING, MessageState.SENDING], next_attempt_at__lte=now)
            .order_by("-crisis", "next_attempt_at", "pk")[:limit]
        )
        Message.objects.filter(pk__in=[m.pk for m in due]).update(
            state=MessageState.SENDING, next_attempt_at=lease_until
        )
    return due, lease_until


def _hold_for_quiet_hours(now) -> None:
    """Quiet hours are decided again when sending, not only when an event is raised: a retry after a failure or
    the catch-up after an outage that falls due between 22:00 and 07:00 waits until 07:00 (Asia/Shanghai), as
    a message raised then does; a crisis alert goes at once. The wait is written on the rows, so the queue
    sleeps until then instead of finding them due at every run."""
    quiet = policy.quiet_until(now, **settings.NOTIFY_QUIET_HOURS)
    if quiet is not None:
        Message.objects.filter(
            state__in=[MessageState.PENDING, MessageState.SENDING], crisis=False, next_attempt_at__lte=now
        ).update(state=MessageState.PENDING, next_attempt_at=quiet)


def _held(claimed: list[Message], lease_until):
    """The claimed rows this sender still holds: none that another sender took over after the lease."""
    return Message.objects.filter(
        pk__in=[m.pk for m in claimed], state=MessageState.SENDING, next_attempt_at=lease_until
    )


def _digest(batch: list[Message], address: str) -> Outgoing:
    """One message for several of a person's on one channel: the first, and how many more."""
    first = batch[0]
    if len(batch) == 1:
        return Outgoing(message_id=first.pk, kind=first.kind, address=address, text=first.text, params=first.params)
    with translation.override(settings.LANGUAGE_CODE):
        text = policy.shorten(_("{count} new messages. {first}").format(count=len(batch), first=first.text), 300)
    params = {"count": str(len(batch)), "first": first.text}
    return Outgoing(message_id=first.pk, kind="digest", address=address, text=text, params=params)


def _pace():
    """Stay under the provider's rate (NOTIFY_RATE_PER_SECOND, shared by the senders through the cache)."""
    rate = settings.NOTIFY_RATE_PER_SECOND
    if not rate:
        return
    while True:
        second = int(time.time())
        if count_hit(f"notify-rate:{second}", 5) <= rate:
            return
        time.sleep(max(0.0, second + 1 - time.time()))


def _send(provider, batch: list[Message], address: str):
    """One provider call (in a sender thread): (batch, provider id or the SendError)."""
    if not address:
        return batch, SendError(_("The person has no address on this channel any more."), temporary=False)
    outgoing = _digest(batch, address)
    _pace()
    try:
        return batch, provider.send(outgoing)
    except SendError as error:
        return batch, error


def outbox_send_due(*, now=None, limit: int = 200) -> tuple[int, int]:
    """Send the messages that are due; returns (claimed, sent). A provider that is down or throttling delays
    a message (exponential backoff) and loses none; one that refuses it for good marks it failed, with the
    reason, on the outbox page. The provider calls go out from NOTIFY_SEND_THREADS threads (each waits on
    the network, not the processor); the rows are written here."""
    now = now or timezone.now()
    claimed, lease_until = _claim(now, limit)
    batches = defaultdict(list)
    for message in claimed:
        to = ("user", message.person_id) if message.person_id else ("recipient", message.recipient_id)
        batches[(to, message.channel, message.pk if message.crisis else 0)].append(message)
    providers = {channel: provider_for(channel) for (_to, channel, _crisis) in batches}
    addresses = _addresses(claimed)
    jobs = [
        (providers[channel], batch, addresses.get(to, {}).get(channel, ""))
        for (to, channel, _crisis), batch in batches.items()
    ]
    threads = max(1, min(settings.NOTIFY_SEND_THREADS, len(jobs)))
    if threads == 1:
        results = [_send(*job) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            results = list(pool.map(lambda job: _send(*job), jobs))
    sent_rows = []
    sent_at = timezone.now()
    held = set(_held(claimed, lease_until).values_list("pk", flat=True))
    for batch, result in results:
        batch = [message for message in batch if message.pk in held]  # another sender took the rest over
        if not batch:
            continue
        provider = providers[batch[0].channel]
        if isinstance(result, SendError):
            _failed(batch, result, provider.name)
            continue
        for message in batch:
            message.state, message.provider, message.provider_id = MessageState.SENT, provider.name, result
            message.sent_at, message.last_error, message.digest_of = sent_at, "", len(batch)
            sent_rows.append(message)
    fields = ["state", "provider", "provider_id", "sent_at", "last_error", "digest_of"]
    Message.objects.bulk_update(sent_rows, fields, batch_size=500)
    _release_waiting({message.channel for message in sent_rows}, now)
    return len(claimed), len(sent_rows)


def _addresses(claimed: list[Message]) -> dict[tuple, dict[str, str]]:
    """{("user", pk) or ("recipient", pk): {channel: address}}, read now: a number changed meanwhile is used."""
    users = addresses_of(message.person_id for message in claimed if message.person_id)
    served = recipients_of(sorted({message.recipient_id for message in claimed if message.recipient_id}))
    found = {("user", pk): channels for pk, channels in users.items()}
    found.update({("recipient", pk): {"sms": contact.phone} for pk, contact in served.items() if contact.phone})
    return found


def _release_waiting(channels: set[str], now) -> None:
    """The provider of these channels took a message again: those waiting out a backoff after its outage go
    now, instead of up to five minutes after it came back."""
    if channels:
        waiting = Message.objects.filter(
            state=MessageState.PENDING, channel__in=channels, attempts__gt=0, next_attempt_at__gt=now
        )
        if policy.quiet_until(now, **settings.NOTIFY_QUIET_HOURS) is not None:
            waiting = waiting.filter(crisis=True)  # the others wait out the quiet hours
        waiting.update(next_attempt_at=now)


def _failed(batch: list[Message], error: SendError, provider: str) -> None:
    now = timezone.now()
    for message in batch:
        message.last_error = error.reason
        message.provider = provider
        if error.retry_after:  # throttled: soon again, and not counted as an attempt
            message.state = MessageState.PENDING
            message.next_attempt_at = now + datetime.timedelta(seconds=error.retry_after)
        elif error.temporary and message.attempts + 1 < MAX_ATTEMPTS:
            message.attempts += 1
            message.state = MessageState.PENDING
            message.next_attempt_at = now + policy.backoff(message.attempts)
        else:
            message.attempts += 1
            message.state = MessageState.FAILED
    fields = ["attempts", "last_error", "provider", "state", "next_attempt_at"]
    Message.objects.bulk_update(batch, fields)


def next_due_in(now=None) -> float | None:
    """Seconds until the next pending message is due (the queue schedules its next run), or None."""
    now = now or timezone.now()
    upcoming = (
        Message.objects.filter(state__in=[MessageState.PENDING, MessageState.SENDING])
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return None if upcoming is None else max(0.0, (upcoming - now).total_seconds())
