"""A local fake of the providers' HTTP APIs, for the tests, the benchmark and a demo without accounts.

One threaded HTTP server answers as Alibaba Cloud SMS (GET / with Action=SendSms, RPC signature v1 checked),
Tencent Cloud SMS (POST / with X-TC-Action: SendSms, TC3-HMAC-SHA256 checked) and WeChat (GET /cgi-bin/token,
POST /cgi-bin/message/subscribe/bizsend; and web authorisation, 网页授权: GET /connect/oauth2/authorize, which redirects
back with a one-time code for the openid of `wechat_user`, the person holding the phone, and GET
/sns/oauth2/access_token, which trades the code for that openid once). It can be put down (connections
answered 503) and rate-limited (the providers' throttling answers), and it records every message it accepted,
so a test counts them. `FakeSmtp` is a mail relay (stdlib socketserver) for the e-mail channel.
"""

import email
import email.policy
import hashlib
import hmac
import json
import socketserver
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications.providers import aliyun, tencent

KEY_ID, SECRET = "fake-key-id", "fake-secret"
APPID, APPSECRET = "wx-fake-app", "wx-fake-secret"


class _Served:
    """A local server on a free port, served by a thread between `with` and its end."""

    def _serve(self, server) -> None:
        self.server = server
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class FakeProviders(_Served):
    def __init__(self, *, rate_per_second: int = 0):
        self.rate = rate_per_second
        self.down = False
        self.throttle = False  # throttle every request, whatever the rate
        self.accepted: list[dict] = []  # every message taken: {"provider", "id", "to", "at", "serial", "template"}
        self.refused = Counter()  # why requests were refused: "down", "throttled", "signature", …
        self.tokens: set[str] = set()
        self.wechat_templates: dict[str, set[str]] = {}  # template id: the fields it has; empty: not checked
        self.wechat_user = "o-fake-openid"  # the openid of whoever authorises in WeChat now
        self.oauth_codes: dict[str, str] = {}  # code: openid, until it is traded
        self.oauth_used: set[str] = set()
        self._second = (0, 0)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the providers' gateways do

            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self._serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def ids(self) -> Counter:
        """How many times each message (by the outbox id it carried) was accepted."""
        return Counter(item["id"] for item in self.accepted)

    # --- the server ---------------------------------------------------------------------------------------

    def _throttled(self) -> bool:
        if self.throttle:
            return True
        if not self.rate:
            return False
        with self._lock:
            second, count = self._second
            now = int(time.time())
            if now != second:
                second, count = now, 0
            count += 1
            self._second = (second, count)
            return count > self.rate

    def _answer(self, handler, status: int, body: dict):
        data = json.dumps(body, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _wechat_fields(self, data: dict) -> dict | None:
        """WeChat's answer to a message whose template is unknown or whose fields are not the template's (when the
        test declared its templates' fields in `wechat_templates`), else None."""
        if not self.wechat_templates:
            return None
        expected = self.wechat_templates.get(data.get("template_id"))
        if expected is None:
            return {"errcode": 40037, "errmsg": "invalid template_id"}
        given = data.get("data", {})
        wrong = sorted(set(given) ^ set(expected))
        too_long = [key for key, field in given.items() if key.startswith("thing") and len(field["value"]) > 20]
        if wrong or too_long:
            return {"errcode": 47003, "errmsg": f"argument invalid! data.{(wrong or too_long)[0]}.value invalid"}
        return None

    def _accept(self, provider: str, message_id: str, to: str, serial: str = "", template: str = "", data=None) -> None:
        with self._lock:
            self.accepted.append(
                {
                    "provider": provider,
                    "id": message_id,
                    "to": to,
                    "at": time.time(),
                    "serial": serial,
                    "template": template,
                    "data": data,
                }
            )

    def tencent_report(self, *, failed: set[str] = frozenset()) -> list[dict]:
        """The status callback Tencent Cloud posts after delivery (短信下发状态通知, API 382/5807): one entry per
        message it accepted, `sid` being the SerialNo the send answered; those whose outbox id is in `failed`
        reported as not received."""
        report = []
        for item in self.accepted:
            if item["provider"] != "tencent":
                continue
            ok = item["id"] not in failed
            report.append(
                {
                    "user_receive_time": time.strftime("%Y-%m-%d %H:%M:%S"),
                    "nationcode": "86",
                    "mobile": item["to"].removeprefix("+86"),
                    "report_status": "SUCCESS" if ok else "FAIL",
                    "errmsg": "DELIVRD" if ok else "MK:0005",
                    "description": "用户短信送达成功" if ok else "用户手机关机或停机",
                    "sid": item["serial"],
                }
            )
        return report

    def _handle(self, handler, method: str):
        if self.down:
            self.refused["down"] += 1
            return self._answer(handler, 503, {"message": "Service Unavailable"})
        parts = urllib.parse.urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if parts.path.startswith(("/connect/oauth2/", "/sns/oauth2/")):
            return self._oauth(handler, parts)
        if parts.path.startswith("/cgi-bin/"):
            return self._wechat(handler, parts, body)
        if method == "POST" and handler.headers.get("X-TC-Action") == "SendSms":
            return self._tencent(handler, body)
        if method == "GET":
            return self._aliyun(handler, dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)))
        return self._answer(handler, 404, {"message": "unknown API"})

    def _aliyun(self, handler, params: dict):
        signature = params.pop("Signature", "")
        if params.get("AccessKeyId") != KEY_ID or not hmac.compare_digest(signature, aliyun.sign(params, SECRET)):
            self.refused["signature"] += 1
            return self._answer(
                handler,
                400,
                {
                    "Code": "SignatureDoesNotMatch",
                    "Message": "Specified signature is not matched with our calculation.",
                },
            )
        if self._throttled():
            self.refused["throttled"] += 1
            return self._answer(handler, 200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"})
        if not params.get("PhoneNumbers", "").isdigit():
            return self._answer(handler, 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"})
        biz_id = f"{uuid.uuid4().int % 10**18}^0"
        self._accept("aliyun", params.get("OutId", ""), params["PhoneNumbers"], template=params.get("TemplateCode", ""))
        return self._answer(
            handler, 200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": str(uuid.uuid4())}
        )

    def _tencent(self, handler, body: bytes):
        payload = body.decode()
        expected = tencent.authorization(
            secret_id=KEY_ID,
            secret_key=SECRET,
            host=handler.headers.get("Host", ""),
            payload=payload,
            timestamp=int(handler.headers.get("X-TC-Timestamp", "0")),
        )
        request_id = str(uuid.uuid4())
        if not hmac.compare_digest(handler.headers.get("Authorization", ""), expected):
            self.refused["signature"] += 1
            error = {
                "Code": "AuthFailure.SignatureFailure",
                "Message": "The provided credentials could not be validated.",
            }
            return self._answer(handler, 200, {"Response": {"Error": error, "RequestId": request_id}})
        if self._throttled():
            self.refused["throttled"] += 1
            error = {"Code": "RequestLimitExceeded", "Message": "请求的次数超过了频率限制。"}
            return self._answer(handler, 200, {"Response": {"Error": error, "RequestId": request_id}})
        data = json.loads(payload)
        phone = data["PhoneNumberSet"][0]
        serial = hashlib.sha256(f"{request_id}{phone}".encode()).hexdigest()[:24]
        self._accept("tencent", data.get("SessionContext", ""), phone, serial, template=data.get("TemplateId", ""))
        status = {
            "SerialNo": serial,
            "PhoneNumber": phone,
            "Fee": 1,
            "SessionContext": data.get("SessionContext", ""),
            "Code": "Ok",
            "Message": "send success",
            "IsoCode": "CN",
        }
        return self._answer(handler, 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}})

    def _oauth(self, handler, parts):
        """WeChat's web authorisation: the authorize page (here it asks nothing: snsapi_base is silent) redirects
        to redirect_uri with a code and the state given; the code is traded once, with the app's secret."""
        query = dict(urllib.parse.parse_qsl(parts.query))
        if query.get("appid") != APPID:
            return self._answer(handler, 200, {"errcode": 40013, "errmsg": "invalid appid"})
        if parts.path == "/connect/oauth2/authorize":
            if query.get("response_type") != "code" or query.get("scope") not in {"snsapi_base", "snsapi_userinfo"}:
                return self._answer(handler, 200, {"errcode": 10003, "errmsg": "redirect_uri or scope invalid"})
            code = uuid.uuid4().hex
            with self._lock:
                self.oauth_codes[code] = self.wechat_user
            target = query.get("redirect_uri", "")
            joiner = "&" if "?" in target else "?"
            location = f"{target}{joiner}{urllib.parse.urlencode({'code': code, 'state': query.get('state', '')})}"
            handler.send_response(302)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if parts.path == "/sns/oauth2/access_token":
            if query.get("secret") != APPSECRET:
                return self._answer(handler, 200, {"errcode": 40125, "errmsg": "invalid appsecret"})
            if query.get("grant_type") != "authorization_code":
                return self._answer(handler, 200, {"errcode": 40002, "errmsg": "invalid grant_type"})
            code = query.get("code", "")
            with self._lock:
                openid = self.oauth_codes.pop(code, None)
                used = code in self.oauth_used
                self.oauth_used.add(code)
            if openid is None:
                error = (
                    {"errcode": 40163, "errmsg": "code been used"}
                    if used
                    else {"errcode": 40029, "errmsg": "invalid code"}
                )
                return self._answer(handler, 200, error)
            token = uuid.uuid4().hex
            body = {"access_token": token, "expires_in": 7200, "refresh_token": token, "openid": openid}
            return self._answer(handler, 200, {**body, "scope": "snsapi_base"})
        return self._answer(handler, 404, {"errcode": 404, "errmsg": "unknown"})

    def _wechat(self, handler, parts, body: bytes):
        query = dict(urllib.parse.parse_qsl(parts.query))
        if parts.path == "/cgi-bin/token":
            if query.get("appid") != APPID or query.get("secret") != APPSECRET:
                return self._answer(handler, 200, {"errcode": 40013, "errmsg": "invalid appid"})
            token = uuid.uuid4().hex
            self.tokens.add(token)
            return self._answer(handler, 200, {"access_token": token, "expires_in": 7200})
        if parts.path == "/cgi-bin/message/subscribe/bizsend":
            if query.get("access_token") not in self.tokens:
                return self._answer(
                    handler, 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}
                )
            if self._throttled():
                self.refused["throttled"] += 1
                return self._answer(handler, 200, {"errcode": 45009, "errmsg": "reach max api daily quota limit"})
            data = json.loads(body)
            refusal = self._wechat_fields(data)
            if refusal:
                self.refused["fields"] += 1
                return self._answer(handler, 200, refusal)
            self._accept(
                "wechat",
                data.get("page", "").rpartition("?m=")[2],
                data["touser"],
                template=data.get("template_id", ""),
                data=data.get("data", {}),
            )
            return self._answer(handler, 200, {"errcode": 0, "errmsg": "ok", "msgid": uuid.uuid4().int % 10**12})
        return self._answer(handler, 404, {"errcode": 404, "errmsg": "unknown"})


