"""frequency (neonatal): aminoglycoside intervals by postmenstrual and postnatal age (Neofax)."""

from __future__ import annotations

import pytest

from cdss.dosing.rules.neonatal import NeonatalIntervalRule
from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("NICU, born at 27 weeks, DOL 2, 0.9 kg\ngentamicin 4.5 mg IV q24h", {"weight_kg": 0.9}, 48),
    (
        "preterm 27 wk GA, day 12 of life, wt 1.2 kg\ntobramycin 5 mg IV q24h",
        {"weight_kg": 1.2},
        36,
    ),
    ("32 wk GA, DOL 1, 1.6 kg. gentamicin 7 mg IV q24h", {"weight_kg": 1.6, "age": 0.003}, 36),
]
NEAR_MISS = [
    ("NICU, born at 27 weeks, DOL 2, 0.9 kg\ngentamicin 4.5 mg IV q48h", {"weight_kg": 0.9}),
    ("term neonate 39 wk GA, DOL 2, 3.4 kg: gentamicin 14 mg IV q24h", {"weight_kg": 3.4}),
    ("30 wk GA, DOL 40 (PMA 35 wk), 1.9 kg: gentamicin 8 mg IV q24h", {"weight_kg": 1.9}),
    ("gentamicin 5 mg/kg IV q24h", {"age": 40, "weight_kg": 70}),  # an adult: not a neonate
]


@pytest.mark.parametrize(("text", "patient", "interval"), POSITIVE)
def test_positive(checker, text, patient, interval) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "frequency", patient) if "neonate" in f.message]
    assert [f.severity for f in found] == ["warning"], text
    assert f"every {interval} h" in found[0].message


@pytest.mark.parametrize(("text", "patient"), NEAR_MISS)
def test_near_miss(checker, text, patient) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "frequency", patient) if "neonate" in f.message]
    assert not serious(found), text


def test_rule_is_registered() -> None:
    from cdss.dosing.rules import RULES

    assert RULES["NeonatalIntervalRule"] is NeonatalIntervalRule
