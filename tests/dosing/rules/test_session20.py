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
