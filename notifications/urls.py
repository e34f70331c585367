from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="open"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/wechat/bind/", views.wechat_bind, name="wechat_bind"),
    path("notifications/wechat/bound/", views.wechat_bound, name="wechat_bound"),
    path("notifications/outbox/", views.outbox_list, name="outbox"),
    path("notifications/outbox/<int:pk>/", views.message_detail, name="message"),
    path("notifications/outbox/<int:pk>/resend/", views.message_resend, name="resend"),
    path("notifications/receipts/<str:provider>/<str:token>/", views.receipts, name="receipts"),
]
