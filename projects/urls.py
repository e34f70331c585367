from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/new/", views.project_edit, name="create"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/evaluation/", views.project_evaluation, name="evaluation"),
    path("projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("projects/<int:pk>/add/<str:what>/", views.project_add, name="add"),
    path("projects/<int:pk>/book/", views.project_book, name="book"),
    path("public/<str:code>/", views.published_lists, name="published"),
]
