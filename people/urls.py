from django.urls import path

from people import national, pick_views, views

app_name = "people"
urlpatterns = [
    path("join/", views.volunteer_join, name="join"),
    path("join/done/", views.volunteer_join_done, name="join_done"),
    path("me/", views.me, name="me"),
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("volunteers/national-export/", national.volunteer_national_export, name="volunteer_national_export"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:pk>/status/", views.volunteer_status, name="volunteer_status"),
    path("volunteers/<int:pk>/reveal/<str:field_name>/", views.volunteer_reveal, name="volunteer_reveal"),
    path("people/pick/recipients/", pick_views.pick_recipients, name="pick_recipients"),
    path("people/pick/volunteers/", pick_views.pick_volunteers, name="pick_volunteers"),
    path("recipients/", views.recipient_list, name="recipient_list"),
    path("recipients/new/", views.recipient_create, name="recipient_create"),
    path("recipients/<int:pk>/", views.recipient_detail, name="recipient_detail"),
    path("recipients/<int:pk>/edit/", views.recipient_edit, name="recipient_edit"),
    path("recipients/<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path("recipients/<int:pk>/reveal/<str:field_name>/", views.recipient_reveal, name="recipient_reveal"),
]
