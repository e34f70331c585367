"""A need's description may hold health details: encrypt the stored ones, then keep it encrypted."""

from django.db import migrations

import core.fields


def seal(apps, schema_editor):
    core.fields.seal_column(apps.get_model("needs", "Need"), "description")


def unseal(apps, schema_editor):
    core.fields.open_column(apps.get_model("needs", "Need"), "description")


class Migration(migrations.Migration):
    dependencies = [("needs", "0004_constraint_messages")]
    operations = [
        migrations.RunPython(seal, unseal),
        migrations.AlterField(
            model_name="need",
            name="description",
            field=core.fields.EncryptedTextField(verbose_name="description"),
        ),
    ]
