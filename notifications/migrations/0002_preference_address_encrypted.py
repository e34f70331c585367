"""The WeChat openid and e-mail address of a person's preferences are encrypted at rest: widen the column for
the ciphertext, seal the stored addresses, then keep the field encrypted."""

from django.db import migrations, models

import core.fields


def seal(apps, schema_editor):
    core.fields.seal_column(apps.get_model("notifications", "Preference"), "address")


def unseal(apps, schema_editor):
    core.fields.open_column(apps.get_model("notifications", "Preference"), "address")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [
        migrations.AlterField(
            model_name="preference", name="address", field=models.TextField(blank=True, verbose_name="address")
        ),
        migrations.RunPython(seal, unseal),
        migrations.AlterField(
            model_name="preference",
            name="address",
            field=core.fields.EncryptedTextField(blank=True, verbose_name="address"),
        ),
    ]
