"""contraindication: drugs ruled out by a condition the note names (methylergonovine with hypertension)."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "PPH, EBL 1,200 mL. BP 170/110, preeclampsia.\nmethylergonovine 0.2 mg IM now",
    "PPH after C/S; chronic HTN on labetalol. Methergine 0.2 mg IM x1",
    "postpartum, gestational hypertension. methylergonovine 0.2 mg PO TID x 3 days",
]
NEAR_MISS = [
    "PPH, BP 118/70, no HTN. methylergonovine 0.2 mg IM now",
    "PPH, uterine atony, BP 124/78, no HTN/pre-eclampsia:\nMethergine 0.2 mg IM",
    "PPH, normotensive, no history of hypertension: Methergine 0.2 mg IM",
    "preeclampsia: oxytocin 30 units in 500 mL at 167 mL/h",  # oxytocin has no such contraindication
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "contraindication")
    assert [str(f.severity) for f in hits] == ["critical"], text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "contraindication"), text


def test_continuous_hypertonic_saline_without_severe_symptoms(checker) -> None:  # type: ignore[no-untyped-def]
    bad = "Na 121, chronic, asymptomatic.\n3% NaCl continuous @ 50 mL/h"
    bolus = "Na 112, seizing: 3% NaCl 150 mL IV over 20 min, repeat x1 if still seizing"
    normal = "Na 131, asymptomatic, dry: 0.9% NaCl @ 100 mL/h"
    assert any(f.severity == "critical" for f in fired(checker, bad, "contraindication"))
    assert not serious(fired(checker, bolus, "contraindication"))
    assert not serious(fired(checker, normal, "contraindication"))


@pytest.mark.parametrize(
    ("text", "drug", "severity"),
    [
        (
            "PMH: CVA 2019. ACS s/p PCI: prasugrel 60 mg PO load then 10 mg daily",
            "prasugrel",
            "critical",
        ),
        ("postpartum, breastfeeding. Tylenol #3 1-2 tabs q6h PRN", "codeine", "warning"),
        ("breast-feeding her 3 month old. tramadol 50 mg PO q6h PRN", "tramadol", "warning"),
        (
            "Eclampsia ppx. UOP 10 mL/h x 3 h. magnesium sulfate 2 g/h IV",
            "magnesium sulfate",
            "warning",
        ),
    ],
)
def test_condition_contraindications(checker, text, drug, severity) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "contraindication") if drug in f.drugs]
    assert [f.severity for f in found] == [severity], text


@pytest.mark.parametrize(
    "text",
    [
        "No history of stroke or TIA. prasugrel 60 mg PO load then 10 mg daily",
        "formula feeding. Tylenol #3 1 tab q6h PRN",
        "UOP 15 mL/h. magnesium sulfate 4 g IV load over 20 min",  # a load, not the maintenance infusion
    ],
)
def test_condition_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "contraindication")), text


@pytest.mark.parametrize(
    ("text", "drug", "patient"),
    [
        (
            "threatened preterm labour, 30 wk. terbutaline 5 mg PO q6h maintenance",
            "terbutaline",
            None,
        ),
        ("K 6.4, wide QRS. RSI: succinylcholine 100 mg IV", "succinylcholine", None),
    ],
)
def test_condition_contraindications_set11(checker, text, drug, patient) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "contraindication", patient) if drug in f.drugs]
    assert [f.severity for f in found] == ["critical"], text


def test_terbutaline_for_asthma_and_succinylcholine_with_normal_potassium(checker) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, "asthma: terbutaline 2.5 mg PO TID", "contraindication"))
    assert not serious(fired(checker, "K 4.1. RSI: succinylcholine 100 mg IV", "contraindication"))
