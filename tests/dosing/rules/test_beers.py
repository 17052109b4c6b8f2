"""age (AGS Beers Criteria): drugs to avoid from 65 whatever the dose, unless the order names an accepted use."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("diphenhydramine 50 mg PO at bedtime PRN insomnia", 86),
    ("hydroxyzine 25 mg PO q6h PRN itching", 78),
    ("glyburide 5 mg PO daily with breakfast", 81),
    ("cyclobenzaprine 10 mg PO TID PRN back spasm", 72),
    ("zolpidem 10 mg PO at bedtime", 90),
    ("meperidine 50 mg IM q4h PRN pain", 70),
]
NEAR_MISS = [
    (
        "diphenhydramine 50 mg IV x1 for acute allergic reaction (urticaria, lip swelling)",
        80,
    ),  # accepted use
    ("diphenhydramine 25 mg PO at bedtime PRN", 40),  # not an older adult
    ("zolpidem 5 mg PO at bedtime", None),  # age unknown
    ("meperidine 25 mg IV x1 for post-op shivering", 70),
]


@pytest.mark.parametrize(("text", "age"), POSITIVE)
def test_positive(checker, text, age) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, text, "age", {"age": age})
    assert [f.severity for f in found] == ["warning"], text
    assert "Beers" in found[0].message


@pytest.mark.parametrize(("text", "age"), NEAR_MISS)
def test_near_miss(checker, text, age) -> None:  # type: ignore[no-untyped-def]
    patient = {"age": age} if age is not None else None
    assert not serious(fired(checker, text, "age", patient)), text


def test_allergy_list_elsewhere_is_not_an_accepted_use(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Allergies: PCN (hives)\nv/o: diphenhydramine 50 mg PO qHS PRN sleep"
    assert serious(fired(checker, text, "age", {"age": 84}))


@pytest.mark.parametrize(
    ("text", "age", "flagged"),
    [
        ("lorazepam 1 mg PO at bedtime for sleep", 79, True),
        ("alprazolam 0.5 mg PO TID PRN anxiety", 70, True),
        ("lorazepam 2 mg IV now for seizure > 5 min", 81, False),  # accepted use on the order line
        ("lorazepam 1 mg PO q4h PRN CIWA > 10 (alcohol withdrawal)", 68, False),
        ("clonazepam 0.5 mg PO at bedtime for REM sleep behavior disorder", 74, False),
    ],
)
def test_benzodiazepines(checker, text, age, flagged) -> None:  # type: ignore[no-untyped-def]
    found = serious(fired(checker, text, "age", {"age": age}))
    assert bool(found) is flagged, text
