"""Binding a person's WeChat openid by WeChat's web authorisation (网页授权, OAuth2, scope `snsapi_base`).

The signed-in person taps "bind WeChat": `authorize_url` keeps a one-time state in their session (with who asked
and when) and gives the address of WeChat's authorize page; WeChat sends the person back to `redirect_uri` with a
code and that state; `openid_of` takes the state out of the session (so it serves once), refuses one that is not
the session's, is another person's or is older than ten minutes, and trades the code at
/sns/oauth2/access_token (with the app's secret) for the openid. The endpoints are settings (NOTIFY_WECHAT), so
the tests speak to notifications/fakes.py.
"""

import hmac
import secrets
import time
import urllib.parse

import requests
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "wechat_bind_state"
STATE_SECONDS = 600


class BindError(ValueError):
    pass


def _config() -> dict:
    return settings.NOTIFY_WECHAT


def redirect_uri() -> str:
    """Where WeChat sends the person back: the site's own address (the domain registered with WeChat), never
    one taken from the request's Host header."""
    return f"{settings.NOTIFY_SITE_URL.rstrip('/')}{reverse('notifications:wechat_bound')}"


def authorize_url(session, person) -> str:
    config = _config()
    if not config.get("appid"):
        raise BindError(_("WeChat is not set up on this site."))
    state = secrets.token_urlsafe(24)
    session[SESSION_KEY] = {"state": state, "person": person.pk, "at": time.time()}
    base = (config.get("authorize_endpoint") or "https://open.weixin.qq.com").rstrip("/")
    query = urllib.parse.urlencode(
        {
            "appid": config["appid"],
            "redirect_uri": redirect_uri(),
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
        }
    )
    return f"{base}/connect/oauth2/authorize?{query}#wechat_redirect"


def _check_state(session, person, state: str) -> None:
    kept = session.pop(SESSION_KEY, None)  # one-time: a second return with the same state finds nothing
    if (
        not kept
        or not state
        or not hmac.compare_digest(str(kept.get("state", "")), state)
        or kept.get("person") != person.pk
        or time.time() - kept.get("at", 0) > STATE_SECONDS
    ):
        raise BindError(_("This WeChat binding was not started here or has expired; tap “Bind WeChat” again."))


def openid_of(session, person, *, code: str, state: str) -> str:
    _check_state(session, person, state)
    if not code:
        raise BindError(_("WeChat did not authorise the binding."))
    config = _config()
    base = (config.get("endpoint") or "https://api.weixin.qq.com").rstrip("/")
    try:
        response = requests.get(
            f"{base}/sns/oauth2/access_token",
            params={
                "appid": config["appid"],
                "secret": config["secret"],
                "code": code,
                "grant_type": "authorization_code",
            },
            timeout=config.get("timeout", 10),
        )
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        raise BindError(_("WeChat could not be reached; please try again.")) from error
    openid = body.get("openid")
    if not openid:
        raise BindError(
            _("WeChat refused the binding (%(code)s); tap “Bind WeChat” again.") % {"code": body.get("errcode")}
        )
    return str(openid)
