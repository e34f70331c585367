"""The home page of each role, and the switches every page offers."""

from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.access import public, scope_of, signed_in
from dispatch.models import Dispatch
from needs.models import Need, Status, Task, TaskStatus
from orgs.models import MembershipStatus, Organisation, TeamMembership
from people.models import Volunteer
from qianniu.queues import home_queues
from regions.models import Region
from stats.presentation import home_counts
from stats.rollup import catch_up
from stats.selectors import figures_for_paths

ELDER_MODE_COOKIE = "elder_mode"


@signed_in
def home(request):
    user = request.user
    scope = scope_of(user)
    context = {"scope": scope, "queues": home_queues(user)}
    if scope.everything or scope.staff_paths:
        needs = Need.objects.visible_to(user)
        escalated = needs.filter(escalated_at__isnull=False, status__in=[Status.NEW, Status.TRIAGED])
        context["escalated_needs"] = escalated.select_related("recipient", "service_field")[:20]
        context["escalated_need_count"] = escalated.count()  # the short list links to all of them
        late = Dispatch.objects.visible_to(user).open().filter(escalated_at__isnull=False)
        context["escalated_dispatches"] = late.select_related("department", "need")[:20]
        context["escalated_dispatch_count"] = late.count()
        # The counts (volunteers, teams, organisations, needs, recipients and their groups) read the rollups
        # (stats), brought up to date first: a live COUNT and GROUP BY over a county of 76,000 volunteers made
        # this page 4.2 times slower (docs/benchmarks.md).
        catch_up(wait=False)
        paths = (
            scope.staff_paths
            if not scope.everything
            else tuple(Region.objects.filter(depth=0).values_list("path", flat=True))
        )
        context.update(home_counts(figures_for_paths(paths, timezone.localdate())))
    if scope.everything or scope.admin_paths:
        from privacy.models import PIRequest

        waiting = PIRequest.objects.changeable_by(user).waiting()
        context["pi_requests"] = waiting.select_related("requester").order_by("due_on", "pk")[:20]
        context["pi_request_count"] = waiting.count()  # the short list links to all of them
    if scope.led_team_ids:
        context["led_teams"] = Organisation.objects.filter(pk__in=scope.led_team_ids).annotate(
            members=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPROVED)),
            waiting=Count("memberships", filter=Q(memberships__status=MembershipStatus.PENDING)),
        )
    if scope.liaison_org_ids:
        context["departments"] = Organisation.objects.filter(pk__in=scope.liaison_org_ids).select_related("region")
        context["department_open"] = Dispatch.objects.visible_to(user).open().count()
    if scope.volunteer_id:
        context["offered_tasks"] = Task.objects.filter(
            volunteer_id=scope.volunteer_id, status=TaskStatus.OFFERED
        ).count()
        context["volunteer"] = Volunteer.objects.select_related("region").get(pk=scope.volunteer_id)
        context["memberships"] = TeamMembership.objects.filter(volunteer_id=scope.volunteer_id).select_related("team")
    return render(request, "qianniu/home.html", context)


def _back(request, fallback="/"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


@require_POST
@public
def elder_mode(request):
    """Turn the large-text mode (长辈版) on or off for this browser."""
    response = _back(request)
    if request.POST.get("on") == "1":
        response.set_cookie(ELDER_MODE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(ELDER_MODE_COOKIE)
    return response
