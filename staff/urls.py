from django.urls import path

from staff import duty_views, views

app_name = "staff"
urlpatterns = [
    path("staff/", views.staff_list, name="list"),
    path("staff/new/", views.staff_create, name="create"),
    path("staff/<int:pk>/", views.staff_detail, name="detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="edit"),
    path("staff/<int:pk>/invite/", views.staff_invite, name="invite"),
    path("staff/<int:pk>/grants/new/", views.grant_add, name="grant_add"),
    path("staff/<int:pk>/grants/<int:grant_pk>/end/", views.grant_end, name="grant_end"),
    path("staff/<int:pk>/leads/<int:membership_pk>/end/", views.leadership_end, name="leadership_end"),
    path("staff/<int:pk>/end/", views.staff_end, name="end"),
    path("staff/<int:pk>/restore/", views.staff_restore, name="restore"),
    path("duty/", duty_views.duty_roster, name="duty"),
    path("duty/<int:pk>/remove/", duty_views.duty_shift_remove, name="duty_remove"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
]
