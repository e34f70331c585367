"""Alibaba Cloud SMS (dysmsapi, API version 2017-05-25), signed with the RPC signature, version 1.0.

The request is `GET <endpoint>/?<parameters>&Signature=…`: the parameters sorted by name, each name and value
percent-encoded (RFC 3986: space as %20, `*` as %2A, `~` kept), joined with `&`; the string to sign is
`GET&%2F&<that string, percent-encoded again>`; the signature is base64(HMAC-SHA1(secret + "&", string)).
"""

import base64
import datetime
import hashlib
import hmac
import json
import urllib.parse
import uuid

import requests

from notifications.providers.base import Outgoing, Provider, SendError, template_code, template_params

# Codes that mean "later": throttled, the gateway busy. Others (a wrong number, a template not approved) fail.
THROTTLED_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "Throttling", "Throttling.User"}
TEMPORARY_CODES = THROTTLED_CODES | {"isp.RAM_PERMISSION_DENY", "isp.SYSTEM_ERROR", "ServiceUnavailable"}


def percent_encode(value: str) -> str:
    return urllib.parse.quote(str(value), safe="~")


def canonical_query(params: dict) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def sign(params: dict, secret: str, method: str = "GET") -> str:
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_params(
    params: dict, *, key_id: str, secret: str, now: datetime.datetime | None = None, nonce: str | None = None
) -> dict:
    now = now or datetime.datetime.now(datetime.UTC)
    common = {
        "AccessKeyId": key_id,
        "Format": "JSON",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
        "RegionId": "cn-hangzhou",
        **params,
    }
    return {**common, "Signature": sign(common, secret)}


class AliyunSms(Provider):
    name = "aliyun"

    def __init__(self, config: dict):
        self.config = config
        self.http = requests.Session()  # one connection kept open per sender thread
        self.endpoint = config.get("endpoint") or "https://dysmsapi.aliyuncs.com/"

    def send(self, outgoing: Outgoing) -> str:
        params = signed_params(
            {
                "Action": "SendSms",
                "PhoneNumbers": outgoing.address,
                "SignName": self.config["sign_name"],
                "TemplateCode": template_code(self.config, outgoing.kind),
                "TemplateParam": json.dumps(template_params(outgoing), ensure_ascii=False),
                "OutId": str(outgoing.message_id),  # comes back in the delivery receipt
            },
            key_id=self.config["access_key_id"],
            secret=self.config["access_key_secret"],
        )
        try:
            response = self.http.get(self.endpoint, params=params, timeout=self.config.get("timeout", 10))
        except requests.RequestException as error:
            raise SendError(f"aliyun: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise SendError(f"aliyun: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise SendError(f"aliyun: HTTP {response.status_code}, not JSON") from error
        code = body.get("Code", "")
        if code != "OK":
            raise SendError(
                f"aliyun: {code} {body.get('Message', '')}".strip(),
                temporary=code in TEMPORARY_CODES,
                retry_after=1 if code in THROTTLED_CODES else None,
            )
        return body["BizId"]


def receipts(body) -> list[tuple[str, bool, str]]:
    """The delivery receipts Alibaba Cloud pushes (SmsReport): a JSON list of {biz_id, success, err_code, …};
    each as (provider id, delivered, code)."""
    return [(str(r.get("biz_id", "")), bool(r.get("success")), str(r.get("err_code", ""))) for r in body]
