"""The steps of a supervised item (督办) as one table: open → reported → closed; the owner unit reports
progress and completion, the group's managers close it or return it, and the product marks it overdue
(and escalates it) when its deadline passes."""

from django.utils.translation import gettext_lazy as _

from coordination.models import ItemAction, ItemEvent, ItemStatus, SupervisedItem
from core.access import can_change
from core.workflow import SYSTEM, Actor, Step, Workflow


class ItemError(ValueError):
    """A step the item's state or the user's role does not allow; the message says why."""


def manages(user, item) -> bool:
    """The admins of the group's region manage its items."""
    from coordination.models import CoordinationGroup

    return CoordinationGroup.objects.changeable_by(user).filter(pk=item.group_id).exists()


def item_event_record(item, *, action, from_status, to_status, by, note=""):
    return ItemEvent.objects.create(
        item=item, action=action, from_status=from_status, to_status=to_status, by=by, note=note
    )


WORKING = frozenset({ItemStatus.OPEN, ItemStatus.OVERDUE})

ITEM_FLOW = Workflow(
    model=SupervisedItem,
    error=ItemError,
    record=item_event_record,
    actors={
        "owner": Actor(can_change, _("Only the owner unit or the group's managers report on this item.")),
        "manager": Actor(manages, _("Only the administrators of the group's region decide this.")),
    },
    steps={
        ItemAction.PROGRESS: Step(
            WORKING, None, "owner", refusal=_("Only an item still being worked on takes progress reports.")
        ),
        ItemAction.REPORT: Step(
            WORKING, ItemStatus.REPORTED, "owner", refusal=_("Only an item still being worked on can be reported done.")
        ),
        ItemAction.CLOSE: Step(
            frozenset({ItemStatus.REPORTED}),
            ItemStatus.CLOSED,
            "manager",
            not_own=True,
            own_refusal=_("You reported this item done: another administrator closes it."),
            refusal=_("Only an item reported done can be closed."),
        ),
        ItemAction.RETURN: Step(
            frozenset({ItemStatus.REPORTED}),
            ItemStatus.OPEN,
            "manager",
            refusal=_("Only an item reported done can be returned."),
        ),
        ItemAction.ESCALATE: Step(frozenset({ItemStatus.OPEN}), ItemStatus.OVERDUE, SYSTEM),
    },
    action_label=lambda action: ItemAction(action).label,
    status_label=lambda status: ItemStatus(status).label,
    refusal=_("“%(action)s” cannot be done while the item is “%(status)s”."),
)
