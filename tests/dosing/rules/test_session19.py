"""Session 19 fixes from the independent set 27 (a development set since its first run), each error beside a
correct order written the way the blind authors wrote it: doses after "maintenance", potassium in a bag at a pump
rate, phase-by-phase daily totals, apixaban for AF, paediatric infusion ceilings, basal insulin per kg, acute liver
failure, restart after a gap in hours, naloxone in the newborn of an opioid-dependent mother, and the status
readings that caused false alarms."""

from __future__ import annotations

from typing import Any

import pytest

from cdss.dosing import DoseChecker
from cdss.errors import InputError
from tests.dosing.rules.conftest import assert_case

INFANT = {"age": 0.33, "weight_kg": 5.2}
NEONATE = {"age": 0.01, "weight_kg": 3.1}
CHILD30 = {"age": 11, "weight_kg": 30}
CASES: list[tuple[str, dict[str, Any] | None, str | None]] = [
    # a word for which dose sits between the name and the dose (Lexicomp infant digoxin 10-12 mcg/kg/day)
    ("Lanoxin (digoxin) maintenance 0.25 mg PO BID", INFANT, "max_daily_dose"),
    ("Lanoxin (digoxin) maintenance 0.025 mg PO BID", INFANT, None),
    # neonatal oral phenobarbital maintenance (AAP 2012: 2-8 mg/kg/day)
    ("Phenobarb maintenance 5 mg/kg PO BID (16 mg q12h).", NEONATE, "weight_based"),
    ("Phenobarb maintenance 2.5 mg/kg PO q12h (8 mg q12h).", NEONATE, None),
    # potassium in a bag: the pump rate gives the hourly dose (0.5 mmol/kg/h paediatric ceiling)
    (
        "| 0.9% sodium chloride 500 mL | potassium chloride 20 mmol (=40 mmol/L) | 96 mL/h via peripheral cannula |",
        CHILD30,
        None,
    ),
    (
        "| 0.9% sodium chloride 500 mL | potassium chloride 40 mmol | 500 mL/h |",
        CHILD30,
        "max_rate",
    ),
    # a combination's components spelt out in brackets are its strengths, not a second tenofovir
    (
        "Truvada (emtricitabine 200 mg/tenofovir disoproxil 245 mg) 1 tab PO OD",
        {"age": 31, "weight_kg": 68},
        None,
    ),
    # "(double dose)" describes the new dose written out
    (
        "rifampicin 600 mg OD. Tivicay (dolutegravir): increase to 50 mg PO BD (double dose) while on rifampicin.",
        {"age": 35, "weight_kg": 62},
        None,
    ),
    ("Keppra 500 mg BD - double the dose to 2000 mg BD", {"age": 40, "weight_kg": 70}, None),
    # anticipatory end-of-life PRNs up to hourly; the same order outside that setting is queried
    (
        "Anticipatory PRNs (end of life): morphine sulfate 2.5 mg SC 1-hourly PRN pain",
        {"age": 89, "weight_kg": 48},
        None,
    ),
    (
        "Post-op: morphine sulfate 2.5 mg SC 1-hourly PRN pain",
        {"age": 60, "weight_kg": 80},
        "frequency",
    ),
    # apixaban for AF is 5 mg BD; 10 mg BD is the DVT/PE load
    (
        "Post-op AF, CHA2DS2-VASc 4. Start apixaban 10 mg PO BD.",
        {"age": 69, "weight_kg": 82},
        "max_single_dose",
    ),
    (
        "New PE. Start apixaban 10 mg PO BD for 7 days then 5 mg BD.",
        {"age": 69, "weight_kg": 82},
        None,
    ),
    ("AF. Apixaban 5 mg PO BD.", {"age": 69, "weight_kg": 82}, None),
    # paediatric infusion ceilings (BNFc milrinone 0.5-0.75 mcg/kg/min)
    (
        "Start milrinone infusion 5 mcg/kg/min (no load).",
        {"age": 0.25, "weight_kg": 4.8},
        "max_rate",
    ),
    ("Start milrinone infusion 0.5 mcg/kg/min (no load).", {"age": 0.25, "weight_kg": 4.8}, None),
    # basal insulin per kg, and a new diagnosis of type 1 diabetes is a first regimen (ISPAD 2022)
    (
        "New T1DM. Lantus (insulin glargine) 120 units SC at 20:00",
        {"age": 8, "weight_kg": 27},
        "insulin",
    ),
    (
        "New T1DM. Lantus (insulin glargine) 10 units SC at 20:00; NovoRapid 3 units SC with meals.",
        {"age": 8, "weight_kg": 27},
        None,
    ),
    # acute liver failure is severe liver disease: acetaminophen above 2 g/day is critical
    (
        "Staggered paracetamol overdose. ALT 6200, INR 3.4, ?ALF. Acetaminophen 1 g PO q6h PRN headache.",
        {"age": 24, "weight_kg": 55},
        "hepatic",
    ),
    # oral midazolam's 20 mg cap holds for adolescents dosed as adults (FDA oral syrup label)
    (
        "Premed: midazolam 0.5 mg/kg PO = 25 mg, 30 min pre-scan.",
        {"age": 11, "weight_kg": 50},
        "max_single_dose",
    ),
    (
        "Premed: midazolam 0.3 mg/kg PO = 15 mg, 30 min pre-scan.",
        {"age": 11, "weight_kg": 50},
        None,
    ),
    # clozapine restarted at the old dose after a gap written in hours (Clozaril label: 2 days)
    (
        "Clozapine 200 mg PO BD - last dose Thu 20:00 (>96 h ago).\nPlan: restart clozapine at usual dose 200 mg BD.",
        {"age": 68, "weight_kg": 88},
        "retitration",
    ),
    (
        "Clozapine 200 mg PO BD - last dose Thu 20:00 (>96 h ago).\nPlan: restart clozapine 12.5 mg BD and retitrate.",
        {"age": 68, "weight_kg": 88},
        None,
    ),
    # naloxone in the newborn of a methadone-maintained mother (NRP)
    (
        "Delivery room: mother on methadone 90 mg daily (OST). Plan: Narcan (naloxone) 0.1 mg/kg IM x1 (0.3 mg).",
        {"age": 0, "weight_kg": 3.0},
        "pediatric",
    ),
    (
        "Delivery room: opioid given in labour. Naloxone 0.1 mg/kg IM x1 (0.3 mg).",
        {"age": 0, "weight_kg": 3.0},
        None,
    ),
    # phenobarbital beside morphine is the standard second drug in neonatal abstinence
    (
        "NAS on morphine, still scoring high.\nPhenobarbitone 20 mg/kg IV loading dose over 20 min (wt 3.1 kg = 62 mg)",
        NEONATE,
        None,
    ),
    # status: a decimal does not end the clause; a switch's timing is not an order
    (
        "Zopiclone 3.75 mg PO ON PRN offered at 23:00 -- patient DECLINED.",
        {"age": 83, "weight_kg": 55},
        None,
    ),
    (
        "Rivaroxaban (Xarelto) 20 mg PO OD - STOPPED after the 08:00 dose on 14/03.\n"
        "Apixaban 5 mg PO BD - START 08:00 15/03 (time next rivaroxaban dose would have been due).",
        {"age": 78, "weight_kg": 72},
        None,
    ),
    # a later phase does not add to the first; a restated order is one order
    (
        "Pabrinex IV High Potency (thiamine 250 mg per pair): 2 pairs IV TDS for 3 days (= thiamine 500 mg IV TDS).\n"
        "Then thiamine 100 mg PO TDS long-term.",
        {"age": 71, "weight_kg": 63},
        None,
    ),
    # setting-tied limits: WHO cryptococcal fluconazole 1,200 mg; dexmedetomidine 2 mcg/kg for imaging sedation
    (
        "Cryptococcal meningitis. Fluconazole 1200 mg PO OD days 1-14.",
        {"age": 29, "weight_kg": 55},
        None,
    ),
    (
        "MRI under nurse-led sedation. Precedex 2 mcg/kg IV over 10 min (36 mcg), then 1.5 mcg/kg/h.",
        {"age": 4, "weight_kg": 18},
        None,
    ),
    (
        "PICU. Dexmedetomidine 2 mcg/kg IV over 10 min (36 mcg).",
        {"age": 4, "weight_kg": 18},
        "weight_based",
    ),
    # clonidine every 4 hours is a neonatal abstinence schedule, not an adult one
    (
        "NAS adjunct. Clonidine 1 microgram/kg PO q4h = 3 mcg q4h.",
        {"age": 0.03, "weight_kg": 3.0},
        None,
    ),
    # set 28 (development since its first run)
    # buccal midazolam by BNFc age band; dextrose gel is not an IV concentration
    (
        "Status epilepticus. Benzodiazepines x2 given: buccal midazolam 5 mg 14:02, IV lorazepam 1.8 mg 14:12.",
        {"age": 4, "weight_kg": 18},
        None,
    ),
    (
        "Dextrose 40% oral gel 0.5 mL/kg = 1.9 mL buccal, then breastfeed.",
        {"age": 0.0005, "weight_kg": 3.9},
        None,
    ),
    # one 24-hour infusion is not a daily dose (DHAP cisplatin)
    (
        "| Cisplatin | 100 mg/m2 = 185 mg IV over 24 h | D1 |",
        {"age": 59, "weight_kg": 68.5, "height_cm": 180},
        None,
    ),
    (
        "Cisplatin 100 mg/m2 IV daily",
        {"age": 59, "weight_kg": 68.5, "height_cm": 180},
        "body_surface_area",
    ),
    # a modified-release product with no route is oral
    ("- Diltiazem CD (Cardizem CD) 240 mg OD -- START", {"age": 66, "weight_kg": 77}, None),
    # paracetamol loading (BNFc 20-30 mg/kg once) and maintenance (15 mg/kg)
    (
        "Paracetamol susp: LOADING 480 mg (30 mg/kg) PO once at 07:30",
        {"age": 4, "weight_kg": 16},
        None,
    ),
    ("Paracetamol susp 480 mg (30 mg/kg) PO q6h", {"age": 4, "weight_kg": 16}, "weight_based"),
    # GBS intrapartum benzylpenicillin 3 g (RCOG GTG36)
    (
        "GBS positive, in labour. Benzylpenicillin 3 g IV loading dose, then 1.8 g IV 4-hourly.",
        {"age": 31, "weight_kg": 78},
        None,
    ),
    # clarithromycin by BNFc weight band
    (
        "Allergies: penicillin (anaphylaxis) - Rx clarithromycin 125 mg PO BD x 5 days.",
        {"age": 3, "weight_kg": 14},
        None,
    ),
    # contraindications by condition or state
    (
        "SBR 290 micromol/L, on phototherapy. Start ceftriaxone 165 mg IV once daily.",
        {"age": 0.014, "weight_kg": 3.3},
        "pediatric",
    ),
    (
        "ASUC day 1. Codeine phosphate 30 mg PO QDS regular.",
        {"age": 27, "weight_kg": 59},
        "contraindication",
    ),
    (
        "POLG1 biallelic variants (Alpers). Sodium valproate IV 40 mg/kg = 560 mg.",
        {"age": 3, "weight_kg": 14},
        "contraindication",
    ),
    (
        "Clozapine last taken 6 days ago. Restart clozapine 300 mg PO BD tonight.",
        {"age": 33, "weight_kg": 101},
        "retitration",
    ),
    # benzylpenicillin every 12 h in the first week of life (BNFc, NICE NG195)
    (
        "2-day-old. Benzylpenicillin 73 mg IV every 4 hours (25 mg/kg)",
        {"age": 0.005, "weight_kg": 2.9},
        "frequency",
    ),
    (
        "2-day-old. Benzylpenicillin 73 mg IV every 12 hours (25 mg/kg)",
        {"age": 0.005, "weight_kg": 2.9},
        None,
    ),
    # interactions and route ceilings
    (
        "DHx: methotrexate 15 mg once weekly (RA).\nRx: trimethoprim 200 mg PO BD x 3 days.",
        {"age": 74, "weight_kg": 64},
        "interaction",
    ),
    (
        "Lioresal Intrathecal (baclofen) 50 mg bolus via lumbar puncture",
        {"age": 54, "weight_kg": 79},
        "max_single_dose",
    ),
    (
        "Lioresal Intrathecal (baclofen) 50 micrograms bolus via lumbar puncture",
        {"age": 54, "weight_kg": 79},
        None,
    ),
    (
        "Cranial DI. DDAVP (desmopressin) 40 micrograms IV q12h.",
        {"age": 52, "weight_kg": 84},
        "max_single_dose",
    ),
    ("Cranial DI. DDAVP (desmopressin) 1 microgram IV q12h.", {"age": 52, "weight_kg": 84}, None),
    (
        "Nephrotic, first presentation. Prednisolone 2 mg/kg/day = 70 mg PO once daily",
        {"age": 9, "weight_kg": 35},
        "max_daily_dose",
    ),
    ("ITP. Prednisolone 2 mg/kg/day = 70 mg PO once daily", {"age": 9, "weight_kg": 35}, None),
    # set 29 (development since its first run)
    (
        "Epidural catheter in situ.\nDrug: Bupivacaine 0.1% + fentanyl 2 micrograms/mL premixed 250 mL bag\n"
        "Route: IV   Rate: 10 mL/h via peripheral cannula",
        {"age": 29, "weight_kg": 74},
        "route",
    ),
    (
        "Infiltrate at closure: bupivacaine 0.5% plain (Marcaine) 60 mL.",
        {"age": 41, "weight_kg": 60},
        "max_single_dose",
    ),
    (
        "Infiltrate at closure: bupivacaine 0.5% plain (Marcaine) 20 mL.",
        {"age": 41, "weight_kg": 60},
        None,
    ),
    (
        "Paracetmol oral susp 120 mg/5 mL - give 520 mg PO q6h PRN fever",
        {"age": 0.25, "weight_kg": 5.2},
        "weight_based",
    ),
    (
        "Order: metoclopramide (Maxolon) 1 mg IV TDS PRN vomiting.",
        {"age": 0.67, "weight_kg": 8.4},
        "pediatric",
    ),
    ("Order: metoclopramide 1.5 mg IV TDS PRN vomiting.", {"age": 6, "weight_kg": 20}, None),
    (
        "Corrected calcium 3.42 mmol/L, confused.\nhydrochlorothiazide 25 mg OD - continue.",
        {"age": 71, "weight_kg": 66},
        "contraindication",
    ),
    (
        "GDM (insulin from 30/40), delivered by LSCS today.\nHumulin I (isophane/NPH insulin) 24 units SC at 22:00",
        {"age": 35, "weight_kg": 92},
        "contraindication",
    ),
    (
        "Type 1 diabetes, delivered by LSCS today.\nHumulin I (isophane/NPH insulin) 24 units SC at 22:00",
        {"age": 35, "weight_kg": 92},
        None,
    ),
    (
        "On valproate 1 g/day.\nLamictal: 25 mg on alternate days for 2 weeks, then 25 mg once daily for 2 weeks.",
        {"age": 36, "weight_kg": 77},
        None,
    ),
    (
        "MDR-TB contact, TPT: levofloxacin 300 mg PO once daily x 6 months.",
        {"age": 4, "weight_kg": 16},
        None,
    ),
    ("Pneumonia: levofloxacin 300 mg PO once daily.", {"age": 4, "weight_kg": 16}, "weight_based"),
    (
        "MST Continus 30 mg BD - STOPPED (MR tablets must not be crushed).\n"
        "Start Oramorph 10 mg (5 mL) via PEG every 4 h regular.",
        {"age": 64, "weight_kg": 61},
        None,
    ),
    (
        "Hydrocortisone 100 mg IV BD\nChange to prednisolone 40 mg PO once daily once tolerating oral.",
        {"age": 29, "weight_kg": 54},
        None,
    ),
    (
        "on Tivicay (dolutegravir) 50 mg PO once daily. Starting rifampicin.\n"
        "Change to: dolutegravir 50 mg PO TWICE daily while on rifampicin and for 2 weeks after it stops.",
        {"age": 10, "weight_kg": 30},
        None,
    ),
]


