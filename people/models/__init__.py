"""People: accounts, role grants, and the profiles of volunteers, social workers and recipients.

One module per group of models; every name is importable from `people.models`, and importing this package
is what registers the models with the app."""

from people.models.accounts import (
    ORGANISATION_ROLES,
    REGION_ROLES,
    AccessLog,
    DuplicateRegistration,
    PersonQuerySet,
    Role,
    RoleGrant,
    Sex,
    User,
    UserManager,
    id_index,
    name_search_fields,
    phone_index,
)
from people.models.recipients import (
    Consent,
    ConsentKind,
    ConsentMethod,
    ConsentQuerySet,
    Recipient,
    RecipientQuerySet,
)
from people.models.social_workers import Qualification, SocialWorker, SocialWorkerQuerySet
from people.models.volunteers import (
    IdType,
    RegistrationStatus,
    Volunteer,
    VolunteerKind,
    VolunteerNumberCounter,
    VolunteerQuerySet,
)

__all__ = [
    "ORGANISATION_ROLES",
    "REGION_ROLES",
    "AccessLog",
    "Consent",
    "ConsentKind",
    "ConsentMethod",
    "ConsentQuerySet",
    "DuplicateRegistration",
    "IdType",
    "PersonQuerySet",
    "Qualification",
    "Recipient",
    "RecipientQuerySet",
    "RegistrationStatus",
    "Role",
    "RoleGrant",
    "Sex",
    "SocialWorker",
    "SocialWorkerQuerySet",
    "User",
    "UserManager",
    "Volunteer",
    "VolunteerKind",
    "VolunteerNumberCounter",
    "VolunteerQuerySet",
    "id_index",
    "name_search_fields",
    "phone_index",
]
