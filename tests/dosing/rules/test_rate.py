"""max_rate: infusion rates per hour and per kg per hour, and intermittent doses given too fast."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

RATE_POSITIVE = [
    (
        "Severe PET. MgSO4 50% 10 g in 20 mL by syringe pump at 8 mL/h (= 4 g/h) for 24 hours",
        "critical",
    ),  # the rate written beside a strength-first bag: 4 g/h for at most 2
    (
        "Intubated, 80 kg. Precedex 0.5 mcg/kg/min IV infusion",
        "critical",
    ),  # 30 mcg/kg/h: per minute for per hour
    (
        "HHS, 90 kg: insulin regular 1 unit/kg/h IV infusion = 90 units/h",
        "critical",
    ),  # 10 times 0.1 units/kg/h
    ("septic shock: vasopressin 0.2 units/min IV", "critical"),
    ("K 2.8, no central line. KCl 40 mEq in 100 mL NS IV over 30 min", "critical"),  # 80 mEq/h
    ("Pre-eclampsia: magnesium sulfate 4 g IV over 20 min then 10 g/h maintenance", "critical"),
    (
        "AF RVR, 80 kg: diltiazem 0.25 mg/kg IV (20 mg) over 2 min, then infusion 50 mg/h",
        "critical",
    ),
    ("Mg 1.4, asymptomatic\nmagnesium sulfate 4 g IV over 10 min", "warning"),  # 24 g/h
    ("Phos 1.2, PIV\nsodium phosphate 30 mmol IV over 1 h", "critical"),  # 30 mmol/h
    ("potassium phosphate 30 mEq IV over 1 h", "warning"),  # mEq of potassium: 20 mmol phosphate/h
    ("MRSA pneumonia, 85 kg\nvancomycin 1,500 mg IV q12h -- infuse over 30 min", "critical"),
    (
        "Status epilepticus, 75 kg\nphenytoin 1,500 mg IV in NS over 10 min",
        "critical",
    ),  # 150 mg/min
    ("Preeclampsia: magnesium sulfate 4 g IV over 20 min, then 4 g/h maintenance", "critical"),
]
RATE_NEAR_MISS = [
    "Severe PET. MgSO4 50% 20 g in 40 mL via syringe driver at 2 mL/h (= 1 g/h) for 24 h",  # ACOG 1 g/h
    "Precedex 0.4 mcg/kg/h IV, 80 kg",
    "DKA, 70 kg: insulin regular 0.1 units/kg/h IV = 7 units/h",
    "Argatroban 2 mcg/kg/min IV for HIT, wt 85 kg = 170 mcg/min",  # per-minute total kept per hour too
    "esmolol 100 mcg/kg/min IV, 70 kg",
    "vasopressin 0.03 units/min IV",
    "KCl 10 mEq in 100 mL NS IV over 1 h",
    "Severe pre-eclampsia: magnesium sulfate 4 g IV over 20 min, then 1 g/h IV",  # a loading dose is not a rate
    "esmolol 500 mcg/kg IV over 1 min (35 mg) then 50 mcg/kg/min (3.5 mg/min), 70 kg",
    "oxytocin 2 milliunits/min IV, increase by 2 milliunits/min q30 min per protocol (max 20 milliunits/min)",
    "torsades: magnesium sulfate 2 g IV over 5 min",  # small emergency dose
    "sodium phosphate 15 mmol IV over 2 h",
    "K-Phos 15 mmol IV over 3 h",
    "vancomycin 1 g IV over 60 min q12h",
    "phenytoin 1,500 mg IV in 100 mL NS over 30 min",
]


@pytest.mark.parametrize(("text", "severity"), RATE_POSITIVE)
def test_rate_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "max_rate")
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize("text", RATE_NEAR_MISS)
def test_rate_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(checker.check(text).findings), [
        (f.rule, f.message) for f in checker.check(text).findings
    ]


PUMP_POSITIVE = [
    "heparin 25,000 units/500 mL (50 units/mL)\nInfusion 18 units/kg/h = 1,440 units/h\nPump rate: 288 mL/h",
    "dexmedetomidine 400 mcg/100 mL (4 mcg/mL)\nGoal 0.4 mcg/kg/h\nPump programmed: 80 mL/h",
]
PUMP_NEAR_MISS = [
    "heparin 25,000 units/500 mL (50 units/mL)\nInfusion 18 units/kg/h = 1,440 units/h\nPump rate: 28.8 mL/h",
    "norepinephrine 4 mg in 250 mL NS (16 mcg/mL)\nstart 0.1 mcg/kg/min = 8 mcg/min -> pump 30 mL/h",
]


@pytest.mark.parametrize("text", PUMP_POSITIVE)
def test_pump_rate_mismatch(checker, text) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "pump_rate", {"weight_kg": 80})
    assert any(f.severity == "critical" for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize("text", PUMP_NEAR_MISS)
def test_pump_rate_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(checker.check(text, patient={"weight_kg": 80}).findings), text


def test_pump_rate_written_after_the_ordered_rate(checker) -> None:  # type: ignore[no-untyped-def]
    bad = "heparin 25,000 units/250 mL: 12 units/kg/h = 960 units/h -> pump at 96 mL/h"  # 100 units/mL: 9,600
    good = "heparin 25,000 units/250 mL: 12 units/kg/h = 960 units/h -> pump at 9.6 mL/h"
    assert any(
        f.severity == "critical" for f in fired(checker, bad, "pump_rate", {"weight_kg": 80})
    )
    assert not fired(checker, good, "pump_rate", {"weight_kg": 80})


def test_rate_after_the_bag_is_the_order(checker) -> None:  # type: ignore[no-untyped-def]
    st = [
        s
        for s in checker.extractor.extract(
            "norepinephrine 4 mg in 250 mL NS at 8 mcg/min, no bolus"
        )
    ]
    assert st[0].dose == 480 and st[0].per_hour and not st[0].iv_push


def test_titration_ceiling_is_checked(checker) -> None:  # type: ignore[no-untyped-def]
    over = "nicardipine 25 mg/250 mL: start 5 mg/h, increase 2.5 mg/h q15 min to max 25 mg/h"
    assert [f.severity for f in fired(checker, over, "max_rate")] == [
        "warning"
    ]  # 1.7x the label maximum
    within = "nicardipine 25 mg/250 mL: start 5 mg/h, increase 2.5 mg/h q15 min to max 15 mg/h"
    assert not serious(fired(checker, within, "max_rate"))


def test_fosphenytoin_rate(checker) -> None:  # type: ignore[no-untyped-def]
    fast = "Fosphenytoin 1500 mg PE IV (20 mg PE/kg) in 100 mL NS - infuse over 5 min."
    assert any(
        f.severity == "critical"
        for f in fired(checker, fast, "max_rate", {"age": 45, "weight_kg": 75})
    )
    slow = "Fosphenytoin 1500 mg PE IV (20 mg PE/kg) in 100 mL NS - infuse over 15 min."
    assert not serious(fired(checker, slow, "max_rate", {"age": 45, "weight_kg": 75}))


def test_the_pump_line_under_an_ordered_rate(checker) -> None:  # type: ignore[no-untyped-def]
    body = "Heparin 25,000 units in 500 mL (50 units/mL): 18 units/kg/h = 1,260 units/h.\nPump programmed: {} mL/h"
    patient = {"age": 60, "weight_kg": 70}
    assert [
        str(f.severity) for f in fired(checker, body.format("252"), "pump_rate", patient=patient)
    ] == ["critical"]
    assert not serious(fired(checker, body.format("25.2"), "pump_rate", patient=patient))


def test_an_epidural_rate_in_ml_per_hour_of_a_percent_strength(checker) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, "Ropivacaine 0.2% epidural infusion @ 50 mL/h", "max_daily_dose"))
    assert not serious(
        fired(checker, "Ropivacaine 0.2% epidural infusion @ 8 mL/h", "max_daily_dose")
    )


def test_a_bag_then_its_pump_rate_in_ml_per_hour(checker) -> None:  # type: ignore[no-untyped-def]
    # "50 units in 50 mL at 45 mL/h" is 45 units/h: ten times a 0.05 units/kg/h VRIII for 90 kg
    pump = "Pump programmed: Actrapid 50 units in 50 mL NaCl 0.9% (1 unit/mL) at 45 mL/h"
    assert [
        str(f.severity)
        for f in fired(checker, pump, "max_rate", patient={"age": 50, "weight_kg": 90})
    ] == ["critical"]
    right = "Pump programmed: Actrapid 50 units in 50 mL NaCl 0.9% (1 unit/mL) at 4.5 mL/h"
    assert not serious(fired(checker, right, "max_rate", patient={"age": 50, "weight_kg": 90}))
    # a heparin bag with its pump rate is an hourly amount, not a 25,000-unit single dose
    bag = "heparin 25,000 units in 500 mL D5W at 24 mL/h"
    assert not serious(fired(checker, bag, "max_single_dose", patient={"age": 60, "weight_kg": 80}))


def test_intermittent_doses_given_too_fast_per_kg(checker) -> None:  # type: ignore[no-untyped-def]
    child = {"age": 4, "weight_kg": 16}
    fast = "Potassium chloride 16 mmol in 100 mL NaCl 0.9% IV over 1 hour via CVC"
    assert serious(fired(checker, fast, "max_rate", patient=child))
    slow = "Potassium chloride 8 mmol in 100 mL NaCl 0.9% IV over 2 hours via CVC"
    assert not serious(fired(checker, slow, "max_rate", patient=child))
    load = "wt 70 kg. Dexmedetomidine 70 mcg IV push over 1 min for awake intubation"
    assert serious(fired(checker, load, "max_rate"))


def test_a_rate_line_under_a_bag_with_its_ml_per_hour(checker) -> None:  # type: ignore[no-untyped-def]
    body = "FRIII: insulin regular 50 units in 50 mL NaCl 0.9% (1 unit/mL)\nRate: 0.1 units/kg/h = {} mL/h"
    adult = {"age": 30, "weight_kg": 70}
    assert [
        str(f.severity) for f in fired(checker, body.format("70"), "pump_rate", patient=adult)
    ] == ["critical"]
    assert not serious(fired(checker, body.format("7"), "pump_rate", patient=adult))
