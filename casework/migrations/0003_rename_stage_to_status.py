from django.db import migrations, models


class Migration(migrations.Migration):
    """`stage` → `status`, as in every other app (the one workflow, issue 11)."""

    dependencies = [("casework", "0002_constraint_messages")]

    operations = [
        migrations.RemoveConstraint(model_name="case", name="closed_case_has_reason"),
        migrations.RenameField(model_name="case", old_name="stage", new_name="status"),
        migrations.RenameField(model_name="caseevent", old_name="from_stage", new_name="from_status"),
        migrations.RenameField(model_name="caseevent", old_name="to_stage", new_name="to_status"),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(close_reason=""),
                name="closed_case_has_reason",
                violation_error_message="A closed case needs its reason for closing.",
            ),
        ),
    ]
