from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from api.main import api_urls
from core.access import public
from people.forms import PhoneAuthenticationForm
from qianniu import queues, views, week

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        # Attempts are limited per account and per client address by django-axes (signin.lockout).
        public(
            auth_views.LoginView.as_view(authentication_form=PhoneAuthenticationForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
    path("waiting/<str:key>/", queues.waiting, name="waiting"),
    path("me/week/", week.week, name="week"),
    path("", include("signin.urls")),
    path("", include("people.urls")),
    path("", include("orgs.urls")),
    path("", include("needs.urls")),
    path("", include("dispatch.urls")),
    path("", include("resources.urls")),
    path("", include("projects.urls")),
    path("", include("activities.urls")),
    path("", include("ledger.urls")),
    path("", include("matching.urls")),
    path("", include("casework.urls")),
    path("", include("groupwork.urls")),
    path("", include("mediation.urls")),
    path("", include("privacy.urls")),
    path("", include("staff.urls")),
    path("", include("notifications.urls")),
    path("", include("stats.urls")),
    path("", include("transfer.urls")),
    path("", include("venues.urls")),
    path("", include("coordination.urls")),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    path("api/v1/", api_urls()),
]
