"""A recipient's file: the sections of their history that the apps above people fill in.

people is low in the layers and imports none of the apps that serve a person, so each of them registers a
`FileSection` from its AppConfig.ready() (needs: visits, needs, tasks, evaluations; projects, resources,
dispatch: services; casework: cases). The recipient page asks each section for its rows with the viewer:
a section answers None when the viewer may not see it at all, otherwise the rows through the viewer's
scope. Each list is paged with its own prefix, so none stops in silence.
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.paging import keyset_page


@dataclass(frozen=True)
class FileSection:
    key: str  # also the paging prefix: ?<key>_after=
    title: str
    template: str  # renders `page` (a KeysetPage of the rows) and `recipient`
    rows: Callable  # rows(user, recipient) -> a queryset through the user's scope, or None: not for this viewer
    order: str = "-pk"
    position: int = 100


_sections: dict[str, FileSection] = {}


def register_file_section(section: FileSection) -> None:
    """Called by an app's ready(); a key is taken once."""
    if _sections.get(section.key, section) != section:
        raise ValueError(f"file section {section.key!r} is already registered")
    _sections[section.key] = section


def file_sections() -> list[FileSection]:
    return sorted(_sections.values(), key=lambda section: (section.position, section.key))


def recipient_file(request, recipient) -> list[dict]:
    """The sections this viewer may see, each with its first page of rows."""
    shown = []
    for section in file_sections():
        rows = section.rows(request.user, recipient)
        if rows is None:
            continue
        page = keyset_page(rows, request, order=section.order, per_page=20, prefix=f"{section.key}_")
        shown.append({"section": section, "page": page})
    return shown
