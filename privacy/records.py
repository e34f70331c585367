"""What a person's copy holds of each record about them: their account, their volunteer profile and service,
their needs and cases as a person served, consents, reads of their numbers, and their requests."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.masking import mask_links, mask_mobile
from people.models import AccessLog, Recipient, User
from privacy.sections import Section, availability_labels, labels, plain, section


def account_sections(user: User) -> list[Section]:
    return [
        section(
            "account",
            _("Account"),
            [user],
            [
                ("name", pgettext("person", "Name"), lambda u: u.name),
                ("mobile", _("Mobile number"), lambda u: u.phone),
                ("joined", _("Joined"), lambda u: u.date_joined),
                ("last_sign_in", _("Last signed in"), lambda u: u.last_login),
            ],
            single=True,
        )
    ]


def volunteer_sections(volunteer) -> list[Section]:
    from activities.models import Attendance, Signup
    from ledger.models import CorrectionRequest
    from needs.models import Task

    return [
        section(
            "volunteer",
            _("Volunteer profile"),
            [volunteer],
            [
                ("volunteer_number", _("Volunteer number"), lambda v: v.volunteer_number),
                ("sex", _("Sex"), lambda v: v.get_sex_display()),
                ("birth_date", _("Date of birth"), lambda v: v.birth_date),
                ("id_type", _("ID document type"), lambda v: v.get_id_type_display()),
                ("id_number", _("ID document number"), lambda v: v.id_number),
                ("area", _("Area of residence"), lambda v: v.region.full_name),
                ("address", _("Address"), lambda v: v.address),
                ("position", _("Map position"), lambda v: f"{v.latitude}, {v.longitude}" if v.latitude else ""),
                ("kind", _("Volunteer kind"), lambda v: v.get_kind_display()),
                ("skills", _("Professional skills"), lambda v: labels(v.skills)),
                ("service_fields", _("Service categories"), lambda v: labels(v.service_fields)),
                ("languages", _("Languages"), lambda v: labels(v.languages)),
                ("availability", _("Weekly availability"), availability_labels),
                ("weekly_capacity", _("Tasks a week at most"), lambda v: v.weekly_capacity),
                ("status", _("Registration status"), lambda v: v.get_status_display()),
                ("registered", _("Registered"), lambda v: v.registered_at),
            ],
            single=True,
        ),
        section(
            "teams",
            _("Teams"),
            volunteer.memberships.select_related("team").order_by("applied_at"),
            [
                ("team", _("Team"), lambda m: m.team.name),
                ("role", _("Role"), lambda m: m.get_role_display()),
                ("status", _("Status"), lambda m: m.get_status_display()),
                ("applied", _("Applied"), lambda m: m.applied_at),
                ("decided", _("Decided"), lambda m: m.decided_at),
            ],
        ),
        section(
            "tasks",
            _("Tasks"),
            Task.objects.filter(Q(volunteer=volunteer) | Q(answered_by=volunteer)).order_by("on", "pk"),
            [
                ("date", _("Date"), lambda t: t.on),
                ("what", _("What to do"), lambda t: t.what),
                ("place", _("Place"), lambda t: t.place),
                ("contact", _("Contact"), lambda t: t.contact),
                ("status", _("Status"), lambda t: t.get_status_display()),
                ("note", _("Note"), lambda t: t.note),
            ],
        ),
        section(
            "signups",
            _("Activity sign-ups"),
            Signup.objects.filter(volunteer=volunteer).select_related("activity"),
            [
                ("activity", _("Activity"), lambda s: s.activity.title),
                ("starts", _("Starts"), lambda s: s.activity.starts_at),
                ("status", _("Status"), lambda s: s.get_status_display()),
                ("signed_up", _("Signed up"), lambda s: s.created_at),
            ],
        ),
        section(
            "attendance",
            _("Attendance"),
            Attendance.objects.filter(volunteer=volunteer).select_related("activity").order_by("checked_in_at"),
            [
                ("activity", _("Activity"), lambda a: a.activity.title),
                ("checked_in", _("Checked in"), lambda a: a.checked_in_at),
                ("checked_out", _("Checked out"), lambda a: a.checked_out_at),
                ("method", _("Method"), lambda a: a.get_method_display()),
                ("closed_automatically", _("Check-out closed automatically"), lambda a: a.auto_closed),
            ],
        ),
        section(
            "ledger",
            _("Service record (hours ledger)"),
            volunteer.ledger.select_related("reverses").order_by("region", "seq"),
            [
                ("entry", _("Entry"), lambda e: e.seq),
                ("kind", _("Kind"), lambda e: e.get_kind_display()),
                ("activity", _("Activity"), lambda e: e.activity_name),
                ("date", _("Date"), lambda e: e.on),
                ("place", _("Place"), lambda e: e.place),
                ("content", _("Content"), lambda e: e.content),
                ("hours", _("Hours"), lambda e: e.hours),
                ("organiser", _("Organising unit"), lambda e: e.organiser),
                ("lead", _("Activity lead"), lambda e: e.lead),
                ("recorded", _("Recorded"), lambda e: e.recorded_at),
                ("late", _("Recorded after 10 working days"), lambda e: e.late),
                ("reverses", _("Reverses entry"), lambda e: e.reverses.seq if e.reverses else None),
                ("reason", _("Reason"), lambda e: e.reason),
            ],
        ),
        section(
            "corrections",
            _("Correction requests"),
            CorrectionRequest.objects.filter(entry__volunteer=volunteer).select_related("entry"),
            [
                ("entry", _("Entry"), lambda c: c.entry.seq),
                ("hours", _("Correct hours"), lambda c: c.hours),
                ("reason", _("Reason"), lambda c: c.reason),
                ("status", _("Status"), lambda c: c.get_status_display()),
                ("asked", _("Asked"), lambda c: c.asked_at),
                ("answer", _("Answer"), lambda c: c.answer),
            ],
        ),
        section(
            "certificates",
            _("Certificates"),
            volunteer.certificates.all(),
            [
                ("number", _("Certificate number"), lambda c: c.number),
                ("organiser", _("Recording unit"), lambda c: c.organiser),
                ("hours", _("Service hours"), lambda c: c.hours),
                ("activities", _("Activities"), lambda c: c.activities),
                ("from", _("From"), lambda c: c.first_on),
                ("to", _("To"), lambda c: c.last_on),
                ("issued", _("Issued"), lambda c: c.issued_at),
            ],
        ),
        section(
            "qualifications",
            _("Qualifications"),
            volunteer.qualifications.select_related("qualification"),
            [
                ("qualification", _("Qualification"), lambda q: q.qualification.name),
                ("granted", _("Granted"), lambda q: q.granted_on),
                ("expires", _("Expires"), lambda q: q.expires_on),
            ],
        ),
        section(
            "awards",
            _("Awards"),
            volunteer.awards.all(),
            [
                ("award", _("Award"), lambda a: a.name),
                ("date", _("Date"), lambda a: a.on),
                ("granted_by", _("Granting unit"), lambda a: a.granted_by),
            ],
        ),
        section(
            "evaluations",
            _("Service evaluations"),
            volunteer.evaluations.all(),
            [
                ("rating", _("Rating"), lambda e: e.get_rating_display()),
                ("date", _("Date"), lambda e: e.on),
                ("unit", _("Evaluating unit"), lambda e: e.unit),
                ("comment", _("Comment"), lambda e: e.comment),
            ],
        ),
        section(
            "exchanges",
            _("Love-supermarket exchanges"),
            volunteer.exchanges.select_related("item"),
            [
                ("item", _("Item"), lambda x: x.item.name),
                ("quantity", _("Quantity"), lambda x: x.quantity),
                ("points", _("Points"), lambda x: x.points),
                ("at", _("When"), lambda x: x.at),
            ],
        ),
    ]


def recipient_sections(recipient: Recipient) -> list[Section]:
    from needs.models import Evaluation

    needs = recipient.needs.select_related("service_field", "region").prefetch_related("events").order_by("pk")
    return [
        section(
            "recipient",
            _("Record as a person served"),
            [recipient],
            [
                ("name", pgettext("person", "Name"), lambda r: r.name),
                ("sex", _("Sex"), lambda r: r.get_sex_display()),
                ("birth_date", _("Date of birth"), lambda r: r.birth_date),
                ("id_number", _("Resident ID number"), lambda r: r.id_number),
                ("telephone", _("Telephone"), lambda r: r.phone),
                ("community", _("Community"), lambda r: r.region.full_name),
                ("address", _("Address"), lambda r: r.address),
                ("groups", _("Groups"), lambda r: labels(r.groups)),
                ("situation", _("Situation"), lambda r: labels(r.tags)),
                ("guardian", _("Guardian or contact person"), lambda r: r.guardian_name),
                ("guardian_relation", _("Relation"), lambda r: r.guardian_relation),
                # The guardian's number is the guardian's own information: masked, as on every list.
                (
                    "guardian_telephone",
                    _("Guardian's telephone"),
                    lambda r: mask_mobile(r.guardian_phone) if r.guardian_phone else "",
                ),
                ("recorded", _("Recorded"), lambda r: r.created_at),
            ],
            single=True,
        ),
        section(
            "requests",
            _("Needs and requests for help"),
            needs,
            [
                ("number", _("Number"), lambda n: n.pk),
                ("field", _("Service field"), lambda n: n.service_field.label if n.service_field else ""),
                ("description", pgettext("need", "Description"), lambda n: n.description),
                ("status", _("Status"), lambda n: n.get_status_display()),
                ("urgency", _("Urgency"), lambda n: n.get_urgency_display()),
                ("place", _("Place"), lambda n: f"{n.region.full_name} {n.address}".strip()),
                ("wanted_on", _("Wanted on"), lambda n: n.wanted_on),
                ("found", _("Found"), lambda n: n.created_at),
                ("response_due", _("Response due"), lambda n: n.response_due_at),
                ("ended", _("Ended"), lambda n: n.ended_at),
                ("reason", _("Reason"), lambda n: f"{n.referred_to} {n.end_reason}".strip()),
                # As the person's own need page shows it: each step and when, not who nor the workers' notes.
                (
                    "timeline",
                    _("Timeline"),
                    lambda n: [
                        f"{plain(e.at)} {e.get_kind_display()}" for e in sorted(n.events.all(), key=lambda e: e.at)
                    ],
                ),
            ],
        ),
        section(
            "evaluations_given",
            _("Evaluations given"),
            Evaluation.objects.filter(need__recipient=recipient).order_by("at"),
            [
                ("need", _("Need"), lambda e: e.need_id),
                ("satisfaction", _("Satisfaction (1–5)"), lambda e: e.satisfaction),
                ("comment", _("Comment"), lambda e: e.comment),
                ("given_by", _("Given by"), lambda e: e.given_by),
                ("at", _("When"), lambda e: e.at),
            ],
        ),
        section(
            "cases",
            _("Cases"),
            recipient.cases.order_by("pk"),
            [
                ("number", _("Number"), lambda c: c.pk),
                ("opened", _("Opened"), lambda c: c.opened_at),
                ("stage", _("Stage"), lambda c: c.get_status_display()),
                ("closed", _("Closed"), lambda c: c.closed_at),
            ],
        ),
        section(
            "home_visits",
            _("Home visits"),
            recipient.home_visits.order_by("visited_at"),
            [("visited", _("Visited"), lambda v: v.visited_at)],
        ),
    ]


def common_sections(*, consents, reads) -> list[Section]:
    return [
        section(
            "consents",
            _("Consents"),
            consents,
            [
                ("consent_to", _("Consent to"), lambda c: c.get_kind_display()),
                ("scope", _("What was consented"), lambda c: c.scope),
                ("given_by", _("Given by"), lambda c: c.given_by),
                ("relation", _("Relation to the person"), lambda c: c.relation),
                ("method", _("Method"), lambda c: c.get_method_display()),
                ("given", _("Given"), lambda c: c.given_at),
                ("withdrawn", _("Withdrawn"), lambda c: c.withdrawn_at),
            ],
        ),
        section(
            "reads",
            _("Who read your numbers in full or your case"),
            reads,
            [
                ("at", _("When"), lambda r: r.at),
                ("by", _("Who"), lambda r: r.user.name),
                ("what", _("What"), read_label),
            ],
        ),
    ]


def read_label(row: AccessLog) -> str:
    names = {
        "phone": _("mobile number"),
        "id_number": _("ID number"),
        "guardian_phone": _("guardian's telephone"),
        "case": _("case"),
        "copy": _("copy of the record"),
    }
    what = str(names.get(row.field_name, row.field_name))
    return f"{what} #{row.subject_id}" if row.subject_type == "case" else what


def requests_section(user: User) -> Section:
    return section(
        "personal_information_requests",
        _("Requests to correct or delete your information"),
        user.pi_requests.order_by("filed_at"),
        [
            ("request", _("Request"), lambda r: r.get_kind_display()),
            ("item", _("Which information"), lambda r: r.get_item_display()),
            ("detail", _("What should change"), lambda r: r.detail),
            ("reason", _("Reason"), lambda r: r.reason),
            ("status", _("Status"), lambda r: r.get_status_display()),
            ("filed", _("Filed"), lambda r: r.filed_at),
            ("due", _("Due"), lambda r: r.due_on),
            ("answer", _("Answer"), lambda r: r.answer),
            ("decided", _("Decided"), lambda r: r.decided_at),
        ],
    )


def messages_section(messages) -> Section:
    """The SMS and other messages written to the person (the outbox), as sent; where to is not kept in it."""
    from notifications.models import Message

    field = Message._meta.get_field
    return section(
        "messages",
        _("Messages sent to you"),
        messages.order_by("created_at", "pk"),
        [
            ("written", _("When"), lambda m: m.created_at),
            ("channel", field("channel").verbose_name, lambda m: m.get_channel_display()),
            ("text", field("text").verbose_name, lambda m: m.shown_text),
            ("state", field("state").verbose_name, lambda m: m.get_state_display()),
            ("sent", pgettext("message", "Sent at"), lambda m: m.sent_at),
            ("delivered", pgettext("message", "Delivered at"), lambda m: m.delivered_at),
        ],
    )


def notifications_section(user: User) -> Section:
    """The lines of the person's notification centre (the bell)."""
    return section(
        "notifications",
        _("Notifications"),
        user.notifications.order_by("created_at", "pk"),
        [
            ("at", _("When"), lambda n: n.created_at),
            ("title", _("notification"), lambda n: mask_links(n.title)),
            ("read", pgettext("notification", "Read at"), lambda n: n.read_at),
        ],
    )
