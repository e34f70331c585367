"""Star levels and time-bank points. Plain Python, no Django."""

from decimal import Decimal


def star_level(hours: Decimal, thresholds: list[int]) -> int:
    """Stars earned by cumulative service hours: thresholds [100, 300, 600, 1000, 1500] give 0–5."""
    return sum(1 for threshold in sorted(thresholds) if hours >= threshold)


def next_threshold(hours: Decimal, thresholds: list[int]) -> int | None:
    return next((threshold for threshold in sorted(thresholds) if hours < threshold), None)


def points_earned(hours: Decimal, *, per_hour: int, cap_hours: int) -> int:
    """Credited hours (up to the cap) times the rate, whole points."""
    return int(min(max(hours, Decimal(0)), Decimal(cap_hours)) * per_hour)
