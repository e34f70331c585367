from django.urls import path

from groupwork import views

app_name = "groupwork"
urlpatterns = [
    path("groups/", views.group_list, name="list"),
    path("groups/<int:pk>/", views.group_detail, name="detail"),
    path("groups/<int:pk>/<str:step>/", views.group_step, name="step"),
    path("groups/<int:pk>/sessions/<int:number>/<str:action>/", views.session_step, name="session_step"),
]
