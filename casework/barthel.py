"""The Barthel index of activities of daily living (日常生活活动能力, as in WS/T 484 and MZ/T 039): ten items,
each with its allowed scores, 0 to 100 in all. Plain Python, no Django."""

ITEMS: dict[str, tuple[int, ...]] = {
    "feeding": (0, 5, 10),
    "bathing": (0, 5),
    "grooming": (0, 5),
    "dressing": (0, 5, 10),
    "bowels": (0, 5, 10),
    "bladder": (0, 5, 10),
    "toilet": (0, 5, 10),
    "transfer": (0, 5, 10, 15),
    "mobility": (0, 5, 10, 15),
    "stairs": (0, 5, 10),
}

# Dependence levels by total, as Chinese elderly-care assessments band them.
LEVELS = ((100, "independent"), (61, "mild"), (41, "moderate"), (0, "severe"))


class InvalidAnswers(ValueError):
    pass


def score(answers: dict[str, int]) -> int:
    """The total of a complete form; refuses a missing item, an unknown one or a score the item does not allow."""
    if set(answers) != set(ITEMS):
        raise InvalidAnswers("every item, and only the ten items, must be answered")
    for item, value in answers.items():
        if value not in ITEMS[item]:
            raise InvalidAnswers(f"{item} cannot score {value}")
    return sum(answers.values())


def level(total: int) -> str:
    return next(name for floor, name in LEVELS if total >= floor)
