"""Session 18 fixes from the independent sets 24 and 25, each with a correct order beside the error: inhaler puffs,
insulin volumes, tenecteplase and LMWH weight bands, renal enoxaparin treatment doses, paediatric midazolam,
oseltamivir and chlorphenamine, epoprostenol in nanograms, and the status and context readings that caused misses
or false alarms."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import assert_case

CHILD6 = {"age": 6, "weight_kg": 20}
CASES = [
    # (text, patient, rule that must fire or None for a correct order)
    # puffs multiply the strength per puff (BNFc fluticasone 4-11 y: at most 200 micrograms twice daily)
    (
        "Flixotide (fluticasone propionate) Evohaler 250 micrograms/puff, 2 puffs BD via spacer",
        CHILD6,
        "max_daily_dose",
    ),
    ("Flixotide Evohaler 50 micrograms/puff, 2 puffs BD via spacer", CHILD6, None),
    # an insulin volume drawn up at 100 units/mL
    (
        "Lantus (insulin glargine 100 units/mL vial) 20 units at night -\npatient to draw up 2 mL each night.",
        {"age": 61, "weight_kg": 109},
        "insulin",
    ),
    # tenecteplase for STEMI by weight band (FDA TNKase / Metalyse SmPC)
    (
        "STEMI. Tenecteplase (Metalyse) 50 mg IV bolus",
        {"age": 66, "weight_kg": 58},
        "max_single_dose",
    ),
    ("STEMI. Tenecteplase 30 mg IV bolus", {"age": 66, "weight_kg": 58}, None),
    ("STEMI. Tenecteplase 50 mg IV bolus", {"age": 66, "weight_kg": 95}, None),
    # enoxaparin at CrCl < 30: treatment 1 mg/kg once daily; prophylaxis 30 mg
    (
        "New DVT. Enoxaparin 1.5 mg/kg SC once daily = 120 mg.",
        {"age": 84, "weight_kg": 80, "crcl": 24},
        "max_single_dose",
    ),
    (
        "New DVT. Enoxaparin 80 mg SC q24h (1 mg/kg, renal dose).",
        {"age": 69, "weight_kg": 76, "crcl": 24},
        None,
    ),
    (
        "VTE risk assessment: HIGH. Enoxaparin 40 mg SC once daily",
        {"age": 79, "weight_kg": 64, "crcl": 22},
        "max_single_dose",
    ),
    (
        "POD1 L THA. Enoxaparin 40 mg SC once daily x 28 days.",
        {"age": 84, "weight_kg": 48, "crcl": 22},
        "max_single_dose",
    ),
    # RCOG 37a weight bands for obstetric prophylaxis
    (
        "Postnatal VTE: Fragmin (dalteparin) 5000 units SC once daily x 6 weeks",
        {"age": 35, "weight_kg": 145},
        "min_dose",
    ),
    (
        "Postnatal VTE: Fragmin (dalteparin) 10,000 units SC once daily x 6 weeks",
        {"age": 35, "weight_kg": 145},
        None,
    ),
    (
        "Emergency CS. Clexane (enoxaparin) 60 mg SC OD for 10 days",
        {"age": 31, "weight_kg": 112},
        None,
    ),
    # paediatric IV midazolam (FDA: at most 6 mg under 6 years); oseltamivir and chlorphenamine bands
    ("Sedation: midazolam 0.5 mg/kg = 8 mg IV bolus", {"age": 4, "weight_kg": 16}, "weight_based"),
    ("Sedation: midazolam 0.05 mg/kg = 0.8 mg IV, titrated", {"age": 4, "weight_kg": 16}, None),
    (
        "Tamiflu (oseltamivir) 75 mg PO BD x 5 days",
        {"age": 1.2, "weight_kg": 9.8},
        "max_single_dose",
    ),
    ("Tamiflu (oseltamivir) 30 mg PO BD x 5 days", {"age": 1.2, "weight_kg": 9.8}, None),
    ("Tamiflu (oseltamivir) 75 mg PO BD x 5 days", {"age": 70, "weight_kg": 38}, None),
    ("Premeds: chlorphenamine 10 mg IV slow bolus", {"age": 4, "weight_kg": 16}, "max_single_dose"),
    ("Premeds: chlorphenamine 2.5 mg IV slow bolus", {"age": 4, "weight_kg": 16}, None),
    # epoprostenol is dosed in ng/kg/min; micrograms is a 1,000-fold error
    (
        "Commence epoprostenol (Flolan) via CVC at 2 micrograms/kg/min",
        {"age": 45, "weight_kg": 60},
        "max_rate",
    ),
    ("Commence epoprostenol (Flolan) via CVC at 2 ng/kg/min", {"age": 45, "weight_kg": 60}, None),
    # dental cartridges: 4 x 2.2 mL of 2% lidocaine is 176 mg
    (
        "lidocaine 2% with adrenaline 1:80,000, 4 x 2.2 mL cartridges",
        {"age": 3, "weight_kg": 15},
        "weight_based",
    ),
    (
        "lidocaine 2% with adrenaline 1:80,000, 1 x 2.2 mL cartridge",
        {"age": 3, "weight_kg": 15},
        None,
    ),
    # opioid-naive phrasing before a fentanyl patch
    (
        "Current analgesia: paracetamol 1 g QDS only (no opioids).\nStart Durogesic (fentanyl) 50 micrograms/hour patch",
        {"age": 45, "weight_kg": 58},
        "opioid",
    ),
    (
        "Paracetamol 1 g QDS only; codeine stopped 2 months ago.\nSTART fentanyl 25 micrograms/hour patch",
        {"age": 84, "weight_kg": 58},
        "opioid",
    ),
    # a gap written "no clozapine for 5 days"
    ("no clozapine for 5 days. Plan: restart clozapine 200 mg mane", {"age": 34}, "retitration"),
    # a weekly product written daily is seven doses a week
    (
        "increase Wegovy (semaglutide) to 2.4 mg SC once daily",
        {"age": 46, "weight_kg": 118},
        "frequency",
    ),
    # "alcohol excess" is a hepatic risk: paracetamol at most 2 g a day
    ("Hx alcohol excess. Paracetamol 1 g QDS regular", {"age": 61, "weight_kg": 42}, "hepatic"),
    # a heading with a bracketed allergy does not make the list below it allergies
    (
        "Rescue pack issued (penicillin allergic):\n  Clarithromycin 500 mg BD x 5 days\ncolchicine 500 micrograms OD",
        {"age": 74},
        "interaction",
    ),
    # "no stop date on enoxaparin" is no stop
    (
        "| Enoxaparin | 70 mg SC (1 mg/kg) | q12h | active |\n| Rivaroxaban | 15 mg PO | BD | active |\nNo stop date on enoxaparin.",
        {"age": 66, "weight_kg": 70},
        "duplicate_therapy",
    ),
    # "Haloperidol - AVOID (PD), not prescribed" is no order
    (
        "Haloperidol - AVOID (PD), not prescribed.\nStart quetiapine 12.5 mg PO at night",
        {"age": 81},
        None,
    ),
    # a dose doubled "to" after the old dose replaces it in the daily total
    (
        "not improving on amoxicilin 225 mg TDS.\nDouble to high-dose amoxicillin 90 mg/kg/day in 2 divided doses = 675 mg PO BD",
        {"age": 3, "weight_kg": 15},
        None,
    ),
    # opioid neurotoxicity recorded as an allergy does not forbid another opioid
    (
        "PRN: oxycodone 1 mg SC 2-hourly if required",
        {"age": 86, "allergies": ["morphine (hallucinations, myoclonus)"]},
        None,
    ),
    # palliative breathlessness: low-dose morphine with lorazepam PRN
    (
        "MND clinic (palliative), breathlessness at rest.\nOramorph 2.5 mg PO q4h PRN.\nLorazepam 0.5 mg SL PRN anxiety",
        {"age": 71, "weight_kg": 52},
        None,
    ),
    # set 26: ADHD clonidine ER start, apixaban resumed after ablation, flecainide after MI, IV paracetamol under 50 kg
    (
        "ADHD. Plan: start Kapvay (clonidine extended-release) 1 mg PO at bedtime.",
        {"age": 22, "weight_kg": 70},
        "retitration",
    ),
    (
        "ADHD. Plan: start Kapvay (clonidine extended-release) 0.1 mg PO at bedtime.",
        {"age": 22, "weight_kg": 70},
        None,
    ),
    (
        "Post-ablation discharge. Eliquis (apixaban) - resume 5 mg PO BID tonight.",
        {"age": 84, "weight_kg": 57, "scr_mg_dl": 1.1},
        "max_single_dose",
    ),
    (
        "PMH: anterior STEMI 2019, LVEF 35%.\nStart flecainide 100 mg PO BD",
        {"age": 69},
        "contraindication",
    ),
    (
        "Paroxysmal AF, structurally normal heart on echo.\nStart flecainide 50 mg PO BD",
        {"age": 45},
        None,
    ),
    (
        "IV paracetamol (Perfalgan) 1 g q6h regular.",
        {"age": 19, "weight_kg": 41.7},
        "max_single_dose",
    ),
    ("IV paracetamol (Perfalgan) 600 mg q6h regular.", {"age": 19, "weight_kg": 41.7}, None),
    # the most rosuvastatin allowed beside ciclosporin is 5 mg (FDA label)
    (
        "On Neoral (ciclosporin) 100 mg BD.\nPlan: increase rosuvastatin to 20 mg OD.",
        {"age": 48},
        "interaction",
    ),
    # contraindications: oral iron in transfusional overload, zolpidem after sleep-driving, SGLT2 inhibitor in T1DM
    (
        "TDT on chelation, ferritin 2800.\nNew: ferrous sulfate 200 mg PO TDS",
        {"age": 31},
        "contraindication",
    ),
    (
        "PMH: sleep-driving episode on Ambien.\nrestart zolpidem 5 mg PO at bedtime",
        {"age": 49},
        "contraindication",
    ),
    (
        "17 y, T1DM. Start dapagliflozin 10 mg PO once daily",
        {"age": 17, "weight_kg": 98},
        "contraindication",
    ),
    # settings that lift a limit: an ablation heparin bolus, simvastatin 80 mg tolerated for years, urticaria up-dosing
    (
        "AF ablation.\nHeparin 100 units/kg IV bolus = 9,000 units prior to transseptal puncture, ACT >300 s",
        {"age": 59, "weight_kg": 89.8},
        None,
    ),
    (
        "Heparin 100 units/kg IV bolus = 9,000 units for DVT",
        {"age": 59, "weight_kg": 89.8},
        "weight_based",
    ),
    ("Simvastatin 80 mg ON - on this dose since 2009, no muscle symptoms.", {"age": 68}, None),
    ("Start simvastatin 80 mg ON", {"age": 68}, "max_single_dose"),
    ("Chronic spontaneous urticaria: increase cetirizine to 20 mg PO BD", {"age": 38}, None),
    ("Hay fever: cetirizine 20 mg PO BD", {"age": 38}, "max_single_dose"),
    # a status-epilepticus load capped at 4,500 mg, with a bracket before the cap
    (
        "Levetiracetam 60 mg/kg IV (wt 82 kg = 4920 mg) -> capped at 4500 mg IV over 10 min.",
        {"age": 55, "weight_kg": 82},
        None,
    ),
    # aspirin after a completed desensitisation; co-trimoxazole named only with its reaction
    (
        "Aspirin desensitisation completed today: tolerated 325 mg.\nMaintenance: aspirin 650 mg PO BD with food",
        {"age": 47, "allergies": ["aspirin (AERD - bronchospasm)"]},
        None,
    ),
    (
        "Hx: co-trimoxazole (Septrin) - Stevens-Johnson syndrome 2015. NOT for challenge.\nContinue cetirizine 10 mg PO daily",
        {"age": 58, "allergies": ["sulfamethoxazole-trimethoprim (Stevens-Johnson syndrome)"]},
        None,
    ),
    # magnesium sulfate written in mmol (UK) is a dose, not a unit error
    (
        "potassium chloride 20 mmol + magnesium sulfate 10 mmol in 1 L sodium chloride 0.9% over 2 h",
        {"age": 58},
        None,
    ),
]


@pytest.mark.parametrize(("text", "patient", "rule"), CASES)
def test_session18_fixes(checker, text, patient, rule) -> None:  # type: ignore[no-untyped-def]
    assert_case(checker, text, patient, rule)


def test_volume_that_holds_the_dose_is_not_a_volume_error(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Lantus (insulin glargine 100 units/mL) 20 units at night.\nDraw up 0.2 mL with an insulin syringe."
    found = checker.check(text, patient={"age": 61, "weight_kg": 109}).findings
    assert not [f for f in found if f.rule == "insulin"], found


def test_volume_without_strength_is_not_checked(checker) -> None:  # type: ignore[no-untyped-def]
    found = checker.check("Oramorph (morphine oral solution) 5 mL PO 4-hourly PRN").findings
    assert any(f.rule == "not_checked" and f.missing == ["strength"] for f in found), found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Start Exjade (deferasirox) dispersible tablets 20 mg/kg/day = 1200 mg PO once daily",
            "exjade",
        ),
        ("Beriplex P/N 50 units/kg IV = 3800 units over 15 min", "beriplex"),
    ],
)
def test_unknown_products_with_form_words_are_reported(checker, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    found = checker.check(text, patient={"age": 60, "weight_kg": 76}).findings
    assert any(f.rule == "unknown_drug" and f.drugs == [name] for f in found), found


def test_product_with_modifier_is_reported_unknown(checker) -> None:  # type: ignore[no-untyped-def]
    found = checker.check("Sinemet Plus (co-careldopa 25/100) 1 tab at 06:00").findings
    assert any(f.rule == "unknown_drug" and "sinemet" in f.drugs[0] for f in found), found
