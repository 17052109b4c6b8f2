"""Session 20 fixes from the independent set 30 (a development set since its first run), each error beside a
correct order: oral solutions abbreviated "soln", the UK gestation notation on a newborn's note, neonatal
maintenance after a load, a bolus ceiling beside an infusion dose, misspelt drug names, plain lidocaine into a
fracture haematoma, a later brand stop that leaves the new regimen running, a daily total split in brackets,
mealtime insulin held elsewhere in the note, and methadone started with no confirmed prescription."""

from __future__ import annotations

from typing import Any

import pytest

from cdss.dosing import DoseChecker
from cdss.dosing.extract import _one_slip
from tests.dosing.rules.conftest import assert_case

CHILD20 = {"age": 6, "weight_kg": 20}
PRETERM = {"age": 0.03, "weight_kg": 0.8}
ADULT = {"age": 60, "weight_kg": 70}
CASES: list[tuple[str, dict[str, Any] | None, str | None]] = [
    # "soln" is a form word between the name and the dose (BNFc oral morphine: at most 0.5 mg/kg, 20 mg)
    ("morphine sulfate oral soln 40 mg PO q4h PRN", CHILD20, "max_single_dose"),
    ("morphine sulfate oral soln 4 mg PO q4h PRN", CHILD20, None),
    # "24+6/40, day 3 of life": Neofax gentamicin every 48 h at 29 weeks PMA or less in the first week
    ("NICU 25+1/40, day 2 of life.\nGentamicin 4 mg (5 mg/kg) IV q24h", PRETERM, "frequency"),
    ("NICU 25+1/40, day 2 of life.\nGentamicin 4 mg (5 mg/kg) IV q48h", PRETERM, None),
    # neonatal phenobarbital: the load is 20 mg/kg once, maintenance 2.5-5 mg/kg/day (BNFc)
    (
        "NICU day 10 of life.\nPhenobarbital 8 mg IV once daily (10 mg/kg/day)",
        PRETERM,
        "weight_based",
    ),
    ("NICU day 10 of life.\nPhenobarbital 3 mg IV once daily", PRETERM, None),
    ("NICU day 10 of life.\nPhenobarbital 16 mg IV once (20 mg/kg load)", PRETERM, None),
    # fluorouracil: a 400 mg/m2 bolus and a 2,400 mg/m2 46-hour infusion; an infusion dose pushed is lethal
    ("BSA 1.8 m2\nFluorouracil 2400 mg/m2 IV bolus = 4,320 mg", ADULT, "body_surface_area"),
    (
        "BSA 1.8 m2\nFluorouracil 400 mg/m2 IV bolus = 720 mg then fluorouracil 2400 mg/m2 IV over 46 h = 4,320 mg",
        ADULT,
        None,
    ),
    # a misspelt name is the drug: simvastatin 40 mg with amlodipine (MHRA 2012: at most 20 mg)
    ("Amlodipine 10 mg OD.\nSimvastain 40 mg nocte", {"age": 74}, "interaction"),
    ("Amlodipine 10 mg OD.\nSimvastain 20 mg nocte", {"age": 74}, None),
    # plain lidocaine into a fracture haematoma: 4.5 mg/kg, 7 mg/kg only with adrenaline (FDA label)
    (
        "Plain, no adrenaline. Lidocaine 2% 10 mL (200 mg) injected into fracture haematoma.",
        {"age": 8, "weight_kg": 25},
        "max_single_dose",
    ),
    (
        "Plain, no adrenaline. Lidocaine 1% 8 mL (80 mg) injected into fracture haematoma.",
        {"age": 8, "weight_kg": 25},
        None,
    ),
    # a stop of the old brand after the new line: the conversion is still checked (oral:SC morphine 2:1)
    (
        "Current: MST 30 mg PO BD.\nNew: morphine 60 mg SC over 24 hours via syringe driver. Stop MST.",
        ADULT,
        "opioid",
    ),
    (
        "Current: MST 30 mg PO BD.\nNew: morphine 30 mg SC over 24 hours via syringe driver. Stop MST.",
        ADULT,
        None,
    ),
    # a regular MR dose with its breakthrough sixth is an established regimen, not an opioid-naive start
    (
        "Regular: MST Continus 30 mg PO BD = 60 mg/24 h.\nBreakthrough: Oramorph 10 mg PO 2-hourly PRN.",
        ADULT,
        None,
    ),
    # "600 mg daily (300 mg BD)": the bracket splits the daily total (allopurinol at most 900 mg/day, BNF)
    ("allopurinol 600 mg daily (300 mg BD)", {"age": 57, "egfr": 80}, None),
    ("allopurinol 1200 mg daily (600 mg BD)", {"age": 57, "egfr": 80}, "max_daily_dose"),
    # mealtime insulin held further down the note while nil by mouth (JBDS peri-operative guideline)
    (
        "NBM from midnight.\nHome: NovoRapid 6 units TDS with meals.\nHOLD insulin aspart while NBM.",
        ADULT,
        None,
    ),
    ("NBM from midnight.\nNovoRapid 6 units TDS with meals.", ADULT, "insulin"),
    # methadone with no confirmed prescription is an induction: at most 30-40 mg on day 1 (42 CFR 8.12)
    (
        "No community script found.\nPlan: methadone oral soln 80 mg supervised tonight",
        {"age": 29, "weight_kg": 72},
        "retitration",
    ),
    (
        "Confirmed with prescriber: methadone 60 mg daily, last dose yesterday.\nRx: methadone 60 mg OD, start today.",
        {"age": 41, "weight_kg": 78},
        None,
    ),
    # set 31 (a development set since its first run): the condition after "rpt" is the repeat's (RCUK IM adrenaline:
    # 300 mcg at 6-12 years)
    (
        "Adrenaline 1:1000 (1mg/mL) 3mL IM NOW, rpt in 5 min if no improvement",
        {"age": 7, "weight_kg": 23},
        "max_single_dose",
    ),
    (
        "Adrenaline 1:1000 (1mg/mL) 0.3mL IM NOW, rpt in 5 min if no improvement",
        {"age": 7, "weight_kg": 23},
        None,
    ),
    # a stop of the immediate-release brand leaves the new MR product checked (MR morphine every 12 h, BNFc)
    (
        "Plan: convert to MR\n- MST Continus (morphine sulfate MR) 30mg PO 4-hourly\nStop regular Oramorph",
        {"age": 13, "weight_kg": 40},
        "frequency",
    ),
    (
        "Plan: convert to MR\n- MST Continus (morphine sulfate MR) 30mg PO 12-hourly\nStop regular Oramorph",
        {"age": 16, "weight_kg": 60},
        None,
    ),
    # a dispensing label's directions under the product line (BNFc trimethoprim prophylaxis 2 mg/kg at night)
    (
        "Trimethoprim 50mg/5mL oral suspension\nDose: 7.5mL (75mg) ONCE at night",
        {"age": 0.06, "weight_kg": 3.8},
        "weight_based",
    ),
    (
        "Trimethoprim 50mg/5mL oral suspension\nDose: 0.75mL (7.5mg) ONCE at night",
        {"age": 0.06, "weight_kg": 3.8},
        None,
    ),
    # "no opioids ever": a fentanyl patch is for opioid-tolerant patients only (FDA boxed warning)
    (
        "No opioids ever. Plan: start fentanyl 25 micrograms/hour patch, change every 72 h",
        {"age": 91},
        "opioid",
    ),
    # methadone with no current prescription: the first dose is at most 30 mg (Orange Guidelines, 42 CFR 8.12)
    (
        "No community script, nil current prescription.\nPlan: methadone 1mg/ml oral solution 80mg OD, first dose tonight",
        {"age": 34},
        "retitration",
    ),
    # levofloxacin CrCl 20-49: 750 mg every 48 h or 250 mg daily after a 500 mg first dose (FDA label)
    (
        "Levofloxacin 500 mg PO once daily",
        {"age": 74, "sex": "F", "weight_kg": 58, "crcl": 33},
        "renal",
    ),
    ("Levofloxacin 750 mg PO every 48 hours", {"age": 74, "crcl": 33}, None),
    # DOACs in pregnancy: switch to LMWH (ASH 2018)
    ("continue apixaban 5mg BD", {"age": 31, "sex": "F", "pregnant": True}, "pregnancy"),
    # a flu vaccine is no influenza: low-dose aspirin after Kawasaki disease (AHA 2017)
    (
        "Kawasaki follow-up. Aspirin 75mg PO OD. Inactivated flu vaccine this season",
        {"age": 4, "weight_kg": 18},
        None,
    ),
    ("Flu-like illness. Aspirin 300mg PO QDS for fever", {"age": 12, "weight_kg": 40}, "pediatric"),
    # "NOT BD" rules a frequency out; "Pred was 25 mg" is the dose before the change
    (
        "Enoxaparin 80 mg SC ONCE daily (1 mg/kg, CrCl <30) - NOT BD",
        {"age": 88, "weight_kg": 80, "crcl": 24},
        None,
    ),
    ("Pred was 25mg OD\nPlan: REDUCE prednisolone to 20mg OD", {"age": 14, "weight_kg": 50}, None),
    # a bag run over a stated time gives its rate for that long only (amiodarone 300 mg over 1 h, then 900 mg/23 h)
    (
        "Amiodarone 300 mg in 250 mL glucose 5% IV over 60 min -> 250 mL/h\n"
        "then amiodarone 900 mg in 500 mL glucose 5% IV over 23 h -> 21.7 mL/h",
        {"age": 66, "weight_kg": 80},
        None,
    ),
    # "6 mg/m2/day = 2 mg PO BD": the daily amount split in two (dexamethasone in ALL induction)
    (
        "BSA 0.67 m2\nDexamethasone 6 mg/m²/day = 2 mg PO BD (D1-28)",
        {"age": 4, "weight_kg": 16},
        None,
    ),
    (
        "BSA 0.67 m2\nDexamethasone 6 mg/m²/day = 20 mg PO BD (D1-28)",
        {"age": 4, "weight_kg": 16},
        "body_surface_area",
    ),
    # a child's MR morphine raised half as much again on an existing regimen: no naive paediatric ceiling
    ("On MST 40mg BD.\nINCREASE MST Continus to 60mg PO BD", {"age": 14, "weight_kg": 45}, None),
    (
        "On MST 4mg BD.\nINCREASE MST Continus to 60mg PO BD",
        {"age": 14, "weight_kg": 45},
        "max_single_dose",
    ),
    # set 32: a newborn's "24+5/40" is its own gestation, never a pregnancy (fluconazole prophylaxis in ELBW infants)
    (
        "ELBW admission - 24+5/40, D3, BW 700 g\nfluconazole 3 mg/kg = 2.1 mg IV twice weekly",
        {"age": 0.01, "weight_kg": 0.7},
        None,
    ),
    ("24/40 pregnant.\nfluconazole 400 mg PO daily", {"age": 30, "sex": "F"}, "pregnancy"),
    # "tolerated cefalexin 2021" is a past drug, not a second cephalosporin
    (
        "Allergy: penicillin - rash as a child; tolerated cefalexin 2021 no reaction\nRx: ceftriaxone 2g IV once daily",
        {"age": 71},
        None,
    ),
    # end-of-life breakthrough morphine up to hourly by the SC route written at the head of the line (PCF)
    (
        "Last days of life. CSCI over 24h: morphine sulfate 30mg\nPRN SC: morphine 5mg 1-hourly PRN pain",
        {"age": 68},
        None,
    ),
    # a DOAC with a mechanical valve is contraindicated (RE-ALIGN, PROACT Xa); a bioprosthetic valve is not
    (
        "Mechanical AVR (On-X) day 12. Dabigatran 150 mg BD",
        {"age": 71, "weight_kg": 88},
        "contraindication",
    ),
    ("Bioprosthetic AVR 2019, AF. Apixaban 5 mg BD", {"age": 70, "weight_kg": 80}, None),
]

