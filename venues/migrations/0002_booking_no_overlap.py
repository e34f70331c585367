"""No two pending or confirmed bookings of one room overlap: on PostgreSQL an exclusion constraint over
(room, tstzrange(starts_at, ends_at)) with btree_gist (for the equality on the room in a GiST index). SQLite
has no exclusion constraints; there the booking service's serialised check holds it alone (venues/services.py).
The constraint is not in the model's Meta because Django would then try to create it on SQLite too."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

ADD = """
ALTER TABLE venues_booking ADD CONSTRAINT booking_no_overlap
EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
WHERE (status IN ('pending', 'approved'))
"""
DROP = "ALTER TABLE venues_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_rooms_bookings")]

    operations = [
        BtreeGistExtension(),  # does nothing on other databases
        migrations.RunPython(_on_postgresql(ADD), _on_postgresql(DROP)),
    ]
