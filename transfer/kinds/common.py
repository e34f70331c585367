"""What every kind of import shares: the column table, the problems found, and the readers of values
(dates, choices, region names, dictionary entries) that turn a cell into a field or say why they cannot."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import scope_of
from core.forms import BIRTH_DATE
from core.masking import mask_mobile
from people.idcard import InvalidNumber, mask_id, normalize_mobile
from regions.models import Region

BATCH = 900  # rows per IN (...) lookup: under SQLite's limit of bound variables


@dataclass(frozen=True)
class Column:
    """A column of a kind: its key, the header of the template (Chinese, the file format people fill in), the
    other headers it is known by (the national system's export, older rosters), and what it takes."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    allowed: str = ""
    mask: str = ""  # "id" or "mobile": shown masked to those who may not see the number in full


class RowError(ValueError):
    """A cell that cannot be read; the message says why, in the user's language."""


@dataclass
class Problems:
    """Every problem found, as (row, column header, value, reason)."""

    items: list[dict] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)

    def add(self, row: int, column: str, value: str, reason: str) -> None:
        self.items.append({"row": row, "column": column, "value": str(value)[:100], "reason": reason})
        self.rows.add(row)


def match_header(header: list[str], columns: tuple[Column, ...]) -> tuple[dict[str, int], list[str], list[str]]:
    """(column key → position, missing required headers, ignored headers), matching by name in any order."""
    names = {name: column.key for column in columns for name in (column.header, *column.aliases)}
    positions: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        key = names.get(title)
        if key and key not in positions:
            positions[key] = index
        elif title:
            ignored.append(title)
    missing = [column.header for column in columns if column.required and column.key not in positions]
    return positions, missing, ignored


DATE_PATTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$")


def read_date(raw: str, *, past: bool = True) -> datetime.date:
    text = raw.strip()
    match = DATE_PATTERN.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if not match:
        raise RowError(_("Not a date; write it as 2026-11-30."))
    try:
        day = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise RowError(_("Not a date; write it as 2026-11-30.")) from None
    if past and day > timezone.localdate():
        raise RowError(_("The date is in the future."))
    return day


def read_birth_date(raw: str) -> datetime.date | None:
    """An empty cell is None; a date is a real birth date: from 1900-01-01 to today, as the forms take it."""
    if not raw.strip():
        return None
    day = read_date(raw)
    problem = BIRTH_DATE.problem(day)
    if problem:
        raise RowError(problem)
    return day


def read_choice(raw: str, choices: dict[str, str]) -> str:
    value = choices.get(raw.strip())
    if value is None:
        raise RowError(
            _("Not an allowed value; allowed: %(allowed)s.") % {"allowed": "、".join(choices_shown(choices))}
        )
    return value


def choices_shown(choices: dict[str, str]) -> list[str]:
    """The first name of each value, as the template lists them."""
    seen, shown = set(), []
    for name, value in choices.items():
        if value not in seen:
            seen.add(value)
            shown.append(name)
    return shown


SPLIT = re.compile(r"[、,，;；/|\s]+")


class EntryReader:
    """Names (or codes) of a dictionary's entries, as one cell lists them: "急救、心理疏导"."""

    def __init__(self, model):
        self.ids, self.names_by_pk = {}, {}
        for pk, code, name in model.objects.filter(active=True).values_list("pk", "code", "name"):
            self.ids[name] = pk
            self.ids[code] = pk
            self.names_by_pk[pk] = name
        self.names = list(model.objects.filter(active=True).values_list("name", flat=True))
        self.label = model._meta.verbose_name

    def name_of(self, pk: int) -> str:
        return self.names_by_pk.get(pk, "")

    def read(self, raw: str) -> list[int]:
        names = [name for name in SPLIT.split(raw.strip()) if name]
        unknown = [name for name in names if name not in self.ids]
        if unknown:
            raise RowError(_("Unknown %(what)s: %(values)s.") % {"what": self.label, "values": "、".join(unknown)})
        return sorted({self.ids[name] for name in names})


