from django.urls import path

from matching import recruit_views, views

app_name = "matching"
urlpatterns = [
    path("matching/", views.run_list, name="list"),
    path("matching/<int:pk>/", views.run_detail, name="detail"),
    path("matching/<int:pk>/progress/", views.run_progress, name="progress"),
    path("matching/<int:pk>/accept/", views.run_accept, name="accept"),
    path("matching/<int:pk>/reject/", views.run_reject, name="reject"),
    path("matching/<int:pk>/proposals/<int:proposal>/change/", views.proposal_change, name="change"),
    path("matching/activities/<int:pk>/recruit/", recruit_views.activity_recruit, name="recruit"),
    path("matching/activities/<int:pk>/invite/", recruit_views.activity_invite_chosen, name="invite"),
]
