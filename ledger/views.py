"""A volunteer's record (Art. 12: volunteers read their records and ask for corrections)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, may_decide, public, scope_of, scoped
from core.export import export_format, export_response
from core.forms import errors_as_messages, post_data
from core.paging import keyset_page
from ledger import certificates, services
from ledger.exports import CORRECTION_COLUMNS, TRAINING_COLUMNS
from ledger.forms import AwardForm, CorrectionForm, ServiceEvaluationForm, TrainingForm
from ledger.models import (
    Certificate,
    CorrectionRequest,
    CorrectionStatus,
    EntryKind,
    LedgerEntry,
    ShopItem,
    TrainingSession,
)
from ledger.selectors import corrections_to_decide
from orgs.models import Organisation
from people.models import Role, User, Volunteer
from regions.selectors import regions_around, regions_in_scope


@scoped("ledger_entry")
def record(request, pk=None):
    """One's own record, or, for those who may see the volunteer, theirs."""
    if pk is None:
        volunteer = Volunteer.objects.filter(pk=scope_of(request.user).volunteer_id).select_related("user").first()
        if volunteer is None:
            raise Http404
    else:
        volunteer = get_for_user(Volunteer.objects.select_related("user"), request.user, pk)
    entries = (
        LedgerEntry.objects.visible_to(request.user)
        .filter(volunteer=volunteer)
        .select_related("reverses")
        .annotate(reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk"))))
    )
    return render(
        request,
        "ledger/record.html",
        {
            "volunteer": volunteer,
            "page": keyset_page(entries, request, order="-on"),
            "service_hours": services.total_hours(volunteer, EntryKind.SERVICE),
            "training_hours": services.total_hours(volunteer, EntryKind.TRAINING),
            "own": volunteer.pk == scope_of(request.user).volunteer_id,
            "organisers": certificates.hours_by_organiser(volunteer),
            "recognition": services.recognition(volunteer),
            "awards": volunteer.awards.all(),
            "evaluations": volunteer.evaluations.all(),
            "can_add": Volunteer.objects.changeable_by(request.user).filter(pk=volunteer.pk).exists()
            and may_decide(request.user, volunteer),
            "qualifications": volunteer.qualifications.select_related("qualification").order_by("-granted_on"),
            "pending": set(
                CorrectionRequest.objects.filter(
                    entry__volunteer=volunteer, status=CorrectionStatus.PENDING
                ).values_list("entry_id", flat=True)
            ),
        },
    )


@require_POST
@scoped("ledger_entry")
def correction_ask(request, entry_pk):
    volunteer = Volunteer.objects.filter(pk=scope_of(request.user).volunteer_id).first()
    entry = LedgerEntry.objects.filter(pk=entry_pk, volunteer=volunteer).first() if volunteer else None
    if entry is None:
        raise Http404
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("ledger:record")
    try:
        services.correction_request(entry=entry, volunteer=volunteer, **form.cleaned_data)
    except services.LedgerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request has been sent to the activity's leader."))
    return redirect("ledger:record")


@scoped("ledger_entry")
def corrections(request):
    waiting = corrections_to_decide(request.user)
    if export_format(request):
        return export_response(request, waiting.order_by("pk"), CORRECTION_COLUMNS, _("Correction requests"))
    return render(request, "ledger/corrections.html", {"page": keyset_page(waiting, request)})


@require_POST
@scoped("ledger_entry")
def correction_decide(request, pk, decision):
    target = corrections_to_decide(request.user).filter(pk=pk).first()
    if target is None or decision not in {"accept", "refuse"}:
        raise Http404
    try:
        services.correction_decide(
            request=target, by=request.user, accept=decision == "accept", answer=request.POST.get("answer", "")
        )
    except services.LedgerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision has been recorded."))
    return redirect("ledger:corrections")


@require_POST
@scoped("ledger_entry")
def certificate_issue(request):
    """A volunteer asks for a certificate of the hours one unit recorded (free, Art. 14)."""
    volunteer = Volunteer.objects.filter(pk=scope_of(request.user).volunteer_id).first()
    if volunteer is None:
        raise Http404
    try:
        certificate = certificates.certificate_issue(volunteer=volunteer, organiser=request.POST.get("organiser", ""))
    except certificates.CertificateError as error:
        messages.error(request, str(error))
        return redirect("ledger:record")
    return redirect("ledger:certificate_pdf", number=certificate.number)


@scoped("ledger_entry")
def certificate_pdf(request, number):
    """The PDF, for its volunteer only."""
    certificate = Certificate.objects.filter(
        number=number, volunteer_id=scope_of(request.user).volunteer_id or 0
    ).first()
    if certificate is None:
        raise Http404
    url = request.build_absolute_uri(reverse("ledger:verify", args=[certificate.number, certificate.code]))
    response = HttpResponse(certificates.certificate_pdf(certificate, verify_url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@public
def verify(request, number, code):
    """Anyone holding the certificate checks it: its facts, with the name masked."""
    certificate = Certificate.objects.filter(number=number).select_related("volunteer__user").first()
    valid = certificate is not None and constant_time_compare(certificate.code, code)
    return render(
        request, "ledger/verify.html", {"certificate": certificate if valid else None}, status=200 if valid else 404
    )


# --- Training ------------------------------------------------------------------------------------------


@scoped("training")
def training_list(request):
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .select_related("trainer", "region")
        .prefetch_related("qualifications")
    )
    if export_format(request):
        return export_response(request, sessions.order_by("-on", "-pk"), TRAINING_COLUMNS, _("Training"))
    return render(request, "ledger/training_list.html", {"page": keyset_page(sessions, request, order="-on")})


@scoped("training")
def training_edit(request):
    regions = regions_in_scope(request.user)
    if not regions.exists():
        raise Http404
    form = TrainingForm(
        post_data(request),
        regions=regions,
        organisers=Organisation.objects.filter(region__in=regions_around(request.user)),
        trainers=User.objects.filter(
            grants__role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR], grants__region__in=regions
        ).distinct(),
        initial={"trainer": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        session = form.save()
        messages.success(request, _("The training has been saved."))
        return redirect("ledger:training_detail", pk=session.pk)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("New training"), "cancel": reverse("ledger:training_list")},
    )


@scoped("training")
def training_detail(request, pk):
    session = get_for_user(
        TrainingSession.objects.select_related("trainer", "organiser").prefetch_related("qualifications"),
        request.user,
        pk,
    )
    if request.method == "POST":
        numbers = [
            n for n in request.POST.get("numbers", "").replace("，", ",").replace("\n", ",").split(",") if n.strip()
        ]
        numbers = [n.strip() for n in numbers]
        volunteers = list(Volunteer.objects.visible_to(request.user).filter(volunteer_number__in=numbers))
        unknown = sorted(set(numbers) - {v.volunteer_number for v in volunteers})
        if unknown:
            messages.error(request, _("Not found in your area: %(numbers)s") % {"numbers": "、".join(unknown)})
        else:
            try:
                count = services.training_record(session=session, volunteers=volunteers, by=request.user)
            except services.LedgerError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Training recorded for %(n)s volunteers.") % {"n": count})
        return redirect("ledger:training_detail", pk=pk)
    grants = session.grants.select_related("volunteer__user")
    return render(request, "ledger/training_detail.html", {"session": session, "page": keyset_page(grants, request)})


# --- Love supermarket ---------------------------------------------------------------------------------


@scoped("ledger_entry")
def shop(request):
    """The love supermarket of the volunteer's community and county, and their points."""
    volunteer = Volunteer.objects.filter(pk=scope_of(request.user).volunteer_id).select_related("region").first()
    if volunteer is None:
        raise Http404
    if request.method == "POST":
        item = ShopItem.objects.filter(
            pk=request.POST.get("item") or 0, region__in=volunteer.region.ancestors()
        ).first()
        if item is None:
            raise Http404
        try:
            services.exchange_make(volunteer=volunteer, item=item)
        except services.LedgerError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Exchanged: %(item)s.") % {"item": item.name})
        return redirect("ledger:shop")
    items = ShopItem.objects.filter(active=True, region__in=volunteer.region.ancestors())
    return render(
        request,
        "ledger/shop.html",
        {
            "items": items,
            "recognition": services.recognition(volunteer),
            "awards": volunteer.awards.all(),
            "evaluations": volunteer.evaluations.all(),
            "exchanges": keyset_page(volunteer.exchanges.select_related("item"), request, order="-at"),
        },
    )


@scoped("ledger_entry")
def record_add(request, pk, what):
    """Staff who may change a volunteer record an award (Art. 9) or a service evaluation (Art. 10)."""
    volunteer = get_for_user(Volunteer.objects.select_related("user"), request.user, pk, change=True)
    if not may_decide(request.user, volunteer):
        raise PermissionDenied  # nobody records their own honours (record_fact refuses them too)
    form_class = {"award": AwardForm, "evaluation": ServiceEvaluationForm}.get(what)
    if form_class is None:
        raise Http404
    form = form_class(post_data(request))
    if request.method == "POST" and form.is_valid():
        services.record_fact(fact=form.save(commit=False), volunteer=volunteer, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("ledger:volunteer_record", pk=volunteer.pk)
    title = _("Record an award") if what == "award" else _("Record a service evaluation")
    cancel = reverse("ledger:volunteer_record", args=[volunteer.pk])
    return render(
        request, "core/form_page.html", {"form": form, "title": f"{title} · {volunteer.user.name}", "cancel": cancel}
    )
