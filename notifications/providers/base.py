from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outgoing:
    """One message as a provider sends it."""

    message_id: int
    kind: str
    address: str  # a mobile number, a WeChat openid, an e-mail address
    text: str
    params: dict = field(default_factory=dict)  # the SMS / WeChat template's parameters


class SendError(Exception):
    """The provider did not take the message. `temporary`: try again later (down, throttled, timed out);
    otherwise the message fails with the reason shown on the outbox page (a wrong number, no template).
    `retry_after`: the provider throttled us; try again after so many seconds, not counted as an attempt."""

    def __init__(self, reason: str, *, temporary: bool = True, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason[:300]
        self.temporary = temporary
        self.retry_after = retry_after


class Provider:
    name = ""

    def send(self, outgoing: Outgoing) -> str:
        """Send one message; return the provider's id for it (used to match delivery receipts)."""
        raise NotImplementedError


def template_code(config: dict, kind: str) -> str:
    templates = config.get("templates", {})
    code = templates.get(kind) or templates.get("*")
    if not code:
        raise SendError(f"no template for {kind}", temporary=False)
    return code


def template_params(outgoing: Outgoing, limit: int = 35) -> dict:
    """Template variables are strings of at most 35 characters (Alibaba Cloud's limit for a variable)."""
    return {key: str(value)[:limit] for key, value in outgoing.params.items()}
