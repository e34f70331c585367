"""Which kinds of resource fit what a need asks for: a lift to the hospital is never offered an appliance
repair. The resident's plain choice (needs.help.Help) decides when there is one, else the need's service field;
a need with neither is offered any kind. Used by the need page's resource choices and by matching."""

from needs.help import Help
from resources.models import ResourceKind as K

KINDS_FOR_HELP = {
    Help.VISIT: {K.EXPERTISE, K.MATERIALS},
    Help.HOSPITAL: {K.FREE_CLINIC, K.FUNDS, K.EXPERTISE},
    Help.MEALS: {K.MATERIALS, K.FUNDS},
    Help.CLEANING: {K.MATERIALS, K.EXPERTISE},
    Help.REPAIR: {K.REPAIR, K.MATERIALS},
    Help.ERRANDS: {K.EXPERTISE, K.LEGAL_AID},
    Help.TALK: {K.EXPERTISE, K.VENUE},
}

_GATHERING = {K.VENUE, K.MATERIALS, K.EXPERTISE}
KINDS_FOR_FIELD = {
    "life_care": {K.MATERIALS, K.FUNDS, K.HAIRCUT, K.REPAIR, K.EXPERTISE},
    "spiritual_comfort": {K.EXPERTISE, K.VENUE, K.MATERIALS},
    "emotional_counselling": {K.EXPERTISE, K.VENUE},
    "crisis_intervention": {K.EXPERTISE, K.FUNDS, K.FREE_CLINIC, K.LEGAL_AID},
    "social_participation": _GATHERING,
    "theory_education": _GATHERING,
    "culture": _GATHERING,
    "sanitation": {K.MATERIALS, K.EXPERTISE},
    "mediation": {K.LEGAL_AID, K.EXPERTISE, K.VENUE},
    "medical_aid": {K.FREE_CLINIC, K.FUNDS, K.EXPERTISE},
    "legal_aid": {K.LEGAL_AID},
    "digital_skills": _GATHERING,
    "errands": {K.EXPERTISE, K.LEGAL_AID},
    "rehabilitation": {K.FREE_CLINIC, K.EXPERTISE, K.MATERIALS},
    "tutoring": _GATHERING,
    "employment": {K.EXPERTISE, K.FUNDS, K.VENUE},
}


def kinds_for(*, help_kind: str = "", field_code: str | None = None) -> frozenset[str] | None:
    """The resource kinds that fit; None when nothing is known of the need (any kind may fit)."""
    if help_kind in KINDS_FOR_HELP:
        return frozenset(str(kind) for kind in KINDS_FOR_HELP[help_kind])
    if field_code in KINDS_FOR_FIELD:
        return frozenset(str(kind) for kind in KINDS_FOR_FIELD[field_code])
    return None


def kinds_for_need(need) -> frozenset[str] | None:
    return kinds_for(help_kind=need.help, field_code=need.service_field.code if need.service_field_id else None)
