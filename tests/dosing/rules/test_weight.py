"""weight_based: stated totals against the weight (10-fold, pounds as kg) and mg/kg maxima."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("vancomycin 15 mg/kg IV q12h = 7,500 mg, wt 50 kg", "critical"),
    ("heparin 80 units/kg IV bolus = 65,600 units, weight 82 kg", "critical"),
    ("wt 176 lb. vancomycin 15 mg/kg IV q12h = 2,640 mg", "critical"),  # 176 used as kg
    ("weight 40 kg. vancomycin 2,400 mg (20 mg/kg) IV q12h", "critical"),  # 2,400 mg is 60 mg/kg
    (
        "Enoxaparin 1 mg/kg SC q12h for PE. Wt 220 lb -> 220 mg SC q12h",
        "critical",
    ),  # pounds used as kg
    (
        "HSV encephalitis. wt 132 kg (IBW 70 kg)\nacyclovir 10 mg/kg IV q8h using actual wt = 1,320 mg",
        "warning",
    ),  # obese: the label doses on ideal body weight (18.9 mg/kg of IBW)
    (
        "Heparin drip (DVT nomogram), wt 80 kg:\nrate = 18 units/kg/h x 80 kg = 14,400 units/h",
        "critical",
    ),
    (
        "9 mo, 8 kg\nacetaminophen 160 mg/5 mL susp -- give 15 mL (480 mg) PO q4h PRN fever",
        "critical",
    ),
]
NEAR_MISS = [
    "vancomycin 15 mg/kg IV q12h = 750 mg, wt 50 kg",
    "heparin 80 units/kg IV bolus = 6,560 units, weight 82 kg",
    "wt 176 lb (80 kg). vancomycin 15 mg/kg IV q12h = 1,200 mg",
    "Enoxaparin 1 mg/kg SC q12h for PE. Wt 220 lb -> 100 mg SC q12h",
    "Phenytoin load 20 mg/kg IV, wt 176 lb = 80 kg -> 1,600 mg, no faster than 50 mg/min",
    "wt 132 kg (IBW 70 kg)\nacyclovir 10 mg/kg IV q8h = 700 mg",  # worked from ideal weight, as it should be
    "5 yo, 18 kg: acetaminophen 15 mg/kg = 270 mg PO q4-6h prn, max 5 doses/24h",  # capped at 75 mg/kg/day
]


@pytest.mark.parametrize(("text", "severity"), POSITIVE)
def test_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "weight_based")
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "weight_based"))


def test_cap_written_with_the_per_kg_dose(checker) -> None:  # type: ignore[no-untyped-def]
    capped = "heparin 60 units/kg IV bolus (max 4,000) = 4,000 units"
    assert not serious(fired(checker, capped, "weight_based", {"weight_kg": 110}))
    uncapped = "heparin 60 units/kg IV bolus = 4,000 units"
    assert serious(fired(checker, uncapped, "weight_based", {"weight_kg": 110}))


def test_equivalent_rate_per_kg_is_not_a_total(checker) -> None:  # type: ignore[no-untyped-def]
    text = "propofol 10 mg/mL: 3 mg/kg/h (= 50 mcg/kg/min) -> 24 mL/h"
    assert not serious(fired(checker, text, "weight_based", {"weight_kg": 80}))


def test_potassium_in_mmol_is_checked_as_meq(checker) -> None:  # type: ignore[no-untyped-def]
    text = "potassium chloride 20 mmol in 50 mL sodium chloride 0.9% IV over 1 hour via PIVC"
    assert any(
        f.severity == "critical"
        for f in fired(checker, text, "weight_based", {"age": 1.5, "weight_kg": 10})
    )


def test_the_per_kg_figure_beside_a_dose_in_another_unit(checker) -> None:  # type: ignore[no-untyped-def]
    # magnesium sulfate is dosed in g; "1,200 mg (40 mg/kg)" for 30 kg is right, "12,000 mg (40 mg/kg)" is not
    child = {"age": 9, "weight_kg": 30}
    assert not serious(
        fired(checker, "MgSO4 1,200 mg (40 mg/kg) IV over 20 min", "weight_based", patient=child)
    )
    assert serious(
        fired(checker, "MgSO4 12,000 mg (40 mg/kg) IV over 20 min", "weight_based", patient=child)
    )


def test_dalteparin_weight_bands(checker) -> None:  # type: ignore[no-untyped-def]
    # the label's 200 units/kg prefilled-syringe bands reach about 220 units/kg at the foot of a band
    band = "dalteparin 12,500 units SC daily (cancer VTE, month 1)"
    assert not serious(fired(checker, band, "weight_based", patient={"age": 60, "weight_kg": 57}))
    assert serious(
        fired(
            checker,
            "dalteparin 18,000 units SC daily",
            "weight_based",
            patient={"age": 60, "weight_kg": 57},
        )
    )


def test_uk_co_trimoxazole_doses_are_the_product_total(checker) -> None:  # type: ignore[no-untyped-def]
    # co-trimoxazole 480 mg is 80 mg trimethoprim (4 mg/kg for 20 kg); TMP-SMX 480 mg of trimethoprim is not
    child = {"age": 6, "weight_kg": 20}
    assert not serious(
        fired(
            checker,
            "co-trimoxazole 480 mg PO BD Mon/Tue/Wed (PJP prophylaxis)",
            "weight_based",
            patient=child,
        )
    )
    assert serious(fired(checker, "TMP-SMX 480 mg PO BID", "weight_based", patient=child))


def test_a_strength_per_ml_is_no_stated_total(checker) -> None:  # type: ignore[no-untyped-def]
    order = "Milrinone 0.5 mcg/kg/min IV (200 mcg/mL premix = 10.5 mL/h)"
    assert not serious(fired(checker, order, "weight_based", patient={"age": 60, "weight_kg": 70}))
