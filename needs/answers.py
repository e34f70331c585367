"""The ways a need can be answered, registered by the apps that own them.

`needs` imports none of the answering apps: each of them (dispatch, projects, resources, ...) registers an
`AnswerKind` in its `AppConfig.ready()`, and the needs services and pages ask the registry instead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AnswerKind:
    key: str  # "dispatch", "service_item", "resource", ...
    # An answer still being worked on: the need is not served while one is open.
    is_open: Callable[[Any], bool] = lambda need: False
    # An answer that served the need: when nothing is open and one is delivered, the need is served.
    delivered: Callable[[Any], bool] = lambda need: False
    # Why a need cannot be marked served while such an answer is open.
    still_open_message: Any = ""
    # What happens to the open answers when the need ends (called inside the need's transaction).
    on_need_ended: Callable[[Any], None] | None = None
    # What the need's evaluation confirms (called inside need_evaluate's transaction); (need, by) -> None.
    on_evaluated: Callable[[Any, Any], None] | None = None
    # What the need's page shows of this kind's answers, as {context name: value}; (need) -> dict.
    detail: Callable[[Any], dict] | None = None
    # The answer form of the need page, as {context name: form}; (request, need, choices) -> dict.
    panel: Callable[..., dict] | None = None
    # Marks this kind's overdue answers as escalated; returns how many (now) -> int.
    escalate: Callable[[Any], int] | None = None
    # The dotted path of the view that records this answer, served at needs/<pk>/<path>/ under the URL name
    # needs:<url_name> (a path, so that registering imports no views while the apps load).
    view: str = ""
    path: str = ""
    url_name: str = ""


ANSWER_KINDS: dict[str, AnswerKind] = {}


def answer_kind_register(kind: AnswerKind) -> None:
    """Register (or replace, when an app is loaded again in tests) one way of answering a need."""
    ANSWER_KINDS[kind.key] = kind


def answer_kinds() -> list[AnswerKind]:
    return list(ANSWER_KINDS.values())
