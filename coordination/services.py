"""Changes to coordination groups, their meetings, supervised items and campaigns. Each checks that the user
may make it (the views check too; a service called directly refuses the same), in one transaction."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityStatus
from coordination import notify
from coordination.models import (
    Campaign,
    CampaignActivity,
    CoordinationGroup,
    GroupMember,
    ItemAction,
    ItemStatus,
    Meeting,
    Participation,
    SupervisedItem,
)
from coordination.tally import campaign_tally_refresh
from coordination.workflow import ITEM_FLOW, ItemError, item_event_record
from core.access import scope_of
from orgs.models import Kind, Organisation
from regions.models import Level, Region


class CoordinationError(ValueError):
    pass


def _manage(user, group: CoordinationGroup) -> None:
    if not CoordinationGroup.objects.changeable_by(user).filter(pk=group.pk).exists():
        raise CoordinationError(_("Only the administrators of the group's region manage it."))


def _units_of(group: CoordinationGroup, organisations) -> list[Organisation]:
    """The units given, each a member of the group (refused otherwise)."""
    members = set(group.members.values_list("organisation_id", flat=True))
    units = list(organisations)
    if any(unit.pk not in members for unit in units):
        raise CoordinationError(_("Only member units of the group can be named."))
    return units


@transaction.atomic
def group_create(*, region: Region, name: str, by, description: str = "") -> CoordinationGroup:
    if not _admin_of(by, region):
        raise CoordinationError(_("Only an administrator of %(region)s sets up its group.") % {"region": region})
    if CoordinationGroup.objects.filter(region=region, name=name.strip()).exists():
        raise CoordinationError(_("This region has a coordination group of this name already."))
    return CoordinationGroup.objects.create(region=region, name=name.strip(), description=description)


def _admin_of(user, region: Region) -> bool:
    scope = scope_of(user)
    return scope.everything or any(region.path.startswith(path) for path in scope.admin_paths)


@transaction.atomic
def member_add(*, group: CoordinationGroup, organisation: Organisation, role: str, representative: str, by):
    """Add a department or organisation of the group's region or below as a member unit."""
    _manage(by, group)
    if organisation.kind == Kind.TEAM or not organisation.region.path.startswith(group.region.path):
        raise CoordinationError(_("A member unit is a department or organisation of the group's region or below."))
    try:
        with transaction.atomic():
            return GroupMember.objects.create(
                group=group, organisation=organisation, role=role, representative=representative.strip()
            )
    except IntegrityError:
        raise CoordinationError(_("This unit is a member already, or the group has a convenor already.")) from None


@transaction.atomic
def member_remove(*, member: GroupMember, by) -> None:
    _manage(by, member.group)
    if (
        SupervisedItem.objects.filter(group=member.group, owner=member.organisation)
        .exclude(status=ItemStatus.CLOSED)
        .exists()
    ):
        raise CoordinationError(_("This unit still owns open supervised items."))
    member.delete()


@transaction.atomic
def office_set(*, group: CoordinationGroup, organisation: Organisation | None, by) -> CoordinationGroup:
    _manage(by, group)
    if organisation is not None:
        _units_of(group, [organisation])
    group.office = organisation
    group.save(update_fields=["office"])
    return group


@transaction.atomic
def meeting_record(
    *, group: CoordinationGroup, title: str, held_on: datetime.date, attendees, minutes: str, decisions, by
) -> Meeting:
    """A meeting with its attending units and minutes; each decision (text, owner unit, deadline) becomes a
    supervised item."""
    _manage(by, group)
    if held_on > timezone.localdate():
        raise CoordinationError(_("A meeting is recorded once it has been held."))
    units = _units_of(group, attendees)
    if not units:
        raise CoordinationError(_("Name the units that attended."))
    _units_of(group, [owner for _text, owner, _deadline in decisions])
    meeting = Meeting.objects.create(group=group, title=title.strip(), held_on=held_on, minutes=minutes, created_by=by)
    meeting.attendees.set(units)
    for text, owner, deadline in decisions:
        item_create(meeting=meeting, decision=text, owner=owner, deadline=deadline, by=by)
    return meeting


@transaction.atomic
def item_create(*, meeting: Meeting, decision: str, owner: Organisation, deadline: datetime.date, by):
    _manage(by, meeting.group)
    _units_of(meeting.group, [owner])
    if deadline < meeting.held_on:
        raise CoordinationError(_("The deadline is before the meeting."))
    if not decision.strip():
        raise CoordinationError(_("Write the decision."))
    item = SupervisedItem.objects.create(
        group=meeting.group, meeting=meeting, decision=decision.strip(), owner=owner, deadline=deadline
    )
    item_event_record(item, action=ItemAction.CREATE, from_status="", to_status=item.status, by=by)
    notify.item_assigned(item)
    return item


@transaction.atomic
def item_progress(*, item: SupervisedItem, by, note: str) -> SupervisedItem:
    if not note.strip():
        raise ItemError(_("Write what has been done."))
    return ITEM_FLOW.take(item, ItemAction.PROGRESS, by=by, note=note.strip())


@transaction.atomic
def item_report(*, item: SupervisedItem, by, note: str) -> SupervisedItem:
    if not note.strip():
        raise ItemError(_("Write what has been done."))
    return ITEM_FLOW.take(item, ItemAction.REPORT, by=by, note=note.strip(), changes={"reported_by": by})


