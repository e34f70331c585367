"""Masking a number for lists, pages and exports: only its ends are shown. The one place that decides how."""


def mask_mobile(number: str) -> str:
    """138****5678; a number too short to keep its ends is all stars."""
    if len(number) < 7:
        return "*" * len(number)
    return f"{number[:3]}****{number[-4:]}"
