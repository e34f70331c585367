"""A training grants any number of qualifications (it granted one at most): the one each training granted
is carried over, and the county's catalogue starts with the qualifications the seeds name."""

from django.db import migrations, models

from ledger.catalogue import seed


def carry_over(apps, schema_editor):
    TrainingSession = apps.get_model("ledger", "TrainingSession")
    through = TrainingSession.qualifications.through
    through.objects.bulk_create(
        through(trainingsession_id=pk, qualification_id=qualification)
        for pk, qualification in TrainingSession.objects.filter(qualification__isnull=False).values_list(
            "pk", "qualification_id"
        )
    )


def carry_back(apps, schema_editor):
    TrainingSession = apps.get_model("ledger", "TrainingSession")
    for session in TrainingSession.objects.all():
        first = session.qualifications.order_by("pk").first()
        if first is not None:
            session.qualification = first
            session.save(update_fields=["qualification"])


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0010_entry_source"),
        ("people", "0004_consent_withdrawn_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingsession",
            name="qualifications",
            field=models.ManyToManyField(
                blank=True, related_name="sessions", to="ledger.qualification", verbose_name="grants"
            ),
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(model_name="trainingsession", name="qualification"),
        migrations.RemoveConstraint(model_name="qualificationgrant", name="one_grant_per_session"),
        migrations.AddConstraint(
            model_name="qualificationgrant",
            constraint=models.UniqueConstraint(
                fields=("session", "volunteer", "qualification"),
                name="one_grant_per_session_and_qualification",
                violation_error_message="This volunteer holds the qualification of this training already.",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
