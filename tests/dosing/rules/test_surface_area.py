"""BodySurfaceAreaRule: mg/m2 arithmetic against the body surface area, mg/m2 per dose, and a schedule's intensity
over one cycle (cisplatin 100 mg/m2 every 3 weeks, 20 mg/m2 daily for 5 days or 40 mg/m2 weekly; not 100 weekly)."""

from __future__ import annotations

import pytest

from cdss.dosing.patient import Patient
from tests.dosing.rules.conftest import fired, serious

ADULT = {"age": 58, "weight_kg": 82, "height_cm": 167, "crcl": 95}


def test_ten_fold_total_against_written_bsa_is_critical(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Ectopic pregnancy. BSA 1.69 m2.\nMethotrexate 50 mg/m2 IM single dose = 840 mg IM stat."
    found = fired(checker, text, "body_surface_area", {"age": 31, "weight_kg": 62})
    assert [f.severity for f in found] == ["critical"], found
    assert "84.5 mg" in found[0].message and "1.69 m2" in found[0].message


def test_total_matching_bsa_passes(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Cisplatin 40 mg/m2 IV weekly x6 = 73 mg (BSA 1.82 m2), in 1 L sodium chloride 0.9% over 1 h."
    assert not serious(fired(checker, text, "body_surface_area", ADULT))


def test_capped_total_below_bsa_amount_passes(checker) -> None:  # type: ignore[no-untyped-def]
    text = "BSA 2.14 m2\nvinCRIStine 1.4 mg/m2 = 3 mg -> CAPPED, give 2 mg IV in 50 mL NS minibag over 10 min"
    found = checker.check(text, patient={"age": 58, "weight_kg": 93, "height_cm": 178}).findings
    assert not serious(found), [(f.rule, f.message) for f in found]


@pytest.mark.parametrize(
    ("order", "bad"),
    [
        ("Cisplatin 100 mg/m2 IV WEEKLY on days 1, 8, 15, 22, 29 and 36 with RT", True),
        ("Cisplatin 100 mg/m2 IV every 3 weeks with RT (days 1, 22, 43)", False),
        ("Cisplatin 40 mg/m2 IV weekly x 6 with RT", False),
        ("BEP: cisplatin 20 mg/m2 IV daily x 5 days", False),
        ("cisplatin 150 mg/m2 IV once", True),  # above 100 mg/m2 in one dose
    ],
)
def test_cisplatin_schedule_intensity(checker, order: str, bad: bool) -> None:  # type: ignore[no-untyped-def]
    found = serious(fired(checker, order, "body_surface_area", ADULT))
    assert bool(found) is bad, [(f.severity, f.message) for f in found]


def test_bsa_read_from_note_or_worked_out() -> None:
    assert Patient(height_cm=167, weight_kg=82).surface_area == pytest.approx(1.95, abs=0.01)
    assert Patient(height_cm=167, weight_kg=82, bsa_m2=1.8).surface_area == 1.8
