from django.urls import path

from dispatch import contact, views

app_name = "dispatch"
urlpatterns = [
    path("dispatches/", views.dispatch_list, name="list"),
    path("dispatches/coordination/", views.coordination, name="coordination"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="detail"),
    path("dispatches/<int:pk>/contact/<str:field_name>/", contact.dispatch_contact_reveal, name="contact"),
    path("dispatches/<int:pk>/withdraw/", views.dispatch_withdraw, name="withdraw"),
    path("dispatches/<int:pk>/<str:answer>/", views.dispatch_answer, name="answer"),
]
