"""The channels' providers behind one interface: `provider_for(channel).send(outgoing) -> provider id`.

Which provider serves a channel is a setting (`NOTIFY_SMS_PROVIDER`, `NOTIFY_WECHAT_PROVIDER`), and which SMS
template each kind of event goes out with another (`NOTIFY_SMS_TEMPLATES`, from QIANNIU_SMS_TEMPLATES); the default is
the console, so the demo and the tests need no account. The real ones speak the providers' HTTP APIs
(Alibaba Cloud SMS, Tencent Cloud SMS, WeChat subscription messages) at a configurable endpoint.
"""

from django.conf import settings

from notifications.providers.base import Outgoing, Provider, SendError
from notifications.providers.console import ConsoleProvider, FileProvider
from notifications.providers.email import EmailProvider

__all__ = ["Outgoing", "Provider", "SendError", "provider_for"]


def _sms(name: str) -> Provider:
    config = {**settings.NOTIFY_SMS, "templates": settings.NOTIFY_SMS_TEMPLATES}
    if name == "aliyun":
        from notifications.providers.aliyun import AliyunSms

        return AliyunSms(config)
    if name == "tencent":
        from notifications.providers.tencent import TencentSms

        return TencentSms(config)
    if name == "file":
        return FileProvider("sms", settings.NOTIFY_FILE_DIR)
    return ConsoleProvider("sms")


def _wechat(name: str) -> Provider:
    if name == "wechat":
        from notifications.providers.wechat import WechatSubscribe

        return WechatSubscribe({**settings.NOTIFY_WECHAT, "templates": settings.NOTIFY_WECHAT_TEMPLATES})
    if name == "file":
        return FileProvider("wechat", settings.NOTIFY_FILE_DIR)
    return ConsoleProvider("wechat")


def provider_for(channel: str) -> Provider:
    if channel == "sms":
        return _sms(settings.NOTIFY_SMS_PROVIDER)
    if channel == "wechat":
        return _wechat(settings.NOTIFY_WECHAT_PROVIDER)
    return EmailProvider()
