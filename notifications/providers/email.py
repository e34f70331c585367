import smtplib

from django.conf import settings
from django.core.mail import send_mail

from notifications.providers.base import Outgoing, Provider, SendError


def _reply(code: int, text) -> str:
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"


def refusal(error: OSError) -> SendError:
    """What the relay said, and whether to try again: a 5xx reply is permanent (no such mailbox, refused
    sender), a 4xx reply, a dropped or refused connection or a timeout are temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):  # every recipient refused: {address: (code, text)}
        replies = list(error.recipients.values())
        permanent = all(code >= 500 for code, _text in replies)
        return SendError(f"email: {'; '.join(_reply(*reply) for reply in replies)}", temporary=not permanent)
    if isinstance(error, smtplib.SMTPResponseException):
        return SendError(f"email: {_reply(error.smtp_code, error.smtp_error)}", temporary=error.smtp_code < 500)
    return SendError(f"email: {type(error).__name__} {error}".strip())


class EmailProvider(Provider):
    """E-mail through Django's e-mail backend (EMAIL_BACKEND: the console by default; SMTP at EMAIL_HOST)."""

    name = "email"

    def send(self, outgoing: Outgoing) -> str:
        try:
            send_mail(
                subject=outgoing.text[:60],
                message=outgoing.text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[outgoing.address],
            )
        except OSError as error:  # smtplib's errors are OSErrors too
            raise refusal(error) from error
        return f"email-{outgoing.message_id}"
