"""hepatic: limits in cirrhosis, Child-Pugh B/C and heavy alcohol use; near-misses."""

from __future__ import annotations

import pytest

from cdss.dosing.patient import read_patient
from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "severe alcoholic hepatitis, bili 14: continue atorvastatin 40 mg nightly",
    "Cirrhosis, Child-Pugh C. Acetaminophen 1 g PO q6h scheduled.",
    "EtOH: 10-12 beers/day. Tylenol 1000 mg PO q6h ATC.",
    "EtOH: 1 pint vodka daily. Acetaminophen 650 mg PO q6h PRN (2.6 g/day)",
    "Child-Pugh B, 70 kg: voriconazole 6 mg/kg IV q12h x2, then 4 mg/kg IV q12h",  # maintenance not halved
    "Hx cirrhosis (Child-Pugh B). Seizures: Depakote (valproate) 500 mg PO BID.",
    "Child-Pugh C cirrhosis, new AF\nstart rivaroxaban 20 mg PO daily w/ evening meal",
]
NEAR_MISS = [
    "Cirrhosis, Child-Pugh A. Acetaminophen 500 mg PO q6h PRN (max 2 g/day).",
    "No liver disease. Acetaminophen 1 g PO q6h.",
    "Child-Pugh B, 70 kg: voriconazole 6 mg/kg IV q12h x2, then 2 mg/kg IV q12h",
]
STATES = [
    ("Child-Pugh C cirrhosis", "child_pugh_c"),
    ("Child Pugh class B", "child_pugh_b"),
    ("alcohol use disorder", "any"),
    ("drinks a fifth of whiskey a day", "any"),
    ("a glass of wine with dinner on Fridays", None),
    ("decompensated cirrhosis with ascites", "child_pugh_c"),
    ("no history of liver disease", None),
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "hepatic")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "hepatic"))


@pytest.mark.parametrize(("text", "state"), STATES)
def test_states(text, state) -> None:  # type: ignore[no-untyped-def]
    assert read_patient(text).hepatic == state


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("Child-Pugh C cirrhosis. rivaroxaban 20 mg PO daily", "critical"),
        ("Child-Pugh B cirrhosis. rivaroxaban 20 mg PO daily", "warning"),
        ("decompensated cirrhosis (Child-Pugh C): apixaban 5 mg PO BID", "critical"),
    ],
)
def test_anticoagulants_in_liver_failure(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    assert [str(f.severity) for f in fired(checker, text, "hepatic")] == [severity]


def test_hepatic_impairment_read_from_bilirubin_or_daily_drinking(checker) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, "bilirubin 4.2 mg/dL. Acetaminophen 1 g PO q6h", "hepatic"))
    assert serious(fired(checker, "drinks alcohol daily. Tylenol 1 g PO QID", "hepatic"))
    assert not serious(fired(checker, "bilirubin 0.6 mg/dL. Acetaminophen 1 g PO q6h", "hepatic"))
