"""The campaign tally by month (the dashboard's period selector), with the volunteers of each month apart so that
a span of months counts each volunteer once. The old rows (one per region, no month) are dropped and every
campaign marked untallied: the next dashboard read or the periodic task recounts it."""

import django.db.models.deletion
from django.db import migrations, models


def forget_tallies(apps, schema_editor):
    apps.get_model("coordination", "CampaignTally").objects.all().delete()
    apps.get_model("coordination", "Campaign").objects.update(tallied_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0002_campaignactivity_served_reported"),
        ("people", "0005_recipient_id_last4"),
        ("regions", "0003_constraint_messages"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="campaigntally", name="campaign_tally_once"),
        migrations.RemoveField(model_name="campaigntally", name="volunteers"),
        migrations.AddField(
            model_name="campaigntally",
            name="month",
            field=models.DateField(default="2000-01-01"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(name="campaigntally", options={"ordering": ["region__path", "month"]}),
        migrations.AddConstraint(
            model_name="campaigntally",
            constraint=models.UniqueConstraint(
                fields=("campaign", "region", "month"),
                name="campaign_tally_once",
                violation_error_message="A campaign has one tally per region and month.",
            ),
        ),
        migrations.CreateModel(
            name="CampaignVolunteer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="coordination.campaign"
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region"
                    ),
                ),
                (
                    "volunteer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.volunteer"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "region", "month", "volunteer"),
                        name="campaign_volunteer_once",
                        violation_error_message="A volunteer counts once per campaign, region and month.",
                    )
                ],
            },
        ),
        # backwards, the monthly rows go first, or the old (campaign, region) constraint would meet two months;
        # last: rows deleted before an ALTER TABLE in one transaction would leave PostgreSQL pending trigger events
        migrations.RunPython(forget_tallies, forget_tallies),
    ]
