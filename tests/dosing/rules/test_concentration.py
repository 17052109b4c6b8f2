"""concentration: heparin flush strength for infants; near-misses."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "6 mo, 7 kg. Flush PICC: heparin 10,000 units/mL, 1 mL q8h.",
    "3-day-old neonate: heparin flush 1,000 units/mL 1 mL",
]
NEAR_MISS = [
    "6 mo, 7 kg. Flush PICC: heparin 10 units/mL, 1 mL q8h.",
    "68M: heparin 5,000 units/mL 1 mL SC q8h",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert any(f.severity == "critical" for f in fired(checker, text, "concentration")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "concentration"))


def test_a_percent_strength_written_with_the_name(checker) -> None:  # type: ignore[no-untyped-def]
    infant = {"age": 0.01, "weight_kg": 3.4}
    d50 = fired(checker, "Dextrose 50% 5 mL IV push for BG 1.8", "concentration", patient=infant)
    assert [str(f.severity) for f in d50] == ["critical"]
    assert not serious(
        fired(checker, "Dextrose 10% 7 mL IV push for BG 1.8", "concentration", patient=infant)
    )
