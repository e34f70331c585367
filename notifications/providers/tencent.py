"""Tencent Cloud SMS (API 2021-01-11), signed with TC3-HMAC-SHA256.

POST <endpoint> with a JSON body and the headers X-TC-Action, X-TC-Version, X-TC-Timestamp, X-TC-Region and
`Authorization: TC3-HMAC-SHA256 Credential=<id>/<date>/sms/tc3_request, SignedHeaders=content-type;host,
Signature=<hex>`, where the signature is HMAC-SHA256 under a key derived from the secret, the UTC date, the
service and "tc3_request", over the hashed canonical request.
"""

import datetime
import hashlib
import hmac
import json
import time
import urllib.parse

import requests

from notifications.providers.base import Outgoing, Provider, SendError, template_code, template_params

SERVICE = "sms"
CONTENT_TYPE = "application/json; charset=utf-8"
TEMPORARY_CODES = {"RequestLimitExceeded", "InternalError", "FailedOperation.InsufficientBalanceInSmsPackage"}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(
    *, secret_id: str, secret_key: str, host: str, payload: str, timestamp: int, service: str = SERVICE
) -> str:
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{CONTENT_TYPE}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(payload.encode()).hexdigest(),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


class TencentSms(Provider):
    name = "tencent"

    def __init__(self, config: dict):
        self.config = config
        self.http = requests.Session()  # one connection kept open per sender thread
        self.endpoint = config.get("endpoint") or "https://sms.tencentcloudapi.com/"
        self.host = urllib.parse.urlsplit(self.endpoint).netloc

    def send(self, outgoing: Outgoing) -> str:
        params = template_params(outgoing)
        payload = json.dumps(
            {
                "PhoneNumberSet": [f"+86{outgoing.address}"],
                "SmsSdkAppId": self.config["sdk_app_id"],
                "SignName": self.config["sign_name"],
                "TemplateId": template_code(self.config, outgoing.kind),
                "TemplateParamSet": [params[key] for key in sorted(params)],
                "SessionContext": str(outgoing.message_id),
            },
            ensure_ascii=False,
        )
        timestamp = int(time.time())
        headers = {
            "Authorization": authorization(
                secret_id=self.config["access_key_id"],
                secret_key=self.config["access_key_secret"],
                host=self.host,
                payload=payload,
                timestamp=timestamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": self.host,
            "X-TC-Action": "SendSms",
            "X-TC-Version": "2021-01-11",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self.config.get("region", "ap-guangzhou"),
        }
        try:
            response = self.http.post(
                self.endpoint, data=payload.encode(), headers=headers, timeout=self.config.get("timeout", 10)
            )
        except requests.RequestException as error:
            raise SendError(f"tencent: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise SendError(f"tencent: HTTP {response.status_code}")
        try:
            body = response.json()["Response"]
        except (ValueError, KeyError) as error:
            raise SendError(f"tencent: HTTP {response.status_code}, not an API response") from error
        if "Error" in body:
            code = body["Error"].get("Code", "")
            raise SendError(
                f"tencent: {code} {body['Error'].get('Message', '')}",
                temporary=code in TEMPORARY_CODES,
                retry_after=1 if code == "RequestLimitExceeded" else None,
            )
        status = body["SendStatusSet"][0]
        if status.get("Code") != "Ok":
            code = status.get("Code", "")
            raise SendError(f"tencent: {code} {status.get('Message', '')}", temporary=code in TEMPORARY_CODES)
        return status["SerialNo"]


def receipts(body) -> list[tuple[str, bool, str]]:
    """Tencent Cloud's status callback: a JSON list of {sid, report_status: SUCCESS|FAIL, errmsg, …}."""
    return [(str(r.get("sid", "")), r.get("report_status") == "SUCCESS", str(r.get("errmsg", ""))) for r in body]
