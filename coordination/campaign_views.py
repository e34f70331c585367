"""Pages of a campaign: launching it, its dashboard (targets against the tally of its region, a row per city or
county below, down to the linked activities of a county, for a period of months within the campaign's dates),
joining it and planning activities under it."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity, ActivityStatus
from coordination import services
from coordination.charts import campaign_sections
from coordination.exports import LINK_COLUMNS
from coordination.forms import CampaignForm, JoinForm, LinkForm
from coordination.models import Campaign, CampaignActivity, CoordinationGroup
from coordination.tally import (
    campaign_by_month,
    campaign_figures,
    campaign_months,
    campaign_tallied_below,
    campaign_tally_refresh,
)
from core.access import can_change, get_for_user, scope_of, scoped
from core.export import export_format, export_response
from core.forms import post_data, submit_step
from core.periods import Period, period_from
from regions.models import Level, Region

STALE = datetime.timedelta(minutes=15)


@scoped("coordination_group")
def campaign_new(request, pk):
    group = get_for_user(CoordinationGroup.objects.select_related("region"), request.user, pk, change=True)
    form = CampaignForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_launch(group=group, by=request.user, **form.cleaned_data)
        except services.CoordinationError as error:
            form.add_error(None, str(error))
        else:
            return redirect(campaign)
    return render(request, "coordination/campaign_form.html", {"group": group, "form": form})


def _joinable(user, campaign):
    """Cities and counties below the campaign's region that the user administers and that have not joined."""
    regions = Region.objects.filter(
        level__in=[Level.CITY, Level.COUNTY], path__startswith=campaign.group.region.path
    ).exclude(pk__in=campaign.participations.values("region_id"))
    scope = scope_of(user)
    return regions if scope.everything else regions.within_paths(scope.admin_paths)


def _linkable(user, campaign):
    """Activities the user may change, in a region that joined, within the campaign's dates, not yet linked."""
    joined = Region.objects.filter(pk__in=campaign.participations.values("region_id"))
    start = timezone.make_aware(datetime.datetime.combine(campaign.starts_on, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(campaign.ends_on, datetime.time.max))
    return (
        Activity.objects.changeable_by(user)
        .filter(region__in=Region.objects.within_paths([r.path for r in joined]), starts_at__range=(start, end))
        .filter(campaign_link__isnull=True, status=ActivityStatus.PUBLISHED)
        if joined
        else Activity.objects.none()
    )


def _may_open(user, campaign, region) -> bool:
    """A region of the campaign the user may open: one of the user's areas or below, or a region on the way down
    to one; the group's member units (and whoever sees everything) open every region of the campaign."""
    scope = scope_of(user)
    if scope.everything or campaign.group.members.filter(organisation_id__in=scope.liaison_org_ids).exists():
        return True
    return any(region.path.startswith(path) or path.startswith(region.path) for path in scope.staff_paths)


def _period(params, campaign, today: datetime.date) -> tuple[str, Period, list[str]]:
    """The months shown: the campaign's, up to this month, by default; else the month, quarter, year or custom
    span chosen (core/periods.py, as the stats dashboards read it; a month left out is the campaign's latest up
    to this one), cut to the campaign's months. A month not read falls back to this month and says so, and to
    the campaign's months when this one lies outside them; a period read but wholly outside the campaign's dates
    (the form offers none) is not found."""
    whole = _whole(campaign, today)
    if not any(params.get(key) for key in ("period", "at", "from", "to")):
        return "custom", whole, []
    given = {key: value for key, value in params.items() if value}  # a month left out: the campaign's latest
    at, since = whole.last.strftime("%Y-%m"), whole.first.strftime("%Y-%m")
    kind, period, notices = period_from({"at": at, "from": since, "to": at, **given}, today)
    span = campaign_months(campaign)
    first, last = max(period.first, span.first), min(period.last, span.last)
    if first > last:
        if not notices:
            raise Http404
        return "custom", whole, notices
    return kind, Period(first, last), notices


def _whole(campaign, today: datetime.date) -> Period:
    """The campaign's months up to this one (its first month when it has not started)."""
    span = campaign_months(campaign)
    return Period(span.first, max(span.first, min(span.last, today.replace(day=1))))


def _links(campaign, region, period: Period):
    """The activities under the campaign in `region` starting in `period`, listed from a county down (None above a
    county)."""
    if region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.COMMUNITY):
        return None
    return (
        CampaignActivity.objects.filter(campaign=campaign, activity__region__path__startswith=region.path)
        .filter(activity__starts_at__date__range=(period.first, period.end()))
        .select_related("activity__region", "activity__organiser", "served_reported_by")
        .order_by("activity__starts_at", "pk")
    )


