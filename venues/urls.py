from django.urls import path

from venues.views import bookings, checkin, manage, official, public

app_name = "venues"
urlpatterns = [
    path("venues/", manage.venue_list, name="venue_list"),
    path("venues/new/", manage.venue_edit, name="venue_create"),
    path("venues/<int:pk>/", manage.venue_week, name="venue_week"),
    path("venues/<int:pk>/edit/", manage.venue_edit, name="venue_edit"),
    path("venues/<int:pk>/closed/", manage.closed_day_add, name="closed_day_add"),
    path("venues/<int:pk>/usage/", manage.venue_usage, name="venue_usage"),
    path("venues/<int:venue_pk>/rooms/new/", manage.room_edit, name="room_create"),
    path("rooms/<int:pk>/", manage.room_week, name="room_week"),
    path("rooms/<int:pk>/edit/", manage.room_edit, name="room_edit"),
    path("rooms/<int:pk>/photos/", manage.photo_add, name="photo_add"),
    path("rooms/<int:pk>/book/", bookings.booking_new, name="booking_new"),
    path("rooms/<int:pk>/qr/", checkin.room_qr, name="room_qr"),
    path("rooms/<int:pk>/qr/renew/", checkin.room_qr_renew, name="room_qr_renew"),
    path("rooms/<int:pk>/check-in/<str:secret>/", checkin.check_in, name="check_in"),
    path("bookings/", bookings.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/<str:action>/", bookings.booking_step, name="booking_step"),
    path("official-days/", official.official_day_list, name="official_days"),
    path("official-days/add/", official.official_day_add, name="official_day_add"),
    path("official-days/paste/", official.official_days_paste, name="official_days_paste"),
    path("official-days/<int:pk>/remove/", official.official_day_remove, name="official_day_remove"),
    path("places/", public.place_list, name="place_list"),
    path("places/<int:pk>/", public.place_detail, name="place_detail"),
    path("room-photos/<int:pk>/", public.photo, name="photo"),
]
