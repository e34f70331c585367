"""Pages for one's personal access tokens of the API: list, create (the secret shown once), revoke. A region
admin also lists and revokes the tokens of the people of their area (the `access_token` rule)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.forms import TokenForm
from api.models import AccessToken, scope_label
from core.access import get_for_user, scoped, signed_in
from core.forms import post_data
from core.paging import keyset_page


@scoped("access_token")
def token_list(request):
    tokens = AccessToken.objects.visible_to(request.user).select_related("user", "revoked_by")
    page = keyset_page(tokens, request)
    shown = [token.pk for token in page.items]
    revocable = set(AccessToken.objects.changeable_by(request.user).filter(pk__in=shown).values_list("pk", flat=True))
    for token in page.items:
        token.scope_labels = [scope_label(scope) for scope in token.scopes]
        token.revocable = token.pk in revocable
    return render(request, "api/token_list.html", {"page": page})


@signed_in
def token_create(request):
    form = TokenForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token, secret = services.token_create(
            user=request.user, name=data["name"], scopes=data["scopes"], days=data["days"]
        )
        return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "core/form_page.html", {"form": form, "title": _("New API token"), "cancel": "/me/tokens/"})


@require_POST
@scoped("access_token")
def token_revoke(request, pk):
    token = get_for_user(AccessToken.objects.all(), request.user, pk, change=True)
    try:
        services.token_revoke(token=token, by=request.user)
    except services.TokenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The token has been revoked."))
    return redirect("tokens:list")
