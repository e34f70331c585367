"""WeChat subscription notices of the official account (公众号订阅通知): an access token from /cgi-bin/token, kept
until it expires, then POST /cgi-bin/message/subscribe/bizsend?access_token=… with the person's openid, the
template, its data and the page of ours it opens. The openid is the one the official account's web authorisation
(网页授权, notifications/wechat.py) gave when the person bound WeChat: an openid is per app, so the notices must
come from that same official account (a mini program's `subscribe/send` would need the mini program's openid).

A subscription template has named fields (`thing1`, `time2`, …: a type and a number, as the WeChat console shows
them) and WeChat refuses a message whose fields are not exactly the template's (47003). `FIELDS` says which of an
event's parameters fills each field of the template chosen for its kind (NOTIFY_WECHAT_TEMPLATES); a kind with no
template of its own goes out with the catch-all notice (`*`), whose one field is the short text. Values are cut
to their type's length."""

import threading
import time

import requests
from django.conf import settings

from notifications.providers.base import Outgoing, Provider, SendError, template_code

# The catch-all notice template: its one field, the message's short text.
NOTICE = {"thing1": "text"}
# For each kind with a template of its own: {field: the parameter that fills it ("text": the short text)}.
FIELDS = {
    "task_offered": {"thing1": "what", "thing2": "day"},
    "task_due": {"thing1": "what", "thing2": "place"},
    "dispatch_sent": {"thing1": "department", "thing2": "day"},
    "crisis": {"character_string1": "case", "thing2": "text"},
    "crisis_overdue": {"character_string1": "case", "thing2": "text"},
    "case_waiting": {"character_string1": "case", "thing2": "step"},
    "case_decided": {"character_string1": "case", "thing2": "step", "phrase3": "decision"},
    "activity_tomorrow": {"thing1": "activity", "time2": "time", "thing3": "place"},
    "activity_soon": {"thing1": "activity", "time2": "time", "thing3": "place"},
    "hours_credited": {"thing1": "activity", "number2": "hours"},
}
# The longest value WeChat takes for each type of field.
LIMITS = {"thing": 20, "phrase": 5, "character_string": 32, "number": 32, "time": 20, "date": 20, "name": 10}

# 40001 / 42001 / 40014: the token is invalid or expired: fetch a new one and try once more.
TOKEN_ERRORS = {40001, 42001, 40014}
TEMPORARY_ERRORS = {-1, 45009, 45047}  # system busy, API limit reached
_tokens: dict[str, tuple[str, float]] = {}
_lock = threading.Lock()


def template_data(config: dict, outgoing: Outgoing) -> dict:
    """The template's fields, filled from the message: those of the kind's own template when the settings give
    it one, else the notice's."""
    own = outgoing.kind in config.get("templates", {}) and outgoing.kind in FIELDS
    fields = FIELDS[outgoing.kind] if own else NOTICE
    data = {}
    for field, source in fields.items():
        value = outgoing.text if source == "text" else str(outgoing.params.get(source, ""))
        data[field] = {"value": value[: LIMITS[field.rstrip("0123456789")]] or "-"}
    return data


class WechatSubscribe(Provider):
    name = "wechat"

    def __init__(self, config: dict):
        self.config = config
        self.http = requests.Session()  # one connection kept open per sender thread
        self.endpoint = (config.get("endpoint") or "https://api.weixin.qq.com").rstrip("/")
        self.timeout = config.get("timeout", 10)

    def _token(self, *, fresh: bool = False) -> str:
        key = f"{self.endpoint} {self.config['appid']}"
        with _lock:
            token, until = _tokens.get(key, ("", 0.0))
            if token and not fresh and time.monotonic() < until:
                return token
            try:
                response = self.http.get(
                    f"{self.endpoint}/cgi-bin/token",
                    params={
                        "grant_type": "client_credential",
                        "appid": self.config["appid"],
                        "secret": self.config["secret"],
                    },
                    timeout=self.timeout,
                )
                body = response.json()
            except (requests.RequestException, ValueError) as error:
                raise SendError(f"wechat token: {type(error).__name__}") from error
            if "access_token" not in body:
                raise SendError(f"wechat token: {body.get('errcode')} {body.get('errmsg', '')}")
            # Renew five minutes early: WeChat gives 7200 seconds.
            _tokens[key] = (body["access_token"], time.monotonic() + int(body.get("expires_in", 7200)) - 300)
            return body["access_token"]

    def _post(self, token: str, payload: dict) -> dict:
        try:
            response = self.http.post(
                f"{self.endpoint}/cgi-bin/message/subscribe/bizsend",
                params={"access_token": token},
                json=payload,
                timeout=self.timeout,
            )
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise SendError(f"wechat: {type(error).__name__}") from error

    def send(self, outgoing: Outgoing) -> str:
        payload = {
            "touser": outgoing.address,
            "template_id": template_code(self.config, outgoing.kind),
            "page": f"{self.config.get('page') or settings.NOTIFY_SITE_URL + '/notifications/'}"
            f"?m={outgoing.message_id}",
            "data": template_data(self.config, outgoing),
        }
        body = self._post(self._token(), payload)
        if body.get("errcode") in TOKEN_ERRORS:
            body = self._post(self._token(fresh=True), payload)
        errcode = body.get("errcode", 0)
        if errcode != 0:
            raise SendError(f"wechat: {errcode} {body.get('errmsg', '')}", temporary=errcode in TEMPORARY_ERRORS)
        return str(body.get("msgid", ""))