@transaction.atomic
def item_close(*, item: SupervisedItem, by, note: str = "") -> SupervisedItem:
    return ITEM_FLOW.take(item, ItemAction.CLOSE, by=by, note=note.strip())


@transaction.atomic
def item_return(*, item: SupervisedItem, by, note: str) -> SupervisedItem:
    if not note.strip():
        raise ItemError(_("Give a reason."))
    return ITEM_FLOW.take(item, ItemAction.RETURN, by=by, note=note.strip())


def items_escalate(*, now: datetime.datetime | None = None) -> int:
    """Items still open after their deadline become overdue; the group's admins and the owner unit's liaisons
    are told (once per item and day). Run by the periodic task every half hour."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = list(SupervisedItem.objects.filter(status=ItemStatus.OPEN, deadline__lt=today).values_list("pk", flat=True))
    for pk in late:
        with transaction.atomic():
            item = SupervisedItem.objects.get(pk=pk)
            item = ITEM_FLOW.take(
                item,
                ItemAction.ESCALATE,
                by=None,
                automatic=True,
                note=f"{item.deadline.year}年{item.deadline.month}月{item.deadline.day}日",
                changes={"escalated_at": now},
            )
            notify.item_overdue(item, today)
    return len(late)


@transaction.atomic
def campaign_launch(
    *, group: CoordinationGroup, title, description, starts_on, ends_on, target_volunteers, target_hours,
    target_people_served, by,
) -> Campaign:  # fmt: skip
    _manage(by, group)
    if ends_on < starts_on:
        raise CoordinationError(_("The campaign ends before it starts."))
    return Campaign.objects.create(
        group=group, title=title.strip(), description=description, starts_on=starts_on, ends_on=ends_on,
        target_volunteers=target_volunteers, target_hours=target_hours, target_people_served=target_people_served,
        created_by=by,
    )  # fmt: skip


@transaction.atomic
def campaign_join(*, campaign: Campaign, region: Region, plan: str, by) -> Participation:
    """A city or county below the campaign's region joins it, by its own administrator."""
    if region.level not in (Level.CITY, Level.COUNTY) or not region.path.startswith(campaign.group.region.path):
        raise CoordinationError(_("A city or county within the campaign's region joins it."))
    if not _admin_of(by, region):
        raise CoordinationError(_("Only an administrator of %(region)s joins for it.") % {"region": region})
    if campaign.ends_on < timezone.localdate():
        raise CoordinationError(_("The campaign has ended."))
    participation, created = Participation.objects.get_or_create(
        campaign=campaign, region=region, defaults={"plan": plan.strip(), "joined_by": by}
    )
    if not created:
        raise CoordinationError(_("This region has joined the campaign already."))
    return participation


def _joined_region(campaign: Campaign, region: Region) -> Participation | None:
    return (
        Participation.objects.filter(campaign=campaign, region__path__in=region.paths_above)
        .order_by("-region__depth")
        .first()
    )


@transaction.atomic
def campaign_link(*, campaign: Campaign, activity: Activity, by, people_served: int = 0) -> CampaignActivity:
    """Plan a published activity under the campaign: the activity lies in a region that joined, falls within the
    campaign's dates, and the user may change it. Planning it again under the same campaign (a double submit)
    answers the link already made; the activity's row is locked so that two at once do not both insert."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    existing = CampaignActivity.objects.filter(activity=activity).first()
    if existing is not None and existing.campaign_id == campaign.pk:
        return existing
    if not Activity.objects.changeable_by(by).filter(pk=activity.pk).exists():
        raise CoordinationError(_("You may not change this activity."))
    if activity.status != ActivityStatus.PUBLISHED:
        raise CoordinationError(_("Only a published activity is planned under a campaign."))
    if _joined_region(campaign, activity.region) is None:
        raise CoordinationError(_("The activity's region has not joined the campaign."))
    day = timezone.localdate(activity.starts_at)
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise CoordinationError(_("The activity is outside the campaign's dates."))
    if existing is not None:
        raise CoordinationError(_("This activity is planned under a campaign already."))
    _check_begun(activity, people_served)
    link = CampaignActivity.objects.create(
        campaign=campaign, activity=activity, people_served=people_served, linked_by=by,
        served_reported_by=by if people_served else None, served_reported_at=timezone.now() if people_served else None,
    )  # fmt: skip
    campaign_tally_refresh(campaign)
    return link


def _check_begun(activity: Activity, people_served: int) -> None:
    """People served are counted from what happened: none before the activity has begun."""
    if people_served and activity.starts_at > timezone.now():
        raise CoordinationError(_("People served are reported once the activity has begun."))


@transaction.atomic
def people_served_report(*, link: CampaignActivity, people_served: int, by) -> CampaignActivity:
    """The organiser's count of people served, recorded with who reported it and when."""
    if not Activity.objects.changeable_by(by).filter(pk=link.activity_id).exists():
        raise CoordinationError(_("You may not change this activity."))
    _check_begun(link.activity, people_served)
    link.people_served = people_served
    link.served_reported_by = by
    link.served_reported_at = timezone.now()
    link.save(update_fields=["people_served", "served_reported_by", "served_reported_at"])
    campaign_tally_refresh(link.campaign)
    return link
