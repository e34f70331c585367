import pytest

from casework import barthel

FULL = {item: max(scores) for item, scores in barthel.ITEMS.items()}


def test_a_fully_independent_person_scores_100():
    assert barthel.score(FULL) == 100
    assert barthel.level(100) == "independent"


def test_known_forms_score_and_band_as_published():
    # Needs help with bathing and stairs, a little help dressing and walking: 100 - 5 - 10 - 5 - 5 = 75.
    mild = {**FULL, "bathing": 0, "stairs": 0, "dressing": 5, "mobility": 10}
    assert barthel.score(mild) == 75 and barthel.level(75) == "mild"
    # Bedridden, fed by others, incontinent: only grooming and feeding partly.
    severe = dict.fromkeys(barthel.ITEMS, 0) | {"feeding": 5, "grooming": 5}
    assert barthel.score(severe) == 10 and barthel.level(10) == "severe"
    assert [barthel.level(n) for n in (61, 60, 41, 40)] == ["mild", "moderate", "moderate", "severe"]


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({**FULL, "bathing": 10}, "bathing cannot score 10"),  # bathing scores 0 or 5
        ({k: v for k, v in FULL.items() if k != "stairs"}, "only the ten items"),  # an item missing
        ({**FULL, "cooking": 5}, "only the ten items"),  # not an item
    ],
)
def test_an_impossible_form_is_refused(answers, reason):
    with pytest.raises(barthel.InvalidAnswers, match=reason):
        barthel.score(answers)
