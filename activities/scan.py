"""A QR code scanned before signing in keeps working after the sign-in.

The 90-second token is checked at the scan. When the person is not signed in yet, the scan is remembered in
their session, bound to the activity, and they are sent to sign in; back on the same URL, the token may have
rotated since, and the remembered scan stands in for it once, within SCAN_REMEMBERED_SECONDS. A token that was
already too old at the scan is refused there, with the same clear message as for a signed-in person.
"""

import time

from activities import services
from activities.models import Activity

SESSION_KEY = "qianniu_attend_scans"
SCAN_REMEMBERED_SECONDS = 10 * 60  # time enough to sign in, even by a text message code


def scan_remember(request, activity: Activity) -> None:
    """Record in the session that a fresh token of this activity was scanned now."""
    scans = dict(request.session.get(SESSION_KEY, {}))
    scans[str(activity.pk)] = time.time()
    request.session[SESSION_KEY] = scans


def activity_scanned(request, token: str) -> Activity:
    """The activity of a fresh token, or of a genuine token whose fresh scan this session remembers (used once).
    Raises services.ActivityError with a clear message otherwise."""
    try:
        return services.activity_from_token(token)
    except services.ActivityError as error:
        scans = dict(request.session.get(SESSION_KEY, {}))
        pk = token.partition(".")[0]
        scanned_at = scans.pop(pk, None)
        if scanned_at is None or time.time() - scanned_at > SCAN_REMEMBERED_SECONDS:
            raise error
        activity = services.activity_from_token(token, max_age=None)  # still a genuine code of this activity
        request.session[SESSION_KEY] = scans
        return activity