class FakeSmtp(_Served):
    """A local SMTP server (stdlib socketserver) for the e-mail channel: it takes messages as a mail relay does
    and records them, or refuses a recipient with the reply a test gives (`refuse[address] = "550 5.1.1 …"` for a
    permanent refusal, "451 4.3.0 …" for a temporary one), or answers every connection `421` while `down`."""

    def __init__(self):
        self.received: list[dict] = []  # {"from", "to": [...], "subject", "body"}
        self.refuse: dict[str, str] = {}
        self.down = False
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str):
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                if fake.down:
                    return self.reply("421 4.3.2 Service not available, closing transmission channel")
                self.reply("220 fake-smtp ESMTP")
                sender, recipients = "", []
                for raw in self.rfile:
                    command = raw.decode("utf-8", "replace").rstrip("\r\n")
                    verb = command[:4].upper()
                    if verb in {"EHLO", "HELO"}:
                        self.reply("250 fake-smtp")
                    elif verb == "MAIL":
                        sender, recipients = command.partition(":")[2].strip(" <>"), []
                        self.reply("250 2.1.0 OK")
                    elif verb == "RCPT":
                        address = command.partition(":")[2].strip(" <>")
                        if address in fake.refuse:
                            self.reply(fake.refuse[address])
                        else:
                            recipients.append(address)
                            self.reply("250 2.1.5 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        self._data(sender, recipients)
                        self.reply("250 2.0.0 queued")
                    elif verb == "QUIT":
                        return self.reply("221 2.0.0 Bye")
                    elif verb in {"RSET", "NOOP"}:
                        self.reply("250 2.0.0 OK")
                    else:
                        self.reply("502 5.5.2 Command not recognized")

            def _data(self, sender, recipients):
                lines = []
                for raw in self.rfile:
                    if raw in {b".\r\n", b".\n"}:
                        break
                    lines.append(raw[1:] if raw.startswith(b"..") else raw)
                parsed = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                body = parsed.get_body(("plain",))
                fake.received.append(
                    {
                        "from": sender,
                        "to": recipients,
                        "subject": str(parsed["Subject"]).strip(),
                        "body": body.get_content().strip() if body else "",
                    }
                )

        self._serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler))
        self.port = self.server.server_address[1]
