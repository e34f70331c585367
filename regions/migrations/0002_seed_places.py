"""The places named in the seeds, with their GB/T 2260 codes. Lower levels use the 12-digit statistical
code; a deployment imports its full list with `manage.py import_regions`."""

from django.db import migrations

PLACES = [
    # code, name, level, parent code
    ("150000", "内蒙古自治区", "province", None),
    ("150500", "通辽市", "city", "150000"),
    ("150521", "科尔沁左翼中旗", "county", "150500"),
    ("620000", "甘肃省", "province", None),
    ("620300", "金昌市", "city", "620000"),
    ("620302", "金川区", "county", "620300"),
    ("620302001000", "滨河路街道", "township", "620302"),
    ("620302001001", "龙广里社区", "community", "620302001000"),
    ("510000", "四川省", "province", None),
]


def seed(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for code, name, level, parent_code in PLACES:
        parent = Region.objects.get(code=parent_code) if parent_code else None
        path = f"{parent.path if parent else '/'}{code}/"
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent, "path": path, "depth": path.count("/") - 2}
        )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
