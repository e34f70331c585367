from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/new/", views.organisation_edit, name="create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/apply/", views.team_apply, name="team_apply"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path(
        "teams/<int:pk>/applications/<int:membership_pk>/<str:decision>/",
        views.membership_decide,
        name="membership_decide",
    ),
]
