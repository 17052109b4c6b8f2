"""notation: ISMP / Joint Commission do-not-use notation, reported as information."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired

pytestmark = pytest.mark.unit

POSITIVE = [
    ("warfarin 1.0 mg PO daily", "trailing zero"),
    ("colchicine .5 mg PO daily", "naked decimal"),
    ("insulin glargine 10U nightly", "U for units"),
    ("insulin glargine 10 IU nightly", "IU"),
    ("lisinopril 10 mg PO QD", "QD"),
    ("furosemide 20 mg PO QOD", "QOD"),
]
NEAR_MISS = [
    "warfarin 1 mg PO daily",
    "colchicine 0.5 mg PO daily",
    "insulin glargine 10 units nightly",
    "lisinopril 10 mg PO daily",
]


@pytest.mark.parametrize(("text", "label"), POSITIVE)
def test_positive(checker, text, label) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "notation")
    assert any(f"({label})" in f.message and f.severity == "info" for f in hits), [
        f.message for f in hits
    ]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "notation")


@pytest.mark.parametrize(
    "text",
    ["levothyroxine 50 µg PO daily", "fentanyl 25 μg IV q1h PRN", "vasopressin 0.03 U/min IV"],
)
def test_micrograms_and_units_per_minute(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert fired(checker, text, "notation"), text


def test_u_per_ml_is_flagged(checker) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, "heparin 1 U/mL in NaCl 0.45% at 0.5 mL/h via UAC", "notation")
    assert any("U for units" in f.message for f in found)
