from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/new/", views.activity_edit, name="create"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:pk>/signup/", views.signup, name="signup"),
    path("activities/<int:pk>/cancel/", views.signup_cancel, name="cancel"),
    path("activities/<int:pk>/manage/", views.activity_manage, name="manage"),
    path("activities/<int:pk>/roll/", views.activity_roll, name="roll"),
    path("activities/<int:pk>/manage/<str:action>/<int:item>/", views.manage_action, name="manage_action"),
    path("activities/<int:pk>/qr/", views.activity_qr, name="qr"),
    path("attend/<str:token>/", views.attend, name="attend"),
    path("attend-submit/<str:action>/", views.attend_submit, name="attend_submit"),
]
