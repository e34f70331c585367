"""Every change to a group: create it, add members, move it on one stage at a time, record sessions, end it."""

from django.db import transaction
from django.utils.translation import gettext as _

from groupwork.models import STAGE_ORDER, Group, GroupStage, Member, Session


class GroupError(ValueError):
    """A step the group's state does not allow; the message says why."""


@transaction.atomic
def group_create(*, name: str, region, goals: str, by) -> Group:
    return Group.objects.create(name=name, region=region, goals=goals, social_worker=by)


@transaction.atomic
def member_add(*, group: Group, recipient=None, volunteer=None) -> Member:
    if (recipient is None) == (volunteer is None):
        raise GroupError(_("Choose one person to add."))
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.stage == GroupStage.ENDED:
        raise GroupError(_("The group has ended."))
    member, created = Member.objects.get_or_create(group=group, recipient=recipient, volunteer=volunteer)
    if not created:
        raise GroupError(_("This person is a member already."))
    return member


@transaction.atomic
def group_advance(*, group: Group) -> Group:
    """On to the next stage, never skipping one. The last, ending, needs the evaluation (group_end)."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    position = STAGE_ORDER.index(group.stage)
    following = STAGE_ORDER[position + 1] if position + 1 < len(STAGE_ORDER) else None
    if following is None or following == GroupStage.ENDED:
        raise GroupError(_("End the group with its evaluation."))
    if following == GroupStage.FORMING and not group.members.filter(recipient__isnull=False).exists():
        raise GroupError(_("A group forms only with members."))
    group.stage = following
    group.save(update_fields=["stage"])
    return group


@transaction.atomic
def session_record(*, group: Group, on, plan: str, notes: str, present) -> Session:
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.stage in {GroupStage.PREPARING, GroupStage.ENDED}:
        raise GroupError(_("Sessions are held once the group has formed and until it ends."))
    present = list(present)
    if any(member.group_id != group.pk for member in present):
        raise GroupError(_("Only the group's members can be marked present."))
    number = group.sessions.count() + 1
    session = Session.objects.create(group=group, number=number, on=on, plan=plan, notes=notes)
    session.present.set(present)
    return session


@transaction.atomic
def group_end(*, group: Group, evaluation: str, goals_met: int) -> Group:
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.stage != GroupStage.MATURE:
        raise GroupError(_("A group ends from its mature stage."))
    if not evaluation.strip():
        raise GroupError(_("Write the end-of-group evaluation."))
    group.stage, group.evaluation, group.goals_met = GroupStage.ENDED, evaluation.strip(), goals_met
    group.save(update_fields=["stage", "evaluation", "goals_met"])
    return group


def attendance(group: Group) -> list[dict]:
    """Each member with the sessions attended, for the group page and the evaluation."""
    total = group.sessions.count()
    rows = []
    for member in group.members.select_related("recipient", "volunteer__user"):
        came = member.sessions.count()
        rows.append({"member": member, "came": came, "rate": round(100 * came / total) if total else None})
    return rows
