"""What every demo persona may see and change, for every scoped model, recorded once and compared on each run.

The access rules may move (issue 11 puts them beside their models) but their answers must not change. The
snapshot holds, per persona and model, the number of visible and changeable objects and a digest of their
names. Regenerate it only for a deliberate change of a rule: `QIANNIU_UPDATE_SNAPSHOT=1 pytest` on this file,
then read the diff of the JSON file.
"""

import datetime
import hashlib
import json
import os
from pathlib import Path

from django.apps import apps
from django.db.models import Max

from core.access import ScopedQuerySet
from demo.accounts import ROLE_ACCOUNTS, role_phone
from demo.builder import DemoBuilder
from people.models import User, phone_index

SNAPSHOT = Path(__file__).with_name("visibility_snapshot.json")
# Rollup rows come and go with the date the test runs on (age bands, the last 90 days); what their rule decides
# is whose figures a persona reads, so for them the snapshot records the regions, not the rows.
BY_REGION = {"stats.Fact"}


def scoped_models():
    return sorted(
        (model for model in apps.get_models() if isinstance(model._default_manager.all(), ScopedQuerySet)),
        key=lambda model: model._meta.label,
    )


def digest(queryset, ranks: dict[int, int]) -> str:
    """Objects the demo built are named by their rank in the order of creation (keys differ between databases
    and test orders, the order does not); objects seeded before the demo by their name."""
    names = sorted(f"+{ranks[obj.pk]}" if obj.pk in ranks else f"={obj}" for obj in queryset)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def region_names(queryset) -> list[str]:
    return sorted(set(queryset.values_list("region__name", flat=True)))


def observe() -> dict:
    models = scoped_models()
    bases = {model: model._default_manager.aggregate(top=Max("pk"))["top"] or 0 for model in models}
    DemoBuilder(seed=2026, volunteers=120, recipients=40, today=datetime.date(2026, 11, 30)).build()
    ranks = {
        model: {
            pk: rank
            for rank, pk in enumerate(
                model._default_manager.filter(pk__gt=bases[model]).order_by("pk").values_list("pk", flat=True)
            )
        }
        for model in models
    }
    seen = {}
    for number, role, _where in ROLE_ACCOUNTS:
        user = User.objects.get(phone_index=phone_index(role_phone(number)))
        for model in models:
            manager = model._default_manager
            visible, changeable = manager.visible_to(user), manager.changeable_by(user)
            if model._meta.label in BY_REGION:
                seen[f"{role} / {model._meta.label}"] = {
                    "visible_regions": region_names(visible),
                    "changeable_regions": region_names(changeable),
                }
                continue
            seen[f"{role} / {model._meta.label}"] = {
                "visible": visible.count(),
                "changeable": changeable.count(),
                "visible_digest": digest(visible, ranks[model]),
                "changeable_digest": digest(changeable, ranks[model]),
            }
    return seen


def test_every_persona_sees_and_changes_what_the_snapshot_recorded(db):
    seen = observe()
    if os.environ.get("QIANNIU_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(seen, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(SNAPSHOT.read_text())
    assert set(seen) == set(recorded), "a persona or a scoped model was added or removed"
    changed = [f"{key}: {recorded[key]} -> {seen[key]}" for key in sorted(seen) if seen[key] != recorded[key]]
    assert not changed, "\n".join(changed)
    # The snapshot is not empty nor all-seeing: the county admin sees volunteers, the outsider none of them.
    assert seen["county admin / people.Volunteer"]["visible"] > 100
    assert seen["region admin of another county / people.Volunteer"]["visible"] < 10
    assert "保康镇" in seen["county admin / stats.Fact"]["visible_regions"]
    assert "保康镇" not in seen["region admin of another county / stats.Fact"]["visible_regions"]
