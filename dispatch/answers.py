"""Dispatch to a department as a way of answering a need, registered with needs in DispatchConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from dispatch import services
from dispatch.forms import DispatchForm
from dispatch.models import DispatchStatus
from needs.answers import AnswerKind, answer_kind_register


def _panel(request, need) -> dict:
    from dispatch.views import need_departments  # the views are imported once every app has loaded

    return {"dispatch_form": DispatchForm(departments=need_departments(need))}


def register() -> None:
    answer_kind_register(
        AnswerKind(
            key="dispatch",
            is_open=lambda need: need.dispatches.open().exists(),
            delivered=lambda need: need.dispatches.filter(status=DispatchStatus.COMPLETED).exists(),
            still_open_message=_("A department has not answered yet."),
            on_need_ended=services.dispatches_withdraw_with_need,
            escalate=services.dispatch_escalate_overdue,
            detail=lambda need: {"dispatches": need.dispatches.select_related("department")},
            panel=_panel,
            view="dispatch.views.need_dispatch_create",
            path="dispatch",
            url_name="dispatch",
        )
    )
