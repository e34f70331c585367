from django.db import migrations


class Migration(migrations.Migration):
    """`stage` → `status`, as in every other app (the one workflow, issue 11)."""

    dependencies = [("mediation", "0003_encrypt_party_name")]

    operations = [migrations.RenameField(model_name="dispute", old_name="stage", new_name="status")]
