"""insulin: first regimens far above the starting doses, and mealtime doses above 1 unit/kg."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("Humulin R U-500 50 units SC TID; draw up to the 50-unit mark on a U-100 syringe", "critical"),
    ("Insulin-naive, 70 kg: insulin lispro 100 units SC with each meal", "critical"),
    (
        "Insulin-naive T2DM, wt 90 kg: start insulin glargine 2 units/kg/day = 180 units SC daily",
        "critical",
    ),
    (
        "Insulin-naive T2DM, wt 60 kg: glargine 30 units at bedtime + lispro 30 units TID AC",
        "critical",
    ),
    ("T2DM, 70 kg: Humalog 2 units/kg subcut with each meal", "critical"),
    ("insulin-naive, 80 kg: insulin glargine 56 units SC nightly", "warning"),  # 0.7 units/kg/day
]
NEAR_MISS = [
    "TDD 420 units, 130 kg: Humulin R U-500 KwikPen 150 units SC before breakfast and lunch",
    "Insulin-naive T2DM, 90 kg: start insulin glargine 10 units SC nightly",
    "Insulin-naive, 80 kg: glargine 16 units nightly + lispro 4 units SC with each meal",  # 0.35 units/kg/day
    "T2DM on insulin for 10 years, 110 kg: glargine 120 units nightly, lispro 30 units TID AC",  # insulin-resistant
    "insulin lispro 20 units SC with meals",  # no weight: the per-kg checks are silent
]


@pytest.mark.parametrize(("text", "severity"), POSITIVE)
def test_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "insulin")
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "insulin"))


def test_basal_insulin_held_in_type_1_diabetes(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Type 1 diabetes, NPO for ERCP.\nHold Lantus 18 units tonight.\nlispro correction scale q4h"
    )
    found = fired(checker, text, "insulin")
    assert any(f.severity == "warning" and "type 1" in f.message for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Type 1 diabetes, NPO for ERCP.\nLantus reduce to 14 units tonight (80%).\nlispro correction scale q4h",
        "T1DM in DKA: hold glargine; insulin regular infusion 0.1 units/kg/h",  # an infusion covers it
        "Type 2 DM, NPO: hold glargine 20 units tonight, correction scale",  # not type 1
    ],
)
def test_basal_insulin_not_wrongly_said_held(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not [
        f for f in fired(checker, text, "insulin", {"weight_kg": 70}) if "type 1" in f.message
    ]


def test_titration_interval_is_not_the_dose_interval(checker) -> None:  # type: ignore[no-untyped-def]
    text = "insulin naive. start glargine 80 units subcut at bedtime, titrate by 2 units q3d"
    assert any(f.severity == "critical" for f in fired(checker, text, "insulin", {"weight_kg": 60}))


def test_raising_insulin_after_a_recorded_low(checker) -> None:  # type: ignore[no-untyped-def]
    low = "Toujeo 30 units nightly. CBG 02:00 2.9 mmol/L (hypo treated). Plan: increase Toujeo to 34 units nightly"
    found = [f for f in fired(checker, low, "insulin") if "hypoglycaemia" in f.message]
    assert [str(f.severity) for f in found] == ["warning"]
    no_low = "Toujeo 30 units nightly. Fasting CBG 11-13 mmol/L, no hypos. Plan: increase Toujeo to 34 units nightly"
    assert not [f for f in fired(checker, no_low, "insulin") if "hypoglycaemia" in f.message]
    reduce = (
        "Toujeo 30 units nightly. CBG 02:00 2.9 mmol/L. Plan: reduce Toujeo to 26 units nightly"
    )
    assert not [f for f in fired(checker, reduce, "insulin") if "hypoglycaemia" in f.message]


def test_paediatric_insulin_infusion_rate(checker) -> None:  # type: ignore[no-untyped-def]
    child = {"age": 8, "weight_kg": 25}
    assert serious(
        fired(checker, "DKA: insulin regular IV infusion at 25 units/h", "max_rate", patient=child)
    )
    assert not serious(
        fired(checker, "DKA: insulin regular IV infusion at 2.5 units/h", "max_rate", patient=child)
    )
