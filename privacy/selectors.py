"""A person's copy of their personal information (PIPL Art. 45): every record about them, as they may see
it, in sections that make both the JSON download and the printable page. What is withheld is named, with
the reason."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Message
from people.models import AccessLog, Consent, Recipient, User
from privacy.records import (
    account_sections,
    common_sections,
    messages_section,
    notifications_section,
    recipient_sections,
    requests_section,
    volunteer_sections,
)
from privacy.sections import Copy


def withheld(*, volunteer: bool, recipient: bool) -> list[dict]:
    """What the copy leaves out, and why (PIPL Art. 45 with Art. 18: rights of others)."""
    items = []
    if recipient:
        items += [
            {
                "what": _("Case notes, assessments, supervisors' comments and attachments of your cases"),
                "why": _(
                    "They are the social worker's professional record and hold other people's information and "
                    "judgements; showing them could harm the rights of others. Your social worker can go "
                    "through them with you."
                ),
            },
            {
                "what": _("Observations written on home visits"),
                "why": _("They describe the whole household, not only you."),
            },
            {
                "what": _("Who did each step of your needs, and the workers' notes on them"),
                "why": _("Your need's page shows the steps and when; the notes are the workers' working record."),
            },
            {
                "what": _("Your guardian's or contact person's full telephone number"),
                "why": _("It is the guardian's own personal information; it is shown masked."),
            },
        ]
    if volunteer:
        items.append(
            {
                "what": _("The names and details of the people you served"),
                "why": _("They are those people's personal information."),
            }
        )
    return [{key: str(value) for key, value in item.items()} for item in items]


def _reads(*subjects) -> list:
    query = Q(pk__in=[])
    for subject_type, pks in subjects:
        if pks:
            query |= Q(subject_type=subject_type, subject_id__in=pks)
    return AccessLog.objects.filter(query).select_related("user").order_by("at")


def person_copy(*, user: User) -> Copy:
    volunteer = getattr(user, "volunteer", None)
    recipient = Recipient.objects.filter(user=user).select_related("region").first()
    sections = account_sections(user)
    if volunteer is not None:
        sections += volunteer_sections(volunteer)
    if recipient is not None:
        sections += recipient_sections(recipient)
    mine = Q(pk__in=[])
    if volunteer is not None:
        mine |= Q(volunteer=volunteer)
    if recipient is not None:
        mine |= Q(recipient=recipient)
    consents = Consent.objects.filter(mine)
    reads = _reads(
        ("user", [user.pk]),
        ("volunteer", [volunteer.pk] if volunteer else []),
        ("recipient", [recipient.pk] if recipient else []),
        ("case", list(recipient.cases.values_list("pk", flat=True)) if recipient else []),
    )
    sections += common_sections(consents=consents, reads=reads)
    # the messages to the account, and those to the record as a person served before it had one
    to_them = Q(person=user) | (Q(recipient_id=recipient.pk) if recipient is not None else Q(pk__in=[]))
    sections += [requests_section(user), notifications_section(user), messages_section(Message.objects.filter(to_them))]
    return Copy(timezone.now(), sections, withheld(volunteer=volunteer is not None, recipient=recipient is not None))


def recipient_copy(*, recipient: Recipient) -> Copy:
    sections = recipient_sections(recipient)
    reads = _reads(("recipient", [recipient.pk]), ("case", list(recipient.cases.values_list("pk", flat=True))))
    sections += common_sections(consents=recipient.consents.all(), reads=reads)
    sections += [messages_section(Message.objects.filter(recipient_id=recipient.pk))]
    return Copy(timezone.now(), sections, withheld(volunteer=False, recipient=True))
