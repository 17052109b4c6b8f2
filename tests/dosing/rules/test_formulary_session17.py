"""Session 17 formulary entries, each checked against the reference fact it was written from, with a correct order
beside each error. The entries were drafted by helpers from the BNF, BNFc, SmPCs and FDA labels and checked here."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import assert_case

ADULT = {"age": 45, "weight_kg": 70, "crcl": 90}
CASES = [
    # (text, patient, rule that must fire or None for a correct order)
    ("Cellulitis: flucloxacillin 1 g PO QDS x 7 days", ADULT, None),  # NICE NG141
    (
        "MSSA endocarditis, 92 kg: flucloxacillin 2 g IV 4-hourly",
        {"age": 60, "weight_kg": 92},
        None,
    ),
    (
        "flucloxacillin 4 g IV q6h",
        ADULT,
        "max_single_dose",
    ),  # BNF at most 2 g per dose (3 g allowed)
    (
        "ESRF on haemodialysis. flucloxacillin 2 g IV q6h",
        {"age": 70},
        "renal",
    ),  # eGFR < 10: at most 4 g/day
    ("teicoplanin 400 mg IV q12h x 3 doses then 400 mg IV daily", ADULT, None),  # 6 mg/kg SmPC
    ("teicoplanin 2000 mg IV daily", ADULT, "weight_based"),  # 28 mg/kg for at most 12
    ("itraconazole 200 mg PO BD", ADULT, None),
    ("Simvastatin 40 mg nocte. Start itraconazole 200 mg PO BD", ADULT, "interaction"),
    ("rifabutin 300 mg PO daily", ADULT, None),
    ("rifabutin 1200 mg PO daily", ADULT, "max_single_dose"),  # label 300 mg (max 600 mg)
    ("Allergies: rifampicin (rash, fever). rifabutin 300 mg PO daily", ADULT, "allergy"),
    ("HE prophylaxis: rifaximin 550 mg PO BD", ADULT, None),  # Xifaxan label
    ("rifaximin 1100 mg PO TDS", ADULT, "max_single_dose"),
    (
        "darunavir 800 mg + ritonavir 100 mg PO daily with food",
        ADULT,
        None,
    ),  # Prezista/Norvir labels
    (
        "Rezolsta 1 tab daily. Simvastatin 40 mg nocte",
        ADULT,
        "interaction",
    ),  # boosted PI: simvastatin contraindicated
    (
        "Symtuza 1 tab daily + simvastatin 20 mg ON",
        ADULT,
        "interaction",
    ),  # its darunavir-cobicistat now counted
    ("mefloquine 250 mg PO weekly, start 2-3 weeks before travel", ADULT, None),  # CDC prophylaxis
    ("mefloquine 250 mg PO daily for prophylaxis", ADULT, "max_single_dose"),
    ("Malarone 1 tab daily, 1-2 days before travel until 7 days after", ADULT, None),
    ("naltrexone 50 mg PO daily", ADULT, None),
    ("naltrexone 500 mg PO daily", ADULT, "max_single_dose"),
    ("zopiclone 7.5 mg PO nocte", ADULT, None),  # BNF
    ("zopiclone 15 mg PO nocte", ADULT, "max_single_dose"),
    ("memantine 10 mg PO BD", ADULT, None),  # 20 mg/day maintenance
    ("memantine 20 mg PO BD", ADULT, "max_daily_dose"),
    (
        "Wernicke's suspected: thiamine 500 mg IV TDS x 3 days",
        ADULT,
        None,
    ),  # RCP/BNF Pabrinex regimen
    (
        "PPH: carboprost 250 micrograms deep IM every 15 min PRN, max 8 doses",
        ADULT,
        None,
    ),  # BNF: 8 doses, 2 mg
    ("PPH: carboprost 2500 micrograms IM once", ADULT, "max_single_dose"),
    (
        "Creon 20000 units PO TDS with meals",
        {"age": 8, "weight_kg": 20},
        None,
    ),  # 1,000 units lipase/kg/meal
    (
        "Creon 150000 units PO TDS with meals",
        {"age": 8, "weight_kg": 20},
        "weight_based",
    ),  # over 2,500/kg/meal
    ("cyclizine 50 mg IV TDS PRN nausea", ADULT, None),  # BNF 50 mg up to 3 times daily
    ("cyclizine 150 mg IV TDS", ADULT, "max_single_dose"),
    ("levomepromazine 25 mg subcut q6h PRN agitation", ADULT, None),
    ("Nozinan 500 mg subcut stat", ADULT, "max_single_dose"),
    ("Buscopan 20 mg IV stat, may repeat after 30 minutes", ADULT, None),  # BNF max 100 mg/day
    ("Buscopan 200 mg IV stat", ADULT, "max_single_dose"),
    # an as-needed order's own daily ceiling bounds its total: 20 mg hourly PRN is 480 mg/day, "max 120 mg/24h" is 120
    ("Dying phase: Buscopan 20 mg subcut 1-hourly PRN, max 120 mg/24h", {"age": 83}, None),
    ("lansoprazole 30 mg PO once daily before breakfast", ADULT, None),
    ("lansoprazole 300 mg PO daily", ADULT, "max_single_dose"),
    ("Alcohol withdrawal: chlordiazepoxide 30 mg PO QDS, reducing", ADULT, None),
    (
        "Oxycodone 10 mg PO q4h. Chlordiazepoxide 20 mg PO QDS",
        ADULT,
        "interaction",
    ),  # opioid + benzodiazepine
]


@pytest.mark.parametrize(("text", "patient", "rule"), CASES)
def test_session17_formulary_additions(checker, text, patient, rule) -> None:  # type: ignore[no-untyped-def]
    assert_case(checker, text, patient, rule)
