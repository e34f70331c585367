"""What a resident asks for, in their own words: a short list of plain choices, each mapped behind the scenes
to the professional service field the workers triage by. The choice is kept on the need (`Need.help`), so what
is offered for it (a resource, a task) can be matched to what was asked (resources.compat)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Help(models.TextChoices):
    VISIT = "visit", _("Someone to visit me at home")
    HOSPITAL = "hospital", _("Someone to go to the doctor with me")
    MEALS = "meals", _("Help with meals")
    CLEANING = "cleaning", _("Help with cleaning")
    REPAIR = "repair", _("Something at home needs repairing")
    ERRANDS = "errands", _("Errands done for me")
    TALK = "talk", _("Someone to talk to about my worries")
    OTHER = "other", _("Something else")


# The service field (dictionaries.ServiceField.code) each plain choice stands for.
SERVICE_FIELD_OF = {
    Help.VISIT: "spiritual_comfort",
    Help.HOSPITAL: "medical_aid",
    Help.MEALS: "life_care",
    Help.CLEANING: "life_care",
    Help.REPAIR: "life_care",
    Help.ERRANDS: "errands",
    Help.TALK: "emotional_counselling",
    Help.OTHER: None,
}


def service_field_for(help_kind: str):
    """The ServiceField a plain choice stands for, or None ("something else": the worker decides at triage)."""
    from dictionaries.models import ServiceField

    code = SERVICE_FIELD_OF.get(help_kind)
    return ServiceField.objects.filter(code=code).first() if code else None
