from django.urls import path

from stats import views

app_name = "stats"
urlpatterns = [
    path("stats/", views.dashboard_home, name="home"),
    path("stats/<str:code>/", views.dashboard, name="dashboard"),
]
