"""What notifications need to know about a person, registered by the app that holds people.

`notifications` imports no app above `core`: `people` registers, in its `AppConfig.ready()`, the function that
reads a person's contact (phone, name, area, whether elderly), and the outbox asks this registry.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""  # a mainland mobile number, or "" when none is known
    email: str = ""
    region_path: str = ""  # the person's area ("/150000/150500/150521/…/"): its region admins see the messages
    elderly: bool = False  # 60 or older: short SMS only
    guardian: bool = False  # a person served without an account: `phone` is their guardian's


# (list of user pks) -> {pk: Contact}, reading them all in a few queries (a reminder goes to thousands at once)
_resolver: Callable[[list[int]], dict[int, Contact]] | None = None


def contact_resolver_register(resolve: Callable[[list[int]], dict[int, Contact]]) -> None:
    """Register (or replace, when an app is loaded again in tests) the function reading people's contacts."""
    global _resolver
    _resolver = resolve


def contacts_of(pks: list[int]) -> dict[int, Contact]:
    if _resolver is None:
        return {}
    return _resolver(pks)


# People served without an account: (list of people.Recipient pks) -> {pk: Contact}, the phone being the number
# to text (their own mobile, else their guardian's), or "" when there is none.
_recipient_resolver: Callable[[list[int]], dict[int, Contact]] | None = None


def recipient_resolver_register(resolve: Callable[[list[int]], dict[int, Contact]]) -> None:
    global _recipient_resolver
    _recipient_resolver = resolve


def recipients_of(pks: list[int]) -> dict[int, Contact]:
    if _recipient_resolver is None or not pks:
        return {}
    return _recipient_resolver(pks)
