"""Whom a matching run tells: the worker who started it, when it has finished or failed."""

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from notifications.services import notification_raise


def _summary(proposed: int, unserved: int) -> str:
    return _("%(proposed)s proposed, %(unserved)s without a volunteer") % {"proposed": proposed, "unserved": unserved}


def run_finished(run) -> None:
    # lazy: written in the site's language, whatever the language of the request that finished the run
    summary = lazy(_summary, str)(run.proposed_count, run.unserved_count)
    notification_raise(
        kind="matching_finished",
        event_key=f"matching:{run.pk}:finished",
        people=[run.created_by_id],
        url=reverse("matching:detail", args=[run.pk]),
        params={"run": f"#{run.pk}", "summary": summary},
        region=run.region,
    )


def run_failed(run) -> None:
    notification_raise(
        kind="matching_failed",
        event_key=f"matching:{run.pk}:failed",
        people=[run.created_by_id],
        url=reverse("matching:detail", args=[run.pk]),
        params={"run": f"#{run.pk}"},
        region=run.region,
    )
