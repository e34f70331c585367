"""A project service as a way of answering a need, registered with needs in ProjectsConfig.ready()."""

from needs.answers import AnswerKind, answer_kind_register
from projects.forms import NeedServiceItemForm


def _panel(request, need) -> dict:
    from projects.views import need_service_items  # the views are imported once every app has loaded

    return {"item_form": NeedServiceItemForm(items=need_service_items(need))}


def register() -> None:
    answer_kind_register(
        AnswerKind(
            key="service_item",
            panel=_panel,
            view="projects.views.need_service_item_link",
            path="service-item",
            url_name="service_item",
        )
    )
