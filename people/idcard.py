"""Chinese resident ID numbers (GB 11643-1999) and mobile numbers. Plain Python, no Django.

Errors carry a code so that the caller can show a message in the user's language.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")
MOBILE_PATTERN = re.compile(r"^1[3-9][0-9]{9}$")


class InvalidNumber(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ResidentId:
    number: str
    region_code: str
    birth_date: datetime.date
    sex: str  # "M" or "F"


def _half_width(raw: str) -> str:
    """Full-width characters as a Chinese keyboard types them (１１０１…, ｘ, the ideographic space) become their
    ASCII forms (NFKC); digits of other scripts stay as they are and fail the patterns."""
    return unicodedata.normalize("NFKC", raw or "")


def normalize_id(raw: str) -> str:
    return re.sub(r"[\s-]", "", _half_width(raw)).upper()


def check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_resident_id(raw: str, *, today: datetime.date | None = None) -> ResidentId:
    """Validate an 18-character resident ID number and read its birth date and sex.

    Raises InvalidNumber with code "format", "birth_date" or "check_digit".
    """
    number = normalize_id(raw)
    if not ID_PATTERN.match(number):
        raise InvalidNumber("format")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidNumber("birth_date") from None
    today = today or datetime.date.today()
    if birth > today or birth.year < 1900:
        raise InvalidNumber("birth_date")
    if check_char(number[:17]) != number[17]:
        raise InvalidNumber("check_digit")
    sex = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number=number, region_code=number[:6], birth_date=birth, sex=sex)


def normalize_mobile(raw: str) -> str:
    digits = re.sub(r"[\s-]", "", _half_width(raw))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not MOBILE_PATTERN.match(digits):
        raise InvalidNumber("mobile")
    return digits


def mask_id(number: str) -> str:
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
