"""pregnancy: contraindicated drugs when the note records a pregnancy; near-misses."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "32F, pregnant 10 wk (IUP confirmed). Chronic HTN: continue lisinopril 10 mg daily.",
    "G2P1 at 12 weeks gestation. warfarin 5 mg daily",
]
NEAR_MISS = [
    "32F, pregnant 10 wk. Chronic HTN: labetalol 200 mg BID.",
    "32F, not pregnant. lisinopril 10 mg daily",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "pregnancy")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "pregnancy"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G2P1 @ 32 wks, back pain: naproxen 500 mg PO BID x 5 days", "warning"),
        ("28+4 weeks gestation, sprain: ibuprofen 400 mg PO q8h PRN", "warning"),
        ("IUP at 12 weeks gestation, headache: ibuprofen 400 mg PO once", None),  # before 20 weeks
        ("pregnant, headache: ibuprofen 400 mg PO q8h PRN", "info"),  # gestational age not written
    ],
)
def test_nsaids_from_20_weeks(checker, text, expected) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, text, "pregnancy")
    assert [f.severity for f in found] == ([expected] if expected else []), text


@pytest.mark.parametrize(
    ("text", "serious_expected"),
    [
        ("Unruptured tubal ectopic, hCG 1800. methotrexate 50 mg/m2 = 86 mg IM x1", False),
        ("IUFD at 30 wk: misoprostol 25 mcg PV q4h for induction", False),
        (
            "RA flare, 8 weeks pregnant. methotrexate 15 mg PO weekly",
            True,
        ),  # not the pregnancy's treatment
    ],
)
def test_pregnancy_as_the_indication(checker, text, serious_expected) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, text, "pregnancy", patient={"pregnant": True})
    assert bool(serious(found)) is serious_expected, text


def test_a_newborns_gestational_age_is_not_a_pregnancy(checker) -> None:  # type: ignore[no-untyped-def]
    baby = (
        "NICU: 28+2 wk preterm, DOL 2, 1.1 kg, PDA. Ibuprofen 11 mg IV once then 5.5 mg IV q24h x2"
    )
    assert not serious(fired(checker, baby, "pregnancy"))
    mother = "31F, 32+1 weeks pregnant. Ibuprofen 400 mg PO TID"
    assert serious(fired(checker, mother, "pregnancy"))
