"""Pages of a campaign: launching it, its dashboard (targets against the tally of its region, a row per city or
county below, down to the linked activities of a county), joining it and planning activities under it."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity, ActivityStatus
from coordination import services
from coordination.charts import campaign_sections
from coordination.exports import LINK_COLUMNS
from coordination.forms import CampaignForm, JoinForm, LinkForm
from coordination.models import Campaign, CampaignActivity, CampaignTally, CoordinationGroup
from coordination.tally import campaign_tally_refresh
from core.access import can_change, get_for_user, scope_of, scoped
from core.export import export_format, export_response
from core.forms import post_data, submit_step
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


def _links(campaign, region):
    """The activities under the campaign in `region`, listed from a county down (None above a county)."""
    if region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.COMMUNITY):
        return None
    return (
        CampaignActivity.objects.filter(campaign=campaign, activity__region__path__startswith=region.path)
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
    links = _links(campaign, region)
    if export_format(request):
        if links is None:
            raise Http404
        rows = links.select_related("activity__lead")
        return export_response(request, rows, LINK_COLUMNS, _("Activities under the campaign"))
    if campaign.tallied_at is None or timezone.now() - campaign.tallied_at > STALE:
        campaign_tally_refresh(campaign)
        campaign.refresh_from_db(fields=["tallied_at"])
    tallies = CampaignTally.objects.filter(campaign=campaign).select_related("region")
    total = tallies.filter(region=region).first()
    rows = tallies.filter(region__parent=region) if region.level != Level.COUNTY else tallies.none()
    links = list(links) if links is not None else None
    changeable = set(
        Activity.objects.changeable_by(request.user)
        .filter(pk__in=[link.activity_id for link in links or []])
        .values_list("pk", flat=True)
    )
    sections = campaign_sections(campaign, region, total, list(rows))
    context = {
        "sections": sections,
        "charts": {section["key"]: section["chart"] for section in sections},
        "campaign": campaign,
        "region": region,
        "trail": [r for r in region.ancestors() if r.path.startswith(top.path)],
        "total": total,
        "rows": rows,
        "openable": {row.region.code for row in rows if _may_open(request.user, campaign, row.region)},
        "links": links,
        "changeable": changeable,
        "participations": campaign.participations.select_related("region"),
        "join_form": JoinForm(regions=_joinable(request.user, campaign)),
        "link_form": LinkForm(activities=_linkable(request.user, campaign)),
        "manages": can_change(request.user, campaign),
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
