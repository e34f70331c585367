from django.urls import path

from mediation import views

app_name = "mediation"
urlpatterns = [
    path("disputes/", views.dispute_list, name="list"),
    path("disputes/<int:pk>/", views.dispute_detail, name="detail"),
    path("disputes/<int:pk>/<str:step>/", views.dispute_step, name="step"),
]
