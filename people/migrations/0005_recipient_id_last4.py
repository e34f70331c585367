from django.db import migrations, models


def fill_id_last4(apps, schema_editor):
    """The last four characters of each recorded ID number, which every masked form shows already."""
    Recipient = apps.get_model("people", "Recipient")
    for recipient in Recipient.objects.exclude(id_number="").only("pk", "id_number").iterator(chunk_size=1000):
        Recipient.objects.filter(pk=recipient.pk).update(id_last4=recipient.id_number[-4:].upper())


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_consent_withdrawn_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="recipient",
            name="id_last4",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=4),
        ),
        migrations.RunPython(fill_id_last4, migrations.RunPython.noop),
    ]
