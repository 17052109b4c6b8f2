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


# drug-disease contraindications from the labels (session 12 additions): one positive and one near-miss per entry
LABEL_CONTRAINDICATIONS = [
    (
        "severe persistent asthma. start propranolol 20 mg PO BID for tremor",
        "propranolol",
        "critical",
    ),
    ("asthma on ICS. carvedilol 3.125 mg PO BID", "carvedilol", "critical"),
    ("EF 15%, crackles. diltiazem 20 mg IV push over 2 min", "diltiazem", "critical"),
    ("HFrEF (LVEF 30%). verapamil 80 mg PO TID for rate", "verapamil", "critical"),
    ("AF with WPW pattern on ECG. diltiazem 15 mg IV x1", "diltiazem", "critical"),
    ("complete heart block on ECG. metoprolol 25 mg PO BID", "metoprolol", "critical"),
    ("NYHA class III HF. pioglitazone 15 mg PO daily", "pioglitazone", "critical"),
    ("Lewy body dementia, agitated overnight. haloperidol 1 mg IM x1", "haloperidol", "critical"),
    ("SBO on CT, NGT to suction. metoclopramide 10 mg IV q6h", "metoclopramide", "critical"),
    (
        "myasthenia gravis on pyridostigmine. levofloxacin 750 mg PO daily x5d",
        "levofloxacin",
        "critical",
    ),
    (
        "hx seizure disorder on Keppra. bupropion SR 150 mg PO daily for smoking",
        "bupropion",
        "critical",
    ),
    (
        "known malignant hyperthermia susceptibility. succinylcholine 100 mg IV for RSI",
        "succinylcholine",
        "critical",
    ),
    ("melena, Hgb 7.2 (upper GI bleed). ketorolac 15 mg IV q6h PRN", "ketorolac", "critical"),
    ("HFrEF on furosemide. ibuprofen 600 mg PO TID PRN knee pain", "ibuprofen", "warning"),
    ("QTc 512 ms. droperidol 0.625 mg IV x1 for nausea", "droperidol", "critical"),
    (
        "severe haemophilia A (FVIII <1%), ankle bleed. ketorolac 30 mg IM stat",
        "ketorolac",
        "warning",
    ),
    ("type 1 von Willebrand disease. ketorolac 10 mg PO q6h PRN", "ketorolac", "warning"),
]
LABEL_NEAR_MISS = [
    "COPD, no asthma. propranolol 20 mg PO BID",  # COPD is not a contraindication to beta blockade
    "asthma. metoprolol succinate 25 mg PO daily",  # cardioselective: not listed
    "HFpEF, EF 60%. diltiazem ER 120 mg PO daily",
    "complete heart block s/p pacemaker. metoprolol 25 mg PO BID",  # a pacemaker is in place
    "no myasthenia. levofloxacin 750 mg PO daily",
    "RSI for trauma, no burns. succinylcholine 100 mg IV",
    "QTc 430 ms. droperidol 0.625 mg IV x1",
    "no bleeding disorder, platelets 250. ketorolac 15 mg IV q6h PRN",
]


@pytest.mark.parametrize(("text", "drug", "severity"), LABEL_CONTRAINDICATIONS)
def test_label_contraindications(checker, text, drug, severity) -> None:  # type: ignore[no-untyped-def]
    hits = [f for f in fired(checker, text, "contraindication") if drug in f.drugs]
    assert [str(f.severity) for f in hits] == [severity], text


@pytest.mark.parametrize("text", LABEL_NEAR_MISS)
def test_label_contraindication_near_misses(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "contraindication")), text


@pytest.mark.parametrize(
    ("text", "drug", "fires"),
    [
        ("QTc 518 ms, K 3.4. haloperidol 5 mg IV q6h scheduled", "haloperidol", True),
        ("QTc 430. haloperidol 0.5 mg SC at night", "haloperidol", False),
        (
            "Pre-op THR tomorrow, NPO from midnight.\ncontinue dapagliflozin 10 mg PO morning of surgery",
            "dapagliflozin",
            True,
        ),
        ("T2DM clinic review. continue dapagliflozin 10 mg PO daily", "dapagliflozin", False),
    ],
)
def test_qtc_and_perioperative_contraindications(checker, text, drug, fires) -> None:  # type: ignore[no-untyped-def]
    hits = [f for f in serious(fired(checker, text, "contraindication")) if drug in f.drugs]
    assert bool(hits) is fires, text


def test_dka_named_as_a_risk_is_not_dka(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Empagliflozin 25 mg PO daily - HOLD Mon-Thu (>=3 days pre-op, euglycaemic DKA risk)"
    assert not serious(fired(checker, text, "contraindication", {"age": 61}))
    assert serious(
        fired(checker, "DKA, pH 7.1. Empagliflozin 10 mg PO daily", "contraindication", {"age": 61})
    )


def test_thiopurines_in_poor_metabolisers(checker) -> None:  # type: ignore[no-untyped-def]
    bad = "TPMT genotype *3A/*3A (poor metabolizer), TPMT activity undetectable.\nStart azathioprine 150 mg PO daily"
    assert any(
        f.severity == "critical"
        for f in fired(checker, bad, "contraindication", {"age": 34, "weight_kg": 60})
    )
    ok = "TPMT normal. Start azathioprine 150 mg PO daily"
    assert not serious(fired(checker, ok, "contraindication", {"age": 34, "weight_kg": 60}))


def test_nsaids_in_cirrhosis_with_ascites(checker) -> None:  # type: ignore[no-untyped-def]
    text = "NASH cirrhosis Child-Pugh B8, ascites on spironolactone.\nibuprofen 600mg tds PRN with food"
    assert serious(fired(checker, text, "contraindication", {"age": 63}))
    assert not serious(
        fired(checker, "knee OA. ibuprofen 400 mg tds PRN", "contraindication", {"age": 63})
    )


def test_condition_answered_no_on_a_form(checker) -> None:  # type: ignore[no-untyped-def]
    text = "BP 166/112. Asthma: no. HR 88.\nLabetalol 20 mg IV over 2 min"
    assert not serious(fired(checker, text, "contraindication", {"age": 36}))
    assert serious(
        fired(
            checker, "Asthma: yes. Labetalol 20 mg IV over 2 min", "contraindication", {"age": 36}
        )
    )


def test_nsaids_in_dengue(checker) -> None:  # type: ignore[no-untyped-def]
    assert serious(
        fired(checker, "Dengue (NS1 positive), plt 90. Naproxen 250 mg PO BID", "contraindication")
    )
    assert not serious(
        fired(
            checker, "Dengue ruled out (NS1 negative). Naproxen 250 mg PO BID", "contraindication"
        )
    )
