import uuid

from django.urls import path, register_converter
from django.utils.module_loading import import_string

from needs import edit_views, task_views, views
from needs.answers import answer_kinds


class HexToken:
    """A feedback token as 32 hex digits: the short link an SMS of 70 characters carries whole."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value):
        return uuid.UUID(hex=value)

    def to_url(self, value):
        return value.hex


register_converter(HexToken, "hextoken")

app_name = "needs"
urlpatterns = [
    path("needs/", views.need_list, name="list"),
    path("needs/new/", views.need_create, name="create"),
    path("needs/visit/", views.home_visit_create, name="home_visit"),
    path("needs/ask/", views.resident_request, name="ask"),
    path("needs/mine/", views.my_requests, name="mine"),
    path("needs/<int:pk>/", views.need_detail, name="detail"),
    path("needs/<int:pk>/edit/", edit_views.need_edit, name="edit"),
    path("needs/<int:pk>/triage/", views.need_triage, name="triage"),
    path("needs/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    # The other answers (dispatch, service item, resource, case) are the views of the apps that own them,
    # registered in needs.answers; their URLs keep the need's path and the needs: names.
    *(
        path(f"needs/<int:pk>/{kind.path}/", import_string(kind.view), name=kind.url_name)
        for kind in answer_kinds()
        if kind.view
    ),
    path("needs/<int:pk>/served/", views.mark_served, name="served"),
    path("needs/<int:pk>/close/", views.need_close, name="close"),
    path("feedback/<uuid:token>/", views.feedback, name="feedback"),
    path("f/<hextoken:token>/", views.feedback, name="feedback_short"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/service/enter/", task_views.task_time_enter, name="task_time_enter"),
    path("tasks/<int:pk>/service/<int:time_pk>/confirm/", task_views.task_time_confirm_view, name="task_time_confirm"),
    path("tasks/<int:pk>/service/<str:step>/", task_views.task_time_step, name="task_time_step"),
    path("tasks/<int:pk>/<str:answer>/", views.task_respond, name="task_respond"),
]