@scoped("campaign")
def campaign_detail(request, pk):
    """The dashboard of the campaign in one of its regions (`?region=` a code); `?export=` downloads the
    activities it lists for that region (a county or below)."""
    campaign = get_for_user(Campaign.objects.select_related("group__region"), request.user, pk)
    top = campaign.group.region
    code = request.GET.get("region")
    region = top if not code else Region.objects.filter(code=code, path__startswith=top.path).first()
    if region is None or not _may_open(request.user, campaign, region):
        raise Http404
    today = timezone.localdate()
    kind, period, notices = _period(request.GET, campaign, today)
    links = _links(campaign, region, period)
    if export_format(request):
        if links is None:
            raise Http404
        rows = links.select_related("activity__lead")
        return export_response(request, rows, LINK_COLUMNS, _("Activities under the campaign"))
    if campaign.tallied_at is None or timezone.now() - campaign.tallied_at > STALE:
        campaign_tally_refresh(campaign)
        campaign.refresh_from_db(fields=["tallied_at"])
    for notice in notices:
        messages.warning(request, notice)
    if campaign.starts_on > today:
        messages.info(
            request,
            _("The campaign starts on %(day)s: nothing is counted before then.")
            % {"day": date_format(campaign.starts_on)},
        )
    whole = _whole(campaign, today)
    below = campaign_tallied_below(campaign, region) if region.level != Level.COUNTY else []
    figures = campaign_figures(campaign, [region, *below], period)
    total, rows = figures[region.pk], [figures[r.pk] for r in below]
    so_far = campaign_figures(campaign, [top])[top.pk] if region == top else None  # the targets' whole span
    links = list(links) if links is not None else None
    changeable = set(
        Activity.objects.changeable_by(request.user)
        .filter(pk__in=[link.activity_id for link in links or []])
        .values_list("pk", flat=True)
    )
    query = urlencode({key: request.GET[key] for key in ("period", "at", "from", "to") if request.GET.get(key)})
    months = campaign_by_month(campaign, region, period)
    sections = campaign_sections(campaign, region, so_far, rows, months, query)
    context = {
        "sections": sections,
        "charts": {section["key"]: section["chart"] for section in sections},
        "campaign": campaign,
        "region": region,
        "trail": [r for r in region.ancestors() if r.path.startswith(top.path)],
        "total": total,
        "so_far": so_far if period != whole else None,
        "partial": period != whole,
        "rows": rows,
        "openable": {row.region.code for row in rows if _may_open(request.user, campaign, row.region)},
        "links": links,
        "changeable": changeable,
        "participations": campaign.participations.select_related("region"),
        "join_form": JoinForm(regions=_joinable(request.user, campaign)),
        "link_form": LinkForm(activities=_linkable(request.user, campaign)),
        "manages": can_change(request.user, campaign),
        "period_kind": kind,
        "period": period,
        "at": request.GET["at"]
        if request.GET.get("at") and kind != "custom" and not notices
        else period.last.strftime("%Y-%m"),
        "months_from": whole.first,
        "months_to": whole.last,
        "keep_region": region.code if region != top else "",
        "query": query,
    }
    return render(request, "coordination/campaign_detail.html", context)


@require_POST
@scoped("campaign")
def campaign_join(request, pk):
    campaign = get_for_user(Campaign.objects.select_related("group__region"), request.user, pk)
    form = JoinForm(request.POST, regions=_joinable(request.user, campaign))
    return submit_step(
        request,
        campaign,
        form,
        lambda data: services.campaign_join(campaign=campaign, by=request.user, **data),
        services.CoordinationError,
    )


@require_POST
@scoped("campaign")
def campaign_link(request, pk):
    campaign = get_for_user(Campaign.objects.select_related("group__region"), request.user, pk)
    linked_here = Activity.objects.changeable_by(request.user).filter(campaign_link__campaign=campaign)
    form = LinkForm(request.POST, activities=_linkable(request.user, campaign) | linked_here)
    if form.is_valid() and linked_here.filter(pk=form.cleaned_data["activity"].pk).exists():
        messages.info(request, _("The activity is planned under this campaign already."))  # a double submit
        return redirect(campaign)
    return submit_step(
        request,
        campaign,
        form,
        lambda data: services.campaign_link(campaign=campaign, by=request.user, **data),
        services.CoordinationError,
    )


@require_POST
@scoped("campaign")
def people_served(request, pk, link):
    campaign = get_for_user(Campaign.objects.all(), request.user, pk)
    link = CampaignActivity.objects.filter(campaign=campaign, pk=link).select_related("campaign").first()
    if link is None:
        raise Http404
    form = LinkForm(request.POST, activities=Activity.objects.filter(pk=link.activity_id))
    form.fields["activity"].required = False
    return submit_step(
        request,
        campaign,
        form,
        lambda data: services.people_served_report(link=link, people_served=data["people_served"], by=request.user),
        services.CoordinationError,
    )
