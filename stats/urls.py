from django.urls import path

from stats import views

app_name = "stats"
urlpatterns = [
    path("stats/", views.dashboard_home, name="home"),
    path("stats/reports/", views.reports, name="reports"),
    path("stats/reports/download/", views.report_download, name="report_download"),
    path("stats/<str:code>/", views.dashboard, name="dashboard"),
]
