"""Changes to the region tree."""

import csv
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import LEVEL_ORDER, Region


class RegionError(ValueError):
    pass


@transaction.atomic
def region_create(*, code: str, name: str, level: str, parent: Region | None) -> Region:
    code = code.strip()
    name = name.strip()
    if level not in LEVEL_ORDER:
        raise RegionError(_("Unknown level “%(level)s”.") % {"level": level})
    if not code.isalnum() or not name:
        raise RegionError(_("A region needs an alphanumeric code and a name (code “%(code)s”).") % {"code": code})
    if parent is not None and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(parent.level):
        raise RegionError(
            _("%(name)s cannot sit below %(parent)s: its level is not lower.") % {"name": name, "parent": parent}
        )
    path = f"{parent.path if parent else '/'}{code}/"
    return Region.objects.create(code=code, name=name, level=level, parent=parent, path=path, depth=path.count("/") - 2)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@transaction.atomic
def regions_import_csv(*, lines) -> ImportResult:
    """Import rows of code,name,level,parent_code (parents before children; header row required).

    Existing codes get their name updated; nothing is written if any row is wrong.
    """
    result = ImportResult()
    reader = csv.DictReader(lines)
    missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
    if missing:
        raise RegionError(_("The file lacks the columns: %(columns)s") % {"columns": ", ".join(sorted(missing))})
    for number, row in enumerate(reader, start=2):
        code = (row["code"] or "").strip()
        existing = Region.objects.filter(code=code).first()
        try:
            if existing:
                if existing.name != row["name"].strip():
                    existing.name = row["name"].strip()
                    existing.save(update_fields=["name"])
                    result.updated += 1
                continue
            parent_code = (row["parent_code"] or "").strip()
            parent = None
            if parent_code:
                parent = Region.objects.filter(code=parent_code).first()
                if parent is None:
                    raise RegionError(_("parent %(code)s not found") % {"code": parent_code})
            region_create(code=code, name=row["name"], level=(row["level"] or "").strip(), parent=parent)
            result.created += 1
        except RegionError as error:
            raise RegionError(_("Line %(line)d: %(error)s") % {"line": number, "error": error}) from None
    return result
