"""The kinds of event that notify someone, each with its texts and its SMS template.

Chinese SMS gateways send only texts made from a template approved in advance, with parameters: the setting
`NOTIFY_SMS_TEMPLATES` (the environment's QIANNIU_SMS_TEMPLATES, "task_offered=SMS_1,*=SMS_0") maps each kind, by
its key here, to the code the gateway approved, "*" serving the kinds not named; a kind fills its parameters.
The in-app title and the long text are translated; the short text (elderly people and basic phones) is at most
70 characters, one SMS.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventKind:
    key: str
    title: str  # the in-app line and the long text, formatted with the event's parameters
    short: str  # one SMS for elderly people and basic phones
    crisis: bool = False  # sent at once, even in quiet hours, and never folded into a digest


def _k(key, title, short, crisis=False):
    return EventKind(key=key, title=title, short=short, crisis=crisis)


EVENT_KINDS = {
    kind.key: kind
    for kind in [
        _k("task_offered", _("A task is offered to you: {what} on {day}."), _("New task {day}: {what}")),
        _k("task_accepted", _("{person} accepted the task “{what}”."), _("{person} accepted {what}")),
        _k("task_declined", _("{person} declined the task “{what}”."), _("{person} declined {what}")),
        _k("task_due", _("Tomorrow: {what} at {place}."), _("Tomorrow {what}")),
        _k("dispatch_sent", _("A need has been sent to {department}: answer by {day}."), _("New dispatch {day}")),
        _k("dispatch_returned", _("{department} returned a dispatch: {reason}"), _("Dispatch returned")),
        _k("dispatch_completed", _("{department} completed a dispatch."), _("Dispatch completed")),
        _k("dispatch_overdue", _("A dispatch to {department} is past its deadline."), _("Dispatch overdue")),
        _k(
            "supervised_assigned",
            _("A supervised item is assigned to your unit: due {deadline}."),
            _("New item due {deadline}"),
        ),
        _k("supervised_overdue", _("A supervised item of {owner} is past its deadline."), _("Supervised item overdue")),
        _k("need_escalated", _("A need is still unanswered after its deadline."), _("Need overdue")),
        _k("crisis", _("Crisis: case {case} needs a first contact within {hours} hours."), _("CRISIS {case}"), True),
        _k("crisis_overdue", _("Crisis case {case} has had no contact in time."), _("CRISIS overdue {case}"), True),
        _k("case_waiting", _("Case {case}: the {step} waits for your decision."), _("Case {case} waits")),
        _k("case_decided", _("Case {case}: the {step} was {decision}."), _("Case {case} {decision}")),
        _k("referral_sent", _("Case {case} is referred to you."), _("New referral")),
        _k("referral_accepted", _("{agency} accepted the referral of case {case}."), _("Referral accepted")),
        _k("correction_decided", _("Your correction request was {decision}."), _("Correction {decision}")),
        _k(
            "need_waiting",
            _("A new need in {area} waits for triage (answer by {due})."),
            _("New need to triage, {area}"),
        ),
        _k("application_waiting", _("{person} applied to join {team}."), _("{team}: new application")),
        _k(
            "correction_waiting",
            _("{person} asks to correct the hours of {activity}: {hours} → {new_hours}."),
            _("Hours correction to decide"),
        ),
        _k(
            "pi_request_waiting",
            _("A request about personal information waits for your decision: due {due}."),
            _("Personal information request due {due}"),
        ),
        _k(
            "pi_request_escalated",
            _("A request about personal information in {county} is past its due day {due}."),
            _("Personal information request overdue"),
        ),
        _k("application_decided", _("Your application to {team} was {decision}."), _("{team}: {decision}")),
        _k("matching_finished", _("Matching run {run} has finished: {summary}."), _("Matching done")),
        _k("matching_failed", _("Matching run {run} has failed; its page says why."), _("Matching failed")),
        _k("certificate_issued", _("Your certificate is ready: {title}."), _("Certificate ready")),
        _k("activity_tomorrow", _("Tomorrow {time}: {activity} at {place}."), _("Tomorrow {time} {activity}")),
        _k("activity_soon", _("In two hours ({time}): {activity} at {place}."), _("{time} {activity}")),
        _k(
            "activity_invited",
            _("You are invited to {activity}: {day} {time} at {place}. Sign up on its page."),
            _("Invited: {activity} {day}"),
        ),
        _k("hours_credited", _("{hours} hours credited for {activity}."), _("{hours}h credited")),
        _k("visit_tomorrow", _("Tomorrow a volunteer comes to you: {what}."), _("Tomorrow a volunteer comes: {what}")),
        _k("evaluation_link", _("How was the service? Tell us: {link}"), _("Rate the service: {link}")),
    ]
}


def event_kind(key: str) -> EventKind:
    return EVENT_KINDS[key]
