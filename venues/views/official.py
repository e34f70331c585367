"""The official holiday schedule entered by hand, for the years the built-in calendar does not hold: its keepers
(the back office and the admins of a province) list, add, paste and remove days; everyone else gets 404."""

from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scope_of, scoped
from core.forms import errors_as_messages
from core.paging import keyset_page
from venues import calendar, official_days, selectors
from venues.access import keeps_national_calendar
from venues.forms import OfficialDayForm, OfficialDaysPasteForm
from venues.models import OfficialDay

CHANGES_PER_PAGE = 20


def _keeper_only(request):
    if not keeps_national_calendar(scope_of(request.user)):
        raise Http404


def _page(request, *, paste_form=None, problems=(), status=200):
    days = OfficialDay.objects.visible_to(request.user).order_by("on")
    context = {
        "years": [(year, list(group)) for year, group in groupby(days, key=lambda day: day.on.year)],
        "known_until": calendar.KNOWN_UNTIL,
        "page": keyset_page(
            selectors.official_day_changes(request.user), request, order="-at", per_page=CHANGES_PER_PAGE
        ),
        "day_form": OfficialDayForm(),
        "paste_form": paste_form or OfficialDaysPasteForm(),
        "problems": problems,
    }
    return render(request, "venues/official_days.html", context, status=status)


@scoped("official_day")
def official_day_list(request):
    _keeper_only(request)
    return _page(request)


@require_POST
@scoped("official_day")
def official_day_add(request):
    _keeper_only(request)
    form = OfficialDayForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("venues:official_days")
    try:
        official_days.official_day_add(by=request.user, **form.cleaned_data)
    except official_days.OfficialDayError as error:
        for problem in error.problems:
            messages.error(request, problem)
    else:
        messages.success(request, _("Saved."))
    return redirect("venues:official_days")


@require_POST
@scoped("official_day")
def official_days_paste(request):
    _keeper_only(request)
    form = OfficialDaysPasteForm(request.POST)
    if not form.is_valid():
        return _page(request, paste_form=form, status=400)
    try:
        added = official_days.official_days_paste(text=form.cleaned_data["text"], by=request.user)
    except official_days.OfficialDayError as error:
        return _page(request, paste_form=form, problems=error.problems, status=400)
    messages.success(request, _("%(count)s days added.") % {"count": len(added)})
    return redirect("venues:official_days")


@require_POST
@scoped("official_day")
def official_day_remove(request, pk):
    day = get_for_user(OfficialDay.objects.all(), request.user, pk, change=True)
    official_days.official_day_remove(day=day, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("venues:official_days")
