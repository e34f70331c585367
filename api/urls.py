from django.urls import path

from api import views

app_name = "tokens"
urlpatterns = [
    path("me/tokens/", views.token_list, name="list"),
    path("me/tokens/new/", views.token_create, name="create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
