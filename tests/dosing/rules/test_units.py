"""unit: impossible units, mg/mcg slips, insulin in mL, 10-fold differences between lists."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "levothyroxine 100 mg PO daily",
    "Home: glargine 4U qhs. Order: insulin glargine 40 units qhs",
    "insulin lispro 5 mL SC with meals",
    "warfarin 5 mEq daily",
]
NEAR_MISS = [
    "levothyroxine 100 mcg PO daily",
    "Home: glargine 20 units qhs. Order: insulin glargine 20 units qhs",
    "insulin lispro 5 units SC with meals",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "unit")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "unit"))


def test_a_load_and_its_maintenance_are_not_a_tenfold_slip(checker) -> None:  # type: ignore[no-untyped-def]
    load = "PHENobarbital 60 mg IV over 20 min x1 (20 mg/kg load)\nthen PHENobarbital 6 mg IV q12h"
    assert not serious(fired(checker, load, "unit", patient={"age": 0.003, "weight_kg": 3.0}))
    slip = "insulin glargine 10 units subcut at bedtime\nDischarge: insulin glargine 100 units/mL pen - inject 100 units at bedtime"
    assert [str(f.severity) for f in fired(checker, slip, "unit")] == ["critical"]


def test_a_dose_written_in_the_smaller_unit_far_below_the_usual_minimum(checker) -> None:  # type: ignore[no-untyped-def]
    slip = fired(checker, "Vitamin K (phytonadione) 10 mcg IV daily x 3 days for INR 2.4", "unit")
    assert [str(f.severity) for f in slip] == ["warning"] and "below the usual" in slip[0].message
    assert not serious(fired(checker, "phytonadione 10 mg IV daily x 3 days", "unit"))
    assert not serious(fired(checker, "phytonadione 1 mg IM once (newborn)", "unit"))


def test_a_stepped_change_whose_result_does_not_follow(checker) -> None:  # type: ignore[no-untyped-def]
    slip = "Toujeo 18 units at night. Fasting sugars high: increase by 2 units -> Toujeo 200 units at night"
    found = fired(checker, slip, "unit")
    assert [str(f.severity) for f in found] == ["critical"] and "should be 20 units" in found[
        0
    ].message
    right = "Toujeo 18 units at night. Fasting sugars high: increase by 2 units -> Toujeo 20 units at night"
    assert not serious(fired(checker, right, "unit"))
    down = "Lantus 30 units qhs; lows overnight, reduce by 4 units to Lantus 26 units qhs"
    assert not serious(fired(checker, down, "unit"))


def test_two_routes_ten_times_apart_are_not_a_slip(checker) -> None:  # type: ignore[no-untyped-def]
    two_routes = "Naloxone 4 mg intranasal now; once IV access, naloxone 0.4 mg IV increments"
    assert not serious(fired(checker, two_routes, "unit"))


def test_an_insulin_change_many_times_the_dose(checker) -> None:  # type: ignore[no-untyped-def]
    slip = "Lantus 14 units qHS. Plan: increase glargine from 14 units to 160 units qHS"
    assert [str(f.severity) for f in fired(checker, slip, "unit")] == ["critical"]
    right = "Lantus 14 units qHS. Plan: increase glargine from 14 units to 16 units qHS"
    assert not serious(fired(checker, right, "unit"))


def test_an_amount_naming_the_next_drug(checker) -> None:  # type: ignore[no-untyped-def]
    dental = "up to 6 cartridges (264 mg lidocaine, 132 mcg epinephrine)"
    assert not serious(fired(checker, dental, "unit"))
