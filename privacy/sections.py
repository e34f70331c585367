"""How a person's copy of their information is laid out: sections of columns and rows, with every value as
the person reads it; the same sections make the JSON download and the printable page."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone


@dataclass
class Section:
    key: str
    title: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[dict] = field(default_factory=list)
    single: bool = False  # one record (a profile) rather than a list


@dataclass
class Copy:
    generated_at: datetime.datetime
    sections: list[Section]
    withheld: list[dict]

    def as_json(self) -> dict:
        data = {"generated_at": plain(self.generated_at)}
        for section in self.sections:
            data[section.key] = (section.rows[0] if section.rows else None) if section.single else section.rows
        data["withheld"] = self.withheld
        return data


def plain(value):
    """A value as the person reads it: dates in local time, choices by their label, lists of names."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Model):
        return str(value)
    return str(value)


def section(key: str, title: str, objects, columns, *, single: bool = False) -> Section:
    """`columns` are (key, label, how to read it from an object)."""
    rows = [{name: plain(read(obj)) for name, _label, read in columns} for obj in objects]
    return Section(key, title, [(name, str(label)) for name, label, _read in columns], rows, single)


def labels(manager) -> list[str]:
    return [item.label for item in manager.all()]


def availability_labels(volunteer) -> list[str]:
    from people.forms import WEEKDAYS

    return [
        f"{WEEKDAYS[w['weekday']]} {w.get('start', '')}–{w.get('end', '')}"
        for w in volunteer.availability or []
        if isinstance(w, dict) and w.get("weekday") in range(7)
    ]
