"""Whom the casework services tell. Texts name a case by its number only: SMS leave the county's systems, and
a case's person and problem stay on the case page."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import notification_raise
from people.models import Role, User
from people.selectors import liaisons_of, staff_holding
from staff.selectors import on_duty


def _url(case) -> str:
    return reverse("casework:detail", args=[case.pk])


def crisis_supervisors(case, everyone, *, overdue: bool = False) -> tuple[list, str]:
    """Whom a crisis goes to besides the case's worker: the supervisor on duty for the case's area (the duty
    roster), else `everyone` (every supervisor of the area), and the reason, for the case's record (an overdue
    crisis goes to the area's region admins as well: `escalate_crises`). A shift counts only while its supervisor
    is still one of `everyone`: a supervisor whose role ended, or who supervises another area, is passed over."""
    everyone = list(everyone)
    duty = on_duty(case.region, among=[user.pk for user in everyone])
    if duty:
        names = {"names": "、".join(user.name for user in duty)}
        if overdue:
            return duty, _(
                "Overdue crisis sent to the supervisor on duty, %(names)s, and the area's region admins."
            ) % names
        return duty, _("Crisis sent to the supervisor on duty: %(names)s.") % names
    passed_over = {"names": "、".join(user.name for user in on_duty(case.region))}
    if passed_over["names"]:
        if overdue:
            return everyone, _(
                "The supervisor on duty, %(names)s, no longer supervises this area: overdue crisis sent to all its "
                "supervisors and region admins."
            ) % passed_over
        return everyone, _(
            "The supervisor on duty, %(names)s, no longer supervises this area: crisis sent to all its supervisors."
        ) % passed_over
    if overdue:
        return everyone, _(
            "Nobody on duty for this area: overdue crisis sent to all its supervisors and region admins."
        )
    return everyone, _("Nobody on duty for this area: crisis sent to all its supervisors.")


def crisis_alerted(case, users, *, overdue: bool) -> None:
    """危机干预: at once, on every channel, quiet hours or not. A new crisis on the same case is a new event."""
    kind = "crisis_overdue" if overdue else "crisis"
    notification_raise(
        kind=kind,
        event_key=f"case:{case.pk}:{kind}:{case.crisis_due_at:%Y%m%d%H%M%S}",
        people=users,
        url=_url(case),
        params={"case": f"#{case.pk}", "hours": settings.CRISIS_RESPONSE_HOURS},
        region=case.region,
    )


def waiting_for_supervisor(case, step: str, event_pk) -> None:
    """The plan or the closure waits: the supervisors of the case's area."""
    notification_raise(
        kind="case_waiting",
        event_key=f"case:{case.pk}:waiting:{event_pk}",
        people=staff_holding([Role.SUPERVISOR], case.region),
        url=_url(case),
        params={"case": f"#{case.pk}", "step": step},
        region=case.region,
    )


def decided(case, step: str, decision: str, event_pk) -> None:
    notification_raise(
        kind="case_decided",
        event_key=f"case:{case.pk}:decided:{event_pk}",
        people=[case.social_worker_id],
        url=_url(case),
        params={"case": f"#{case.pk}", "step": step, "decision": decision},
        region=case.region,
    )


def referral_sent(referral) -> None:
    """The receiving department's liaisons and the receiving agency's social workers."""
    receivers = [*liaisons_of(referral.to), *User.objects.filter(socialworker__agency=referral.to, is_active=True)]
    notification_raise(
        kind="referral_sent",
        event_key=f"referral:{referral.pk}:sent",
        people=receivers,
        url=reverse("casework:referrals"),
        params={"case": f"#{referral.case_id}"},  # texts name a case by its number only
        region=referral.case.region,
    )


def referral_accepted(referral) -> None:
    notification_raise(
        kind="referral_accepted",
        event_key=f"referral:{referral.pk}:accepted",
        people=[referral.case.social_worker_id],
        url=_url(referral.case),
        params={"agency": str(referral.to), "case": f"#{referral.case_id}"},
        region=referral.case.region,
    )
