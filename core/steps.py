"""One form filled in short steps, on a phone one screen at a time (the MIIT elderly-friendly specification).

The form stays one Django form with its validation; a step shows some of its fields and carries the others,
as typed, in hidden inputs, so nothing is kept on the server between steps (an ID number never waits in a
session). Each "next" validates the fields shown so far and stops at the first step with an error; the last
step validates the whole form, which the view then hands to its service as before. A submission without a
step number (a client that posts every field at once) is validated whole, as a one-page form.
"""

from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict

STEP_FIELD = "step"
BACK_FIELD = "back"


@dataclass
class Step:
    title: str
    fields: list[str]


class StepFields:
    """The fields of one step, rendered by core/form_fields.html like a form."""

    def __init__(self, form: forms.Form, names: list[str]):
        self.form, self.names = form, names

    def __iter__(self):
        return (self.form[name] for name in self.names)

    def non_field_errors(self):
        return self.form.non_field_errors()


class FormSteps:
    def __init__(self, form: forms.Form, steps: list[Step], data=None):
        named = {name for step in steps for name in step.fields}
        rest = [name for name in form.fields if name not in named]
        self.steps = steps[:-1] + [Step(steps[-1].title, steps[-1].fields + rest)]
        self.form, self.data = form, data
        self.index = 0
        self.complete = False
        self.whole = False  # a submission of every field at once, shown back on one page
        if data is not None:
            self._advance()

    @staticmethod
    def submitted_step(data, steps: list[Step]) -> int | None:
        try:
            index = int(data.get(STEP_FIELD, ""))
        except ValueError:
            return None
        return min(max(index, 0), len(steps) - 1)

    @classmethod
    def is_final(cls, data, steps: list[Step]) -> bool:
        """Whether a submission may complete the form: the last step's, or every field at once."""
        index = cls.submitted_step(data, steps)
        return data.get(BACK_FIELD) is None and index in (None, len(steps) - 1)

    def _first_step_with_errors(self, upto: int) -> int | None:
        errors = self.form.errors
        if errors.get(forms.forms.NON_FIELD_ERRORS) and upto == len(self.steps) - 1:
            return upto
        for index, step in enumerate(self.steps[: upto + 1]):
            if any(name in errors for name in step.fields):
                return index
        return None

    def _advance(self):
        submitted = self.submitted_step(self.data, self.steps)
        if submitted is None:  # every field at once: answered on one page, every error shown
            self.steps = [Step(self.steps[-1].title, list(self.form.fields))]
            self.whole = True
            submitted = 0
        last = len(self.steps) - 1
        if self.data.get(BACK_FIELD) is not None:
            self.index = max(submitted - 1, 0)
            self._hide_errors()
            return
        failing = self._first_step_with_errors(submitted)
        if failing is not None:
            self.index = failing
            return
        if submitted == last:
            self.complete = True
            self.index = last
            return
        self.index = submitted + 1
        self._fill_initial(self.steps[self.index])
        self._hide_errors()

    def _hide_errors(self):
        """A step not yet submitted shows no errors of its own."""
        self.form._errors = ErrorDict()

    def _fill_initial(self, step: Step):
        """A step shown for the first time starts from the fields' initial values, as the one-page form did."""
        data = self.data.copy()
        for name in step.fields:
            key = self.form.add_prefix(name)
            initial = self.form.get_initial_for_field(self.form.fields[name], name)
            if key not in data and initial not in (None, "", [], ()):
                if isinstance(initial, list | tuple):
                    data.setlist(key, [str(value) for value in initial])
                else:
                    data[key] = str(initial)
        self.form.data = data

    # --- for the template ---------------------------------------------------------------------------------

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def is_last(self) -> bool:
        return self.index == len(self.steps) - 1

    def fields(self) -> StepFields:
        return StepFields(self.form, self.current.fields)

    def carried(self) -> list[tuple[str, str]]:
        """(name, value) of every other step's fields, as typed, for hidden inputs. Never a password: it is asked
        on the step that submits the whole form."""
        if self.data is None:
            return []
        shown = set(self.current.fields)
        pairs = []
        for name, field in self.form.fields.items():
            if name in shown or isinstance(field.widget, forms.PasswordInput):
                continue
            key = self.form.add_prefix(name)
            pairs += [(key, value) for value in self.data.getlist(key)]
        return pairs
