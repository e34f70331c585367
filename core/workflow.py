"""One way to move anything through its steps: a table of steps, taken under a row lock, with an event row.

Each app that has steps (needs, casework, group work, mediation) declares one `Workflow` in its
`workflow.py`: which status each action starts from and leads to, who may take it, which take an approval
that nobody gives on their own request, which statuses wait for an approval, and how its event row is
written. `Workflow.take` is the only writer of the status field:

- inside the caller's transaction (RuntimeError outside one), it re-reads the object with
  `select_for_update`, so two people acting at once act in turn and the check sees the current status;
- it refuses, with the app's own error and a message a person can read, a step that the table does not
  allow from the current status, a step the user may not take, and a decision on the user's own request
  (`core.access.check_not_own`);
- it writes the status (and any other fields the step changes) and one event row: who acted, when, from
  which status to which, with a note.

This module imports no app: the model, the error, the event writer and the actors come from each table.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.access import check_not_own, may_decide

SYSTEM = "system"
"""The actor of a step that only the product takes (a deadline passed, the last answer finished); a person
cannot take it, a service takes it with `automatic=True`."""


@dataclass(frozen=True)
class Actor:
    """Who may take a step: `may(user, locked_object)`, and the refusal shown to anyone else."""

    may: Callable[[Any, Any], bool]
    refusal: Any = _("You may not take this step.")


@dataclass(frozen=True)
class Step:
    """One action: the statuses it starts from, the status it leads to (None: an event that keeps the
    status), and the key of its actor in `Workflow.actors` (or SYSTEM).

    `not_own`: the step decides someone's request, so nobody it is about may take it
    (`core.access.check_not_own`, refused with `own_refusal` or the common message).
    `refusal`: what to say when the current status does not allow the step (a text, or a function of the
    object giving one); the workflow's common message (naming the step and the status) when empty."""

    sources: frozenset[str]
    target: str | None
    actor: str
    not_own: bool = False
    own_refusal: Any = ""
    refusal: Any = ""


@dataclass(frozen=True)
class Wait:
    """A status that waits for an approval: `action` approves it; when `required(obj)` is false for the object
    that reached the status (read under the lock) the approval is taken at once, automatically, with `note`.
    The object decides per case: a booking waits only where its room asks for approval."""

    action: str
    required: Callable[[Any], bool]
    note: Any = ""


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    steps: Mapping[str, Step]
    actors: Mapping[str, Actor]
    # (obj, *, action, from_status, to_status, by, note) -> the event row, in the app's own event model
    record: Callable[..., Any]
    error: type[Exception]
    status_field: str = "status"
    # The labels of actions and statuses for the common refusal (the models' TextChoices labels).
    action_label: Callable[[str], Any] = str
    status_label: Callable[[str], Any] = str
    # "“%(action)s” cannot be done while the case is at “%(status)s”." in the app's own words.
    refusal: Any = _("“%(action)s” cannot be done while the status is “%(status)s”.")
    waits: Mapping[str, Wait] = field(default_factory=dict)
    # Called after the status check, before the actor's (obj, action); raises `error` to refuse.
    guard: Callable[[Any, str], None] | None = None
    # Related objects read with the locked row (select_related; the lock covers the row itself only).
    related: tuple[str, ...] = ()

    def status_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def lock(self, obj):
        """The object re-read under a row lock; the caller must be inside a transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.take runs inside transaction.atomic, so that its row lock holds.")
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.get(pk=obj.pk)

    def refusal_for(self, obj, action: str) -> str | None:
        """Why the current status does not allow `action` (None when it does)."""
        step = self.steps.get(action)
        status = self.status_of(obj)
        if step is not None and status in step.sources:
            return None
        if step is not None and callable(step.refusal):
            return str(step.refusal(obj))
        if step is not None and step.refusal:
            return str(step.refusal)
        return str(self.refusal) % {"action": self.action_label(action), "status": self.status_label(status)}

    def may_take(self, obj, action: str, user) -> bool:
        """Whether `user` may take `action` now, as a page asks before offering its button."""
        step = self.steps.get(action)
        if step is None or self.refusal_for(obj, action) is not None or step.actor == SYSTEM:
            return False
        if not self.actors[step.actor].may(user, obj):
            return False
        if step.not_own:
            return may_decide(user, obj)
        return True

    def take(
        self,
        obj,
        action: str,
        *,
        by,
        note: str = "",
        automatic: bool = False,
        changes: Mapping[str, Any] | None = None,
        check: Callable[[Any], None] | None = None,
    ):
        """Take one step of the table, or refuse it with the reason; return the object, re-read and changed.

        An automatic step (taken by the product: an approval not required, a deadline, the last answer
        finished) skips the check of who takes it; `by` is then whom the event names, if anyone. `check`, the
        step's own condition (a group forms only with members), is called with the locked object after the
        table's checks and before anything is written; it raises the workflow's error to refuse."""
        obj = self.lock(obj)
        refusal = self.refusal_for(obj, action)
        if refusal is not None:
            raise self.error(refusal)
        step = self.steps[action]
        if self.guard is not None:
            self.guard(obj, action)
        if not automatic:
            if step.actor == SYSTEM:
                raise self.error(gettext("This step is taken by the system only."))
            actor = self.actors[step.actor]
            if by is None or not actor.may(by, obj):
                raise self.error(str(actor.refusal))
            if step.not_own:
                check_not_own(by, obj, self.error, str(step.own_refusal) if step.own_refusal else None)
        if check is not None:
            check(obj)
        before = self.status_of(obj)
        after = before if step.target is None else step.target
        fields = dict(changes or {})
        if step.target is not None:
            fields[self.status_field] = step.target
        for name, value in fields.items():
            setattr(obj, name, value)
        if fields:
            obj.save(update_fields=list(fields))
        self.record(obj, action=action, from_status=before, to_status=after, by=by, note=note)
        wait = self.waits.get(after) if after != before else None
        if wait is not None and not wait.required(obj):
            return self.take(obj, wait.action, by=by, note=str(wait.note), automatic=True)
        return obj

    def check(self) -> list[str]:
        """What is wrong with the table (for a test): an unknown actor, a status no step leads to or from,
        a wait whose approving step does not start from the waiting status."""
        problems = []
        statuses = {value for value, _label in self.model._meta.get_field(self.status_field).choices}
        for action, step in self.steps.items():
            action = str(action)
            if step.actor != SYSTEM and step.actor not in self.actors:
                problems.append(f"{action}: unknown actor {step.actor!r}")
            for status in [*step.sources, *([step.target] if step.target else [])]:
                if status not in statuses:
                    problems.append(f"{action}: unknown status {str(status)!r}")
        for status, wait in self.waits.items():
            step = self.steps.get(wait.action)
            if step is None or status not in step.sources:
                problems.append(f"wait at {str(status)!r}: {str(wait.action)!r} does not start there")
        default = self.model._meta.get_field(self.status_field).default
        reached = {default} | {step.target for step in self.steps.values() if step.target}
        for status in statuses - reached:
            problems.append(f"no step leads to {str(status)!r}")
        return problems
