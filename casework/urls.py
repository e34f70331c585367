from django.urls import path

from casework import views

app_name = "casework"
urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_open, name="open"),
    path("cases/referrals/", views.referral_inbox, name="referrals"),
    path("cases/access-log/", views.access_log, name="access_log"),
    path("cases/archive/", views.archive_list, name="archive"),
    path("cases/archive/<int:pk>/", views.archive_detail, name="archive_detail"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/files/<int:attachment>/", views.attachment_download, name="attachment"),
    path("cases/<int:pk>/<str:step>/", views.case_step, name="step"),
]