class RegionReader:
    """A region written as its code, its name, or its names from the township down ("保康镇团结社区"), found
    inside the importer's area; a name found only elsewhere is outside the area. With `by`, a region must
    also lie inside that user's scope as it stands now (a grant may have changed since the job was made)."""

    def __init__(self, area: Region, by=None):
        self.area = area
        scope = scope_of(by) if by is not None else None
        self.allowed = None if scope is None or scope.everything else scope.staff_paths
        self.by_key, self.paths = self._keys(Region.objects.subtree(area), area)
        self._elsewhere: dict[str, set[int]] | None = None

    @staticmethod
    def _keys(regions, area: Region | None) -> tuple[dict[str, set[int]], dict[int, str]]:
        rows = list(regions.values_list("pk", "code", "name", "path"))
        names_by_code = {code: name for _pk, code, name, _path in rows}
        if area is not None:
            above = Region.objects.filter(code__in=area.path.strip("/").split("/"))
            names_by_code.update(dict(above.values_list("code", "name")))
        by_key: dict[str, set[int]] = {}
        paths = {}
        for pk, code, name, path in rows:
            paths[pk] = path
            chain = [names_by_code.get(c, "") for c in path.strip("/").split("/")]
            for key in {code, name, *("".join(chain[start:]) for start in range(len(chain) - 1))}:
                by_key.setdefault(key, set()).add(pk)
        return by_key, paths

    def read(self, raw: str) -> int:
        key = re.sub(r"[\s/\-·]", "", raw)
        found = self.by_key.get(key, set())
        if len(found) == 1:
            pk = next(iter(found))
            if self.allowed is not None and not self.paths[pk].startswith(self.allowed):
                raise RowError(_("This region is outside your area: you can import only within it."))
            return pk
        if len(found) > 1:
            raise RowError(
                _("Several regions of your area have this name; write the township too (保康镇团结社区) or the code.")
            )
        if self._elsewhere is None:  # read the whole tree once, at the first name not found in the area
            self._elsewhere = self._keys(Region.objects.all(), None)[0]
        if key in self._elsewhere:
            raise RowError(_("This region is outside your area: you can import only within it."))
        raise RowError(_("No region of this name in the administrative tree."))

    def county_code(self, region_id: int) -> str:
        codes = self.paths[region_id].strip("/").split("/")
        return codes[2] if len(codes) > 2 else codes[-1]


def chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


ID_REASONS = {
    "format": lambda: _("A resident ID number has 18 characters: 17 digits, then a digit or X."),
    "birth_date": lambda: _("The date of birth inside the ID number is not a real date."),
    "check_digit": lambda: _("The ID number's check digit is wrong: a digit was mistyped."),
    "mobile": lambda: _("Not a mobile number: 11 digits beginning with 1."),
}


def row_taker(row: int, cells: dict[str, str], problems: Problems, columns, values: dict):
    """`take(key, read)`: reads the cell of column `key` into `values[key]`, or adds the reason it cannot."""
    header = {column.key: column.header for column in columns}

    def take(key: str, read) -> None:
        raw = cells.get(key, "")
        try:
            values[key] = read(raw)
        except RowError as error:
            problems.add(row, header[key], raw, str(error))
        except InvalidNumber as error:
            problems.add(row, header[key], raw, ID_REASONS[error.code]())

    return take


def masker(columns, *, full: bool):
    """header → a function that shows a cell of that column as this user may see it."""
    if full:
        return {}
    shown = {"id": mask_id, "mobile": mask_mobile, "people": mask_people}
    return {name: shown[c.mask] for c in columns if c.mask for name in (c.header, *c.aliases)}


def mask_person(text: str) -> str:
    return mask_mobile(text) if len(text) == 11 else mask_id(text)


def mask_people(text: str) -> str:
    """A cell listing several numbers, each masked."""
    return "、".join(mask_person(value) for value in SPLIT.split(str(text).strip()) if value)


def required(read):
    def read_required(raw: str):
        if not raw.strip():
            raise RowError(_("Required, but empty."))
        return read(raw)

    return read_required


def read_name(raw: str) -> str:
    name = raw.strip()
    if not name:
        raise RowError(_("Required, but empty."))
    return limit(name, 50)


def read_phone(raw: str) -> str:
    if not raw.strip():
        raise RowError(_("Required, but empty."))
    return normalize_mobile(raw)


def limit(raw: str, length: int) -> str:
    value = raw.strip()
    if len(value) > length:
        raise RowError(_("Too long: at most %(n)s characters.") % {"n": length})
    return value
