from django.urls import path

from transfer import views

app_name = "transfer"
urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/new/", views.import_new, name="new"),
    path("imports/template/<str:kind>/", views.import_template, name="template"),
    path("imports/<int:pk>/", views.import_detail, name="detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="progress"),
    path("imports/<int:pk>/commit/", views.import_commit, name="commit"),
    path("imports/<int:pk>/rejected/", views.import_rejected, name="rejected"),
]
