from django.urls import path

from resources import views

app_name = "resources"
urlpatterns = [
    path("resources/", views.resource_list, name="list"),
    path("resources/new/", views.resource_edit, name="create"),
    path("resources/<int:pk>/", views.resource_detail, name="detail"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="edit"),
]
