from django.db import migrations


class Migration(migrations.Migration):
    """A run's `stage` is a progress text, not a workflow's status: `progress_label` (issue 11)."""

    dependencies = [("matching", "0002_constraint_messages")]

    operations = [migrations.RenameField(model_name="matchrun", old_name="stage", new_name="progress_label")]
