"""The parties' names are encrypted at rest: widen the column for the ciphertext, seal the stored names, then
keep the field encrypted."""

from django.db import migrations, models

import core.fields


def seal(apps, schema_editor):
    core.fields.seal_column(apps.get_model("mediation", "Party"), "name")


def unseal(apps, schema_editor):
    core.fields.open_column(apps.get_model("mediation", "Party"), "name")


class Migration(migrations.Migration):
    dependencies = [("mediation", "0002_constraint_messages")]
    operations = [
        migrations.AlterField(model_name="party", name="name", field=models.TextField(verbose_name="name")),
        migrations.RunPython(seal, unseal),
        migrations.AlterField(
            model_name="party",
            name="name",
            field=core.fields.EncryptedTextField(max_length=50, verbose_name="name"),
        ),
    ]
