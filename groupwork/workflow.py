"""The steps of a group (MZ/T 095-2017) as one table: 筹备 → 形成 → 转折 → 成熟 → 结束, one stage at a time.

Members join until the group ends; sessions are held between forming and ending. Every step is taken by a
worker of the group's community and leaves a GroupEvent."""

from django.utils.translation import gettext_lazy as _

from core.access import can_change
from core.workflow import Actor, Step, Workflow
from groupwork.models import Group, GroupAction, GroupEvent, GroupStage


class GroupError(ValueError):
    """A step the group's state does not allow; the message says why."""


def group_event_record(group: Group, *, action: str, from_status: str, to_status: str, by, note: str = ""):
    return GroupEvent.objects.create(
        group=group, action=action, from_status=from_status, to_status=to_status, by=by, note=note
    )


OPEN = frozenset({GroupStage.PREPARING, GroupStage.FORMING, GroupStage.TRANSITION, GroupStage.MATURE})
MEETING = frozenset({GroupStage.FORMING, GroupStage.TRANSITION, GroupStage.MATURE})
NEXT = _("End the group with its evaluation.")

GROUP_FLOW = Workflow(
    model=Group,
    error=GroupError,
    record=group_event_record,
    actors={"staff": Actor(can_change, _("Only the workers of the group's community can do this."))},
    action_label=lambda action: GroupAction(action).label,
    status_label=lambda status: GroupStage(status).label,
    steps={
        GroupAction.FORM: Step(frozenset({GroupStage.PREPARING}), GroupStage.FORMING, "staff", refusal=NEXT),
        GroupAction.TURN: Step(frozenset({GroupStage.FORMING}), GroupStage.TRANSITION, "staff", refusal=NEXT),
        GroupAction.MATURE: Step(frozenset({GroupStage.TRANSITION}), GroupStage.MATURE, "staff", refusal=NEXT),
        GroupAction.END: Step(
            frozenset({GroupStage.MATURE}), GroupStage.ENDED, "staff", refusal=_("A group ends from its mature stage.")
        ),
        GroupAction.MEMBER: Step(OPEN, None, "staff", refusal=_("The group has ended.")),
        GroupAction.SESSION: Step(
            MEETING, None, "staff", refusal=_("Sessions are held once the group has formed and until it ends.")
        ),
    },
)

# "On to the next stage" takes the one step that leads on from the group's status.
ADVANCE = {
    GroupStage.PREPARING: GroupAction.FORM,
    GroupStage.FORMING: GroupAction.TURN,
    GroupStage.TRANSITION: GroupAction.MATURE,
}
