from django.conf import settings
from django.core.mail import send_mail

from notifications.providers.base import Outgoing, Provider, SendError


class EmailProvider(Provider):
    """E-mail through Django's e-mail backend (EMAIL_BACKEND: the console by default)."""

    name = "email"

    def send(self, outgoing: Outgoing) -> str:
        try:
            send_mail(
                subject=outgoing.text[:60],
                message=outgoing.text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[outgoing.address],
            )
        except OSError as error:  # SMTP down or refused: try again later
            raise SendError(f"email: {error}") from error
        return f"email-{outgoing.message_id}"
