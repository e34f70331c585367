from django.urls import path

from coordination import campaign_views, views

app_name = "coordination"
urlpatterns = [
    path("coordination/", views.group_list, name="list"),
    path("coordination/<int:pk>/", views.group_detail, name="group"),
    path("coordination/<int:pk>/members/", views.member_add, name="member_add"),
    path("coordination/<int:pk>/members/<int:member>/remove/", views.member_remove, name="member_remove"),
    path("coordination/<int:pk>/office/", views.office_set, name="office"),
    path("coordination/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("coordination/<int:pk>/campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("coordination/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("coordination/items/<int:pk>/", views.item_detail, name="item"),
    path("coordination/items/<int:pk>/<str:step>/", views.item_step, name="item_step"),
    path("coordination/campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("coordination/campaigns/<int:pk>/join/", campaign_views.campaign_join, name="campaign_join"),
    path("coordination/campaigns/<int:pk>/link/", campaign_views.campaign_link, name="campaign_link"),
    path("coordination/campaigns/<int:pk>/links/<int:link>/", campaign_views.people_served, name="people_served"),
]
