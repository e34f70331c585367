from django.db import migrations, models


class Migration(migrations.Migration):
    """`stage` → `status`, as in every other app (the one workflow, issue 11)."""

    dependencies = [("groupwork", "0002_constraint_messages")]

    operations = [
        migrations.RemoveConstraint(model_name="group", name="ended_group_is_evaluated"),
        migrations.RenameField(model_name="group", old_name="stage", new_name="status"),
        migrations.AddConstraint(
            model_name="group",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="ended") | ~models.Q(evaluation=""),
                name="ended_group_is_evaluated",
                violation_error_message="An ended group needs its evaluation.",
            ),
        ),
    ]
