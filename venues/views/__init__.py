"""Pages of venues: management and bookings (manage.py, bookings.py), the room's QR code and check-in
(checkin.py), and the public pages for residents (public.py)."""
