"""Which channels a person gets messages on, and their address on each.

The channels are chosen when a message is raised; the address is read again when it is sent, so the outbox keeps
no phone number, openid or e-mail address and a number changed meanwhile is the one used. The phone is the
person's own (people's encrypted field, through the contact registry); the WeChat openid and the e-mail address
a person gives on their settings are kept on `Preference.address`, an encrypted field too: none lies unencrypted
in the database.
"""

from collections import defaultdict

from notifications.contacts import Contact, contacts_of
from notifications.models import Channel, Preference


def preferences_of(pks) -> dict[int, dict[str, Preference]]:
    prefs = defaultdict(dict)
    for pref in Preference.objects.filter(person_id__in=pks):
        prefs[pref.person_id][pref.channel] = pref
    return prefs


def channels_of(contact: Contact, prefs: dict, basic: bool) -> dict[str, str]:
    """{channel: address} the person gets messages on. Elderly people and basic phones: SMS only."""
    chosen = {}
    sms = prefs.get(Channel.SMS)
    if contact.phone and (sms is None or sms.enabled):
        chosen[Channel.SMS] = contact.phone
    if basic:
        return chosen
    wechat = prefs.get(Channel.WECHAT)
    if wechat is not None and wechat.enabled and wechat.address:
        chosen[Channel.WECHAT] = wechat.address
    email = prefs.get(Channel.EMAIL)
    address = (email.address if email else "") or contact.email
    if email is not None and email.enabled and address:
        chosen[Channel.EMAIL] = address
    return chosen


def addresses_of(pks) -> dict[int, dict[str, str]]:
    """{person: {channel: address}} for sending, in a few queries whatever the number of people."""
    pks = sorted(set(pks))
    contacts, prefs = contacts_of(pks), preferences_of(pks)
    return {pk: channels_of(contacts.get(pk, Contact()), prefs[pk], basic=False) for pk in pks}
