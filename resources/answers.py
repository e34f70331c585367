"""A resource as a way of answering a need, registered with needs in ResourcesConfig.ready()."""

from needs.answers import AnswerKind, answer_kind_register
from resources.forms import ResourceUseForm


def _panel(request, need) -> dict:
    from resources.views import need_resources  # the views are imported once every app has loaded

    return {"resource_form": ResourceUseForm(resources=need_resources(need))}


def register() -> None:
    answer_kind_register(
        AnswerKind(
            key="resource",
            panel=_panel,
            view="resources.views.need_resource_use",
            path="resource",
            url_name="resource_use",
        )
    )
