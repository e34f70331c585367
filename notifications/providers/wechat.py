"""WeChat subscription messages (小程序订阅消息): an access token from /cgi-bin/token, kept until it expires,
then POST /cgi-bin/message/subscribe/send?access_token=… with the person's openid, the template and its data."""

import threading
import time

import requests

from notifications.providers.base import Outgoing, Provider, SendError, template_code

# 40001 / 42001 / 40014: the token is invalid or expired: fetch a new one and try once more.
TOKEN_ERRORS = {40001, 42001, 40014}
TEMPORARY_ERRORS = {-1, 45009, 45047}  # system busy, API limit reached
_tokens: dict[str, tuple[str, float]] = {}
_lock = threading.Lock()


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
                f"{self.endpoint}/cgi-bin/message/subscribe/send",
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
            "page": f"{self.config.get('page', 'pages/index/index')}?m={outgoing.message_id}",
            "data": {
                "thing1": {"value": outgoing.text[:20]},
                **{
                    f"thing{n}": {"value": str(value)[:20]} for n, value in enumerate(outgoing.params.values(), start=2)
                },
            },
        }
        body = self._post(self._token(), payload)
        if body.get("errcode") in TOKEN_ERRORS:
            body = self._post(self._token(fresh=True), payload)
        errcode = body.get("errcode", 0)
        if errcode != 0:
            raise SendError(f"wechat: {errcode} {body.get('errmsg', '')}", temporary=errcode in TEMPORARY_ERRORS)
        return str(body.get("msgid", ""))
