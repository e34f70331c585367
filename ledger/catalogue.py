"""The qualifications the county's catalogue starts with (seeded by ledger's migration 0010, and again by the
tests' reference data after a transactional test empties the tables). Uses only the apps registry it is
given, so a migration may call it."""

CATALOGUE = [
    ("调解技巧", 36),  # mediation (李大姐说事团): mediation.models.MEDIATION_QUALIFICATION
    ("失智照护", 24),  # dementia care
    ("应急救护", 36),  # first aid (Red Cross certificates are valid three years)
    ("智能设备辅导员", None),  # the 银龄数字课堂 tutors
]


def seed(apps, schema_editor):
    Qualification = apps.get_model("ledger", "Qualification")
    for name, months in CATALOGUE:
        Qualification.objects.get_or_create(name=name, defaults={"valid_months": months})
