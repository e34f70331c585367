from django.urls import path

from signin import views

app_name = "signin"
urlpatterns = [
    path("account/", views.security, name="security"),
    path("account/two-factor/", views.enrol, name="enrol"),
    path("account/two-factor/verify/", views.verify, name="verify"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/two-factor/off/", views.disable, name="disable"),
    path("account/password/", views.password_change, name="password_change"),
]