def test_per_m2_without_body_size_is_not_checked(checker: DoseChecker) -> None:
    r = checker.check("Plan: methotrexate 50 mg/m2 IM single dose today", patient={"age": 32})
    assert any(f.rule == "not_checked" and "body surface area" in f.message for f in r.findings)


def test_unknown_drug_in_a_table_row(checker: DoseChecker) -> None:
    r = checker.check(
        "| Drug | Dose |\n| Pyrazinamide | 600 mg PO OD |", patient={"age": 5, "weight_kg": 18}
    )
    assert any(f.rule == "unknown_drug" and "pyrazinamide" in f.drugs for f in r.findings)


@pytest.mark.parametrize(("text", "patient", "rule"), CASES)
def test_case(
    checker: DoseChecker, text: str, patient: dict[str, Any] | None, rule: str | None
) -> None:
    assert_case(checker, text, patient, rule)


def test_creatinine_in_si_units_is_its_own_field(checker: DoseChecker) -> None:
    """88 umol/L is a normal creatinine; read as 88 mg/dL it would be a CrCl of 1 mL/min."""
    r = checker.check(
        "Apixaban 5 mg PO BD", patient={"age": 69, "sex": "M", "weight_kg": 82, "scr_umol_l": 88}
    )
    assert not [f for f in r.findings if f.rule == "renal"]
    with pytest.raises(InputError, match="scr_umol_l"):
        checker.check(
            "Apixaban 5 mg PO BD", patient={"age": 69, "sex": "M", "weight_kg": 82, "scr": 88}
        )
