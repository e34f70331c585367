"""What a department needs to serve a dispatched need: the person's name, address and contact.

The address is shown to whoever reads the dispatch (the department goes there). The department sees the name
masked as a volunteer does (韩*兰) and the telephone numbers masked; its liaisons may show each in full while the
dispatch is open, and every such read is logged (PIPL Art. 51), as the area's workers' reads on the person's
page are. The area's workers see the name in full, as on the person's page.
"""

from django.http import Http404, HttpResponse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from core.access import get_for_user, scope_of, scoped
from dispatch.models import OPEN_DISPATCH, Dispatch
from people.services import sensitive_value_read

CONTACT_FIELDS = {"name", "phone", "guardian_phone"}


def may_reveal_contact(user, dispatch: Dispatch) -> bool:
    """A liaison of the dispatch's department, while the dispatch is open."""
    return dispatch.department_id in scope_of(user).liaison_org_ids and dispatch.status in OPEN_DISPATCH


@require_POST
@scoped("dispatch")
def dispatch_contact_reveal(request, pk, field_name):
    dispatch = get_for_user(Dispatch.objects.select_related("need__recipient"), request.user, pk)
    recipient = dispatch.need.recipient
    if field_name not in CONTACT_FIELDS or recipient is None or not may_reveal_contact(request.user, dispatch):
        raise Http404
    value = sensitive_value_read(
        by=request.user, subject=recipient, field_name=field_name, ip=request.META.get("REMOTE_ADDR")
    )
    return HttpResponse(format_html('<span class="font-monospace">{}</span>', value) if value else "—")
