"""What waits in the ledger: correction requests for the leaders and organisers who decide them (the
page /corrections/). Registered with core.queues in LedgerConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import scope_of
from core.queues import QueueItem, QueueProvider, queue_register
from ledger.models import CorrectionRequest
from ledger.selectors import corrections_to_decide  # the page's own query: they agree


def corrections_waiting(user):
    """The requests /corrections/ lists for the user, without their own (another person decides those)."""
    scope = scope_of(user)
    if not (scope.everything or scope.staff_paths or scope.led_team_ids):
        return None

    return corrections_to_decide(user).exclude(entry__volunteer__user=user)


def _correction_line(request: CorrectionRequest) -> QueueItem:
    entry = request.entry
    return QueueItem(
        title=f"{entry.volunteer.user.name} · {entry.activity_name} · {entry.hours} → {request.hours}",
        url=reverse("ledger:corrections"),
        since=request.asked_at,
        detail=request.reason,
    )


def register() -> None:
    queue_register(
        QueueProvider(
            key="corrections",
            label=_("Correction requests"),
            items=corrections_waiting,
            describe=_correction_line,
            order="asked_at",
            list_url=lambda: reverse("ledger:corrections"),
            position=25,
        )
    )
