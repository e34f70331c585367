"""When a message may go out, and when to try again: plain functions, no database."""

import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def quiet_until(now: datetime.datetime, *, start: int = 22, end: int = 7) -> datetime.datetime | None:
    """The end of the quiet hours (local to Asia/Shanghai) that `now` falls in, or None outside them (and
    always None when start == end: no quiet hours)."""
    if start == end:
        return None
    local = now.astimezone(SHANGHAI)
    # 22-7 runs across midnight; a window within one day (1-5) does not
    across = start > end
    if (start <= local.hour or local.hour < end) if across else (start <= local.hour < end):
        day = local.date() if local.hour < end else local.date() + datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time(end), SHANGHAI)
    return None


def backoff(attempts: int, *, base: int = 30, cap: int = 300) -> datetime.timedelta:
    """The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, … doubled each time, at most 5 minutes."""
    return datetime.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def shorten(text: str, limit: int = 70) -> str:
    """One SMS: 70 characters (Chinese), cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten_keeping(text: str, keep: str, limit: int = 70) -> str:
    """One SMS that must carry `keep` whole (a link at its end): the words before it are cut instead."""
    if len(text) <= limit or not keep or not text.endswith(keep):
        return shorten(text, limit)
    head = text[: -len(keep)]
    room = max(limit - len(keep), 1)
    return (head if len(head) <= room else head[: room - 1] + "…") + keep
