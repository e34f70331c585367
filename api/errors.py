"""Errors of the API and how each answers: a form's problems (422), a refusal of a service (409), a missing
scope or a right the owner lacks (403), too many requests (429). Out of scope stays 404, as on the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class FormInvalid(Exception):
    """The input did not pass the page's own form; its errors go back by field."""

    def __init__(self, form):
        super().__init__("invalid")
        self.form = form


def install(api) -> None:
    from activities.services import ActivityError
    from api.auth import MissingScope, TooManyRequests
    from matching.services import MatchingError
    from needs.workflow import NeedError

    @api.exception_handler(FormInvalid)
    def form_invalid(request, error):
        errors = {field: [str(e) for e in errors] for field, errors in error.form.errors.items()}
        return api.create_response(request, {"detail": _("Please correct the errors."), "errors": errors}, status=422)

    @api.exception_handler(PermissionDenied)
    def denied(request, error):
        return api.create_response(request, {"detail": _("You may see this but not change it.")}, status=403)

    @api.exception_handler(MissingScope)
    def missing_scope(request, error):
        detail = _("This token does not have the scope %(scope)s.") % {"scope": error.scope}
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(TooManyRequests)
    def too_many(request, error):
        detail = _("Too many requests from your account. Please wait a minute and try again.")
        return api.create_response(request, {"detail": detail}, status=429)

    for refusal in (NeedError, ActivityError, MatchingError):

        @api.exception_handler(refusal)
        def refused(request, error):
            return api.create_response(request, {"detail": str(error)}, status=409)