SEQUENCES: list[tuple[str, str | None]] = [
    # a timed log of doses given in status epilepticus (APLS): two benzodiazepine steps, not duplicate therapy
    ("Seizure 25 min.\n07:40 buccal midazolam 7.5mg (paramedics)\n07:50 lorazepam 2mg IV", None),
    ("Seizure 25 min.\nbuccal midazolam 7.5mg TDS\nlorazepam 2mg IV TDS", "duplicate_therapy"),
    # a step-down on its own line after a line of monitoring
    (
        "IV methylprednisolone 810mg ONCE DAILY x 3 days\nObs: BP hourly\nThen prednisolone 27mg PO daily",
        None,
    ),
]


@pytest.mark.parametrize(("text", "patient", "rule"), CASES)
def test_case(
    checker: DoseChecker, text: str, patient: dict[str, Any] | None, rule: str | None
) -> None:
    assert_case(checker, text, patient, rule)


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("simvastain", "simvastatin", True),  # a letter dropped
        ("amlodopine", "amlodipine", True),  # one changed
        ("metfromin", "metformin", True),  # two swapped
        ("metformin", "metformin", True),
        (
            "metamizole",
            "methamizole",
            True,
        ),  # one slip from a listed misspelling, but a medicine of its own
        ("prednisone", "prednisolone", False),
        ("losartan", "valsartan", False),
    ],
)
def test_one_slip(a: str, b: str, near: bool) -> None:
    assert _one_slip(a, b) is near


def test_a_real_medicine_is_no_misspelling(checker: DoseChecker) -> None:
    """Metamizole is one letter from methimazole: it is an unknown drug, never a methimazole overdose."""
    r = checker.check("Continue metamizole 500 mg PO TDS PRN headache", patient={"age": 54})
    assert [f.rule for f in r.findings] == ["unknown_drug"]


def test_short_or_ambiguous_words_are_not_read_as_drugs(checker: DoseChecker) -> None:
    ex = checker.extractor
    assert ex.misspelt("heparn") is None  # under 7 letters
    assert ex.misspelt("simvastain") == "simvastatin"
    assert ex.misspelt("patient") is None


@pytest.mark.parametrize(("text", "rule"), SEQUENCES)
def test_given_and_sequential_doses(checker: DoseChecker, text: str, rule: str | None) -> None:
    found = {
        f.rule
        for f in checker.check(text, patient={"age": 8, "weight_kg": 27}).findings
        if f.severity in ("warning", "critical")
    }
    assert (rule in found) if rule else "duplicate_therapy" not in found, found
