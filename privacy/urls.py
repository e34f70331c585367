from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/privacy/", views.mine, name="mine"),
    path("me/privacy/copy/", views.copy_page, name="copy"),
    path("me/privacy/copy.json", views.copy_json, name="copy_json"),
    path("me/privacy/requests/new/", views.request_create, name="request_create"),
    path("privacy/requests/", views.request_list, name="request_list"),
    path("privacy/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("privacy/requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("recipients/<int:pk>/copy/", views.recipient_copy, name="recipient_copy"),
]
