"""max_single_dose / max_daily_dose / criteria caps: positives and near-misses, one case each."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("Tylenol 1300 mg PO TID", "max_single_dose", "warning"),
    ("AF: apixaban 2.5 mg PO BID. 67 yo, 90 kg, Cr 0.9", "min_dose", "warning"),
    ("NVAF, age 83, wt 81 kg, creat 1.0 -> Eliquis 2.5 mg BID", "min_dose", "warning"),
    ("AF, CrCl 88: rivaroxaban 15 mg PO daily with supper", "min_dose", "warning"),
    ("AF: rivaroxaban 20 mg PO BID, CrCl 90", "max_daily_dose", "critical"),  # DOAC critical_ratio
    ("acetaminophen 1 g PO q4h", "max_daily_dose", "critical"),  # 6 g/day: critical from 1.5x
    ("metoprolol 10 mg IV push once", "max_single_dose", "critical"),
    ("increase metformin to 1500 mg TID", "max_daily_dose", "warning"),
    (
        "Percocet 10/325 2 tabs q4h PRN; Tylenol 650 mg q6h",
        "max_daily_dose",
        "critical",
    ),  # 6.5 g/day
    ("84F AF, 58 kg, Cr 1.6. Eliquis 5 mg BID", "max_single_dose", "warning"),
    (
        "AF: edoxaban 60 mg PO daily, CrCl 110",
        "max_single_dose",
        "warning",
    ),  # boxed warning: CrCl > 95 in NVAF
    (
        "Anaphylaxis (not in arrest): epinephrine 1 mg/mL, 1 mg IV push",
        "max_single_dose",
        "critical",
    ),
    (
        "AIS, wt 120 kg: alteplase 0.9 mg/kg = 108 mg",
        "max_single_dose",
        "critical",
    ),  # 90 mg cap; thrombolytic
    (
        "osteoporosis: alendronate 70 mg PO daily",
        "max_daily_dose",
        "warning",
    ),  # the weekly tablet daily
    ("VTE ppx, medical pt, CrCl 80\nLovenox 40 mg SC q12h", "max_single_dose", "warning"),
    (
        "HFrEF, wt 70 kg. Carvedilol 25 mg PO BID -> uptitrate to 50 mg PO BID",
        "max_single_dose",
        "warning",
    ),  # 50 mg BID only over 85 kg
]
NEAR_MISS = [
    "acetaminophen 1 g PO q6h",  # exactly 4 g/day
    "metformin 500 mg BID. Increase to 1000 mg BID.",  # the old dose is replaced, not added
    "vancomycin 2,000 mg IV x1, then 1,250 mg IV q12h, wt 80 kg",  # loading dose then maintenance
    "84F AF, 72 kg, Cr 1.0. Eliquis 5 mg BID",  # one criterion only
    "AF, 84 yo, 55 kg, Cr 1.0: apixaban 2.5 mg PO BID",  # two criteria: the reduced dose is right
    "AF, age 81, Cr 1.1: apixaban 2.5 mg PO BID",  # weight unknown: the reduction may be right
    "post-op TKA: apixaban 2.5 mg PO BID x 12 days, 70 yo, 85 kg",  # VTE prophylaxis, not AF
    "AF and knee replacement today: rivaroxaban 10 mg PO daily, CrCl 90",  # prophylaxis dose, not 15 mg
    "digoxin 0.5 mg IV x1 now, then 0.25 mg IV q6h x 2 doses, then 0.125 mg PO daily; 70 yo",  # split load
    "AF: edoxaban 60 mg PO daily, CrCl 80",
    "Cardiac arrest, VF: epinephrine 1 mg IV push every 3-5 minutes",
    "Anaphylaxis: epinephrine 0.5 mg IM to the thigh",
    "AIS, wt 80 kg: alteplase 0.9 mg/kg = 72 mg",
    "osteoporosis: Fosamax 70 mg PO once weekly",
    "TKA POD1, VTE prophylaxis: enoxaparin 30 mg SC q12h",  # the knee-replacement regimen
    "VTE ppx, BMI 44: enoxaparin 40 mg SC q12h",  # obesity class III
    "wt 95 kg HFrEF: carvedilol 50 mg PO BID",
    "wt 70 kg: Coreg CR 80 mg PO daily",
]


@pytest.mark.parametrize(("text", "rule", "severity"), POSITIVE)
def test_positive(checker, text, rule, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, rule)
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    bad = serious(
        fired(checker, text, "max_single_dose")
        + fired(checker, text, "max_daily_dose")
        + fired(checker, text, "min_dose")
    )
    assert not bad, [f.message for f in bad]


def test_dose_after_a_bracketed_word(checker) -> None:  # type: ignore[no-untyped-def]
    st = checker.extractor.extract("amphotericin B deoxycholate (conventional) 350 mg IV q24h")
    assert st[0].dose == 350 and st[0].unit == "mg"


def test_a_hold_ends_at_the_comma_before_a_dosed_order(checker) -> None:  # type: ignore[no-untyped-def]
    st = checker.extractor.extract("Plan: hold warfarin, phytonadione 2.5 mg PO x1")
    assert [(s.drug, s.status) for s in st] == [
        ("warfarin", "inactive"),
        ("phytonadione", "active"),
    ]


def test_naloxone_small_increments_in_opioid_dependence(checker) -> None:  # type: ignore[no-untyped-def]
    dependent = "on methadone 90 mg daily (OTP). RR 9, rousable. naloxone 2 mg IV push"
    assert serious(fired(checker, dependent, "max_single_dose"))
    titrated = (
        "on methadone 90 mg daily (OTP). RR 9, rousable. naloxone 0.1 mg IV q2min PRN RR < 10"
    )
    assert not serious(fired(checker, titrated, "max_single_dose"))
    overdose = "found unresponsive, apneic, on buprenorphine. naloxone 2 mg IV push"
    assert not serious(fired(checker, overdose, "max_single_dose"))


def test_oxytocin_rate_in_units_per_minute(checker) -> None:  # type: ignore[no-untyped-def]
    text = "oxytocin 30 units in 500 mL LR\nstart 1 units/min, titrate q30 min"
    assert [f.severity for f in fired(checker, text, "max_rate")] == ["critical"]
    ok = "oxytocin 30 units in 500 mL LR\nstart 2 milliunits/min, increase by 2 milliunits/min q30 min"
    assert not serious(fired(checker, ok, "max_rate"))


def test_per_kg_rate_of_a_drip_that_is_not_weight_based(checker) -> None:  # type: ignore[no-untyped-def]
    text = "vasopressin 20 units in 100 mL (0.2 units/mL). Start 0.04 units/kg/min IV continuous"
    assert [f.severity for f in fired(checker, text, "max_rate", {"weight_kg": 80})] == ["critical"]


def test_cefazolin_prophylaxis_underdose(checker) -> None:  # type: ignore[no-untyped-def]
    text = "pre-op: cefazolin 1 g IV within 60 min of incision"
    assert serious(fired(checker, text, "min_dose", {"weight_kg": 88, "age": 50}))
    assert not serious(fired(checker, text, "min_dose", {"weight_kg": 38, "age": 50}))
    assert not serious(
        fired(checker, "cellulitis: cefazolin 1 g IV q8h", "min_dose", {"weight_kg": 88, "age": 50})
    )


@pytest.mark.parametrize(
    ("text", "patient", "fires"),
    [
        ("NAAT + gonorrhoea. Rocephin 250 mg IM once", {"age": 24, "weight_kg": 60}, True),
        ("NAAT + gonorrhoea. ceftriaxone 500 mg IM once", {"age": 24, "weight_kg": 60}, False),
        ("CAP: ceftriaxone 250 mg IM x1 (no gonorrhoea)", {"age": 24, "weight_kg": 60}, False),
        (
            "Pre-op, 130 kg. Ancef 2 g IV within 60 min before incision",
            {"age": 42, "weight_kg": 130},
            True,
        ),
        (
            "Pre-op, 90 kg. Ancef 2 g IV within 60 min before incision",
            {"age": 42, "weight_kg": 90},
            False,
        ),
        ("CTPA: segmental PE. enoxaparin 40 mg SC daily", {"age": 34, "weight_kg": 82}, True),
        ("CTPA: segmental PE. enoxaparin 80 mg SC q12h", {"age": 34, "weight_kg": 82}, False),
        ("VTE ppx, hx of PE 2015. enoxaparin 40 mg SC daily", {"age": 70, "weight_kg": 82}, False),
    ],
)
def test_least_dose_for_the_indication(checker, text, patient, fires) -> None:  # type: ignore[no-untyped-def]
    assert bool(serious(fired(checker, text, "min_dose", patient=patient))) is fires, text


def test_two_brands_together_above_the_per_kg_daily_maximum(checker) -> None:  # type: ignore[no-untyped-def]
    text = "- Tylenol suspension 240 mg PO q6h scheduled\n- Ofirmev 240 mg IV q6h PRN temp > 38.5"
    found = fired(checker, text, "max_daily_dose", patient={"age": 4, "weight_kg": 16})
    assert serious(found), text
    one = "- Tylenol suspension 240 mg PO q6h scheduled"
    assert not serious(fired(checker, one, "max_daily_dose", patient={"age": 4, "weight_kg": 16}))


@pytest.mark.parametrize(
    "text",
    [
        "| acetaminophen | 1 g PO q6h | scheduled |\n| Percocet (oxycodone/APAP 5/325) | 1-2 tab PO q4h | PRN |",
        "co-codamol 30/500 2 tabs PO QDS (regular)\nparacetamol 1 g PO QDS PRN pain",
        "acetaminophen 1000 mg PO q6h\nPercocet (oxycodone 5 mg/acetaminophen 325 mg) 1-2 tab PO q4h PRN",
    ],
)
def test_hidden_acetaminophen_in_tables_uk_frequencies_and_spelt_out_strengths(
    checker, text
) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, text, "max_daily_dose", patient={"age": 60, "weight_kg": 70})
    assert [str(f.severity) for f in found] == ["critical"], text


def test_hepatic_paracetamol_6_hourly_is_four_doses(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Compensated cirrhosis (Child-Pugh A).\nparacetamol 500 mg PO 6-hourly PRN, max 2 g in 24 h"
    )
    assert not serious(checker.check(text, patient={"age": 64, "weight_kg": 70}).findings)


def test_intraoperative_redose_is_not_a_daily_total(checker) -> None:  # type: ignore[no-untyped-def]
    text = "cefazolin 3 g IV within 60 min before incision\nredose cefazolin 3 g q4h intra-op if still in OR"
    assert not serious(fired(checker, text, "max_daily_dose", {"age": 38, "weight_kg": 130}))
    assert serious(
        fired(checker, "cefazolin 3 g IV q4h", "max_daily_dose", {"age": 38, "weight_kg": 130})
    )


def test_nsaids_after_gastric_bypass(checker) -> None:  # type: ignore[no-untyped-def]
    text = "8 months post Roux-en-Y gastric bypass. Plan: ibuprofen 600 mg PO TID with food"
    assert serious(fired(checker, text, "contraindication", {"age": 44}))
    assert not serious(
        fired(
            checker,
            "sleeve gastrectomy planned. ibuprofen 400 mg PO TID",
            "contraindication",
            {"age": 44},
        )
    )


def test_local_anaesthetic_with_epinephrine_counts_the_volume(checker) -> None:  # type: ignore[no-untyped-def]
    text = "lidocaine 1% with epinephrine 1:100,000 - infiltrate up to 60 mL"
    assert serious(fired(checker, text, "weight_based", {"age": 34, "weight_kg": 55}))
    text = "lidocaine 1% with epinephrine 1:100,000 - infiltrate up to 20 mL"
    assert not serious(fired(checker, text, "weight_based", {"age": 34, "weight_kg": 55}))


def test_a_per_kg_dose_capped_in_the_order_is_judged_at_the_cap(checker) -> None:  # type: ignore[no-untyped-def]
    capped = "Alteplase 0.9 mg/kg (max 90 mg): 10% IV bolus, remainder over 60 min"
    assert not serious(
        fired(checker, capped, "max_single_dose", patient={"age": 70, "weight_kg": 130})
    )
    uncapped = "Alteplase 0.9 mg/kg: 10% IV bolus, remainder over 60 min"
    assert serious(
        fired(checker, uncapped, "max_single_dose", patient={"age": 70, "weight_kg": 130})
    )


def test_a_depot_is_not_added_to_the_oral_daily_total(checker) -> None:  # type: ignore[no-untyped-def]
    overlap = (
        "on risperidone 4 mg PO daily. Risperdal Consta (risperidone) 50 mg IM every 2 weeks started today; "
        "continue risperidone 4 mg PO daily for 3 weeks then stop"
    )
    assert not serious(fired(checker, overlap, "max_daily_dose"))
    # the same order written twice is one order; two different products still add up
    assert not serious(
        fired(
            checker,
            "home: sertraline 150 mg daily. Plan: sertraline 150 mg daily",
            "max_daily_dose",
        )
    )
    assert serious(fired(checker, "Tylenol 1 g q6h + Percocet 5/325 2 tabs q4h", "max_daily_dose"))


def test_epinephrine_iv_push_outside_arrest_in_a_child(checker) -> None:  # type: ignore[no-untyped-def]
    child = {"age": 7, "weight_kg": 24}
    push = "anaphylaxis: epinephrine 1 mg/mL 0.24 mg IV push now"
    assert [
        str(f.severity) for f in serious(fired(checker, push, "max_single_dose", patient=child))
    ] == ["critical"]
    im = "anaphylaxis: epinephrine 1 mg/mL 0.24 mg IM anterolateral thigh now"
    assert not serious(fired(checker, im, "max_single_dose", patient=child))
    arrest = "PALS cardiac arrest: epinephrine 0.24 mg IV push q4 min"
    assert not serious(fired(checker, arrest, "max_single_dose", patient=child))


def test_isoniazid_daily_and_intermittent(checker) -> None:  # type: ignore[no-untyped-def]
    adult = {"age": 40, "weight_kg": 70}
    assert serious(
        fired(checker, "isoniazid 900 mg PO daily (RHZE)", "max_single_dose", patient=adult)
    )
    assert not serious(
        fired(
            checker,
            "isoniazid 900 mg PO three times weekly by DOT",
            "max_single_dose",
            patient=adult,
        )
    )
    assert not serious(
        fired(checker, "isoniazid 300 mg PO daily", "max_single_dose", patient=adult)
    )


def test_plain_lidocaine_infiltration_per_kg(checker) -> None:  # type: ignore[no-untyped-def]
    child = {"age": 3, "weight_kg": 14}
    plain = "lidocaine 1% plain 8 mL local infiltration (80 mg)"
    assert serious(fired(checker, plain, "max_single_dose", patient=child))
    with_adrenaline = "lidocaine 1% with adrenaline 1:200,000, 8 mL local infiltration"
    assert not serious(fired(checker, with_adrenaline, "max_single_dose", patient=child))


def test_cyclosporine_for_psoriasis_is_not_a_transplant_dose(checker) -> None:  # type: ignore[no-untyped-def]
    adult = {"age": 50, "weight_kg": 80}
    high = "Plaque psoriasis. Neoral 100 mg BID -> increase to 4 mg/kg BID = 320 mg PO BID"
    assert serious(fired(checker, high, "max_single_dose", patient=adult))
    ok = "Plaque psoriasis. Neoral 100 mg BID -> increase to 2 mg/kg BID = 160 mg PO BID"
    assert not serious(fired(checker, ok, "max_single_dose", patient=adult))
    transplant = "Renal transplant day 5. Neoral 4 mg/kg BID = 320 mg PO BID"
    assert not serious(fired(checker, transplant, "max_single_dose", patient=adult))


def test_indication_doses_for_prophylaxis(checker) -> None:  # type: ignore[no-untyped-def]
    adult = {"age": 50, "weight_kg": 70}
    assert serious(
        fired(checker, "PJP prophylaxis: Bactrim DS 1 tab PO BID", "max_single_dose", patient=adult)
    )
    assert not serious(
        fired(
            checker, "PJP prophylaxis: Bactrim DS 1 tab PO daily", "max_single_dose", patient=adult
        )
    )
    assert not serious(
        fired(
            checker,
            "PJP prophylaxis: co-trimoxazole 960 mg PO BD on Mon/Wed/Fri",
            "max_single_dose",
            patient=adult,
        )
    )
    weekly = "Malaria prophylaxis for Kenya: hydroxychloroquine 400 mg PO weekly, start 2 weeks before travel"
    assert not serious(fired(checker, weekly, "max_single_dose", patient=adult))
    daily = "Malaria prophylaxis for Kenya: hydroxychloroquine 400 mg PO daily, start 2 weeks before travel"
    assert serious(fired(checker, daily, "max_single_dose", patient=adult))


def test_paediatric_tacrolimus_and_phenobarbital_ceilings(checker) -> None:  # type: ignore[no-untyped-def]
    child = {"age": 6, "weight_kg": 20}
    assert serious(fired(checker, "tacrolimus 10 mg PO q12h", "weight_based", patient=child))
    assert not serious(fired(checker, "tacrolimus 3 mg PO q12h", "weight_based", patient=child))
    assert serious(fired(checker, "phenobarbital 100 mg PO BID", "weight_based", patient=child))
    assert not serious(fired(checker, "phenobarbital 40 mg PO BID", "weight_based", patient=child))


def test_session14_set21_ceilings(checker) -> None:  # type: ignore[no-untyped-def]
    infant = {"age": 0.3, "weight_kg": 5}
    assert serious(fired(checker, "digoxin 0.1 mg PO BID", "weight_based", patient=infant))
    assert not serious(fired(checker, "digoxin 0.02 mg PO BID", "weight_based", patient=infant))
    child = {"age": 6, "weight_kg": 20}
    assert serious(
        fired(checker, "Dexmedetomidine 0.5 mcg/kg/min IV infusion", "max_rate", patient=child)
    )
    assert not serious(
        fired(checker, "Dexmedetomidine 0.5 mcg/kg/h IV infusion", "max_rate", patient=child)
    )
    di = "Cranial DI after pituitary surgery. Desmopressin 100 micrograms intranasal BD"
    assert serious(fired(checker, di, "max_single_dose", patient={"age": 40, "weight_kg": 70}))
    di_ok = "Cranial DI after pituitary surgery. Desmopressin 10 micrograms intranasal BD"
    assert not serious(
        fired(checker, di_ok, "max_single_dose", patient={"age": 40, "weight_kg": 70})
    )
    dental = "LA: lidocaine 2% with epinephrine 1:80,000, 6 cartridges (13.2 mL = 264 mg lidocaine)"
    assert [str(f.severity) for f in fired(checker, dental, "weight_based", patient=child)] == [
        "critical"
    ]


def test_a_stated_volume_that_does_not_hold_the_dose(checker) -> None:  # type: ignore[no-untyped-def]
    infant = {"age": 0.4, "weight_kg": 7}
    slip = "Infant paracetamol susp 120 mg/5 mL - give 100 mg = 42 mL PO q6h PRN"
    assert serious(fired(checker, slip, "weight_based", patient=infant))
    right = "Infant paracetamol susp 120 mg/5 mL - give 100 mg = 4.2 mL PO q6h PRN"
    assert not serious(fired(checker, right, "weight_based", patient=infant))


def test_session15_intravitreal_and_prefilled_syringes(checker) -> None:  # type: ignore[no-untyped-def]
    """Intravitreal injections have their own limits (1 mg vancomycin, 0.4 mg amikacin); a syringe's content
    written as "40 mg/0.4 mL" with an injection route and no volume to give is the dose."""
    adult = {"age": 68, "weight_kg": 72, "egfr": 55}
    tenfold = (
        "Endophthalmitis: amikacin 4 mg/0.1 mL intravitreal and vancomycin 1 mg/0.1 mL intravitreal"
    )
    hits = serious(fired(checker, tenfold, "max_single_dose", patient=adult))
    assert [(f.drugs, str(f.severity)) for f in hits] == [(["amikacin"], "critical")]
    right = "Endophthalmitis: amikacin 0.4 mg/0.1 mL intravitreal and vancomycin 1 mg/0.1 mL intravitreal"
    findings = checker.check(right, patient=adult).findings
    assert not serious(findings), findings  # no systemic interaction, unit or route finding either
    voric = "fungal keratitis spreading: voriconazole 100 mcg/0.1 mL intravitreal once"
    assert not serious(checker.check(voric, patient=adult).findings)
    syringe = "enoxaparin 150 mg/1 mL subcut twice daily"
    assert serious(fired(checker, syringe, "weight_based", patient={"age": 50, "weight_kg": 60}))
    assert not serious(
        fired(
            checker,
            "enoxaparin 60 mg/0.6 mL subcut twice daily",
            "weight_based",
            patient={"age": 50, "weight_kg": 60},
        )
    )
    liquid = checker.check("amoxicillin 250 mg/5 mL PO TID", patient=adult).findings
    assert [f.rule for f in liquid] == ["not_checked"]  # an oral strength alone is not a dose


def test_session16_set22_false_alarms(checker) -> None:  # type: ignore[no-untyped-def]
    adult = {"age": 45, "weight_kg": 70}
    # IV co-amoxiclav is written as the combined amount (1.2 g = 1 g amoxicillin + 200 mg clavulanate)
    assert not serious(checker.check("co-amoxiclav 1.2 g IV TDS", patient=adult).findings)
    assert serious(checker.check("co-amoxiclav 2.4 g IV TDS", patient=adult).findings)
    # ceftriaxone 4 g once daily is the labelled meningitis maximum; 4 g twice daily is not
    assert not serious(checker.check("Ceftriaxone 4 g IV once daily", patient=adult).findings)
    assert serious(checker.check("Ceftriaxone 4 g IV q12h", patient=adult).findings)
    # BNFc: paracetamol 12-17 years is an age-band dose (500 mg-1 g), not 15 mg/kg
    teen = {"age": 14, "weight_kg": 56}
    assert not serious(checker.check("Paracetamol 1 g PO q6h", patient=teen).findings)
    child = {"age": 8, "weight_kg": 25}
    assert serious(checker.check("Paracetamol 1 g PO q6h", patient=child).findings)
    # a per-kg dose capped below the computed total: the capped amount is the dose
    assert not serious(
        checker.check(
            "Ibuprofen 10 mg/kg = 480 mg, capped at 400 mg PO TDS",
            patient={"age": 13, "weight_kg": 48},
        ).findings
    )
    # the frequency a renal reduction replaces is not the order's
    renal = {"age": 80, "weight_kg": 60, "crcl": 18}
    text = "Aciclovir 800 mg PO TDS for 7 days (reduced from five times daily, CKD)"
    assert not serious(checker.check(text, patient=renal).findings)
    # haloperidol by syringe driver: BNF palliative range up to 15 mg/24 h
    csci = "CSCI over 24 h via T34: haloperidol 25 mg in WFI"
    assert [f.rule for f in serious(checker.check(csci, patient={"age": 70}).findings)] == [
        "max_daily_dose"
    ]


def test_session16_set23_false_alarms(checker) -> None:  # type: ignore[no-untyped-def]
    adult = {"age": 60, "weight_kg": 80}
    # the 23-hour remainder of an amiodarone load is a day's amount, not one dose
    load = "Amiodarone 300 mg IV over 1 h, then 900 mg in 500 mL glucose 5% over 23 h"
    assert not serious(checker.check(load, patient=adult).findings)
    # a protocol dosed by body surface area is not the low-dose range written in the wrong unit
    hd = "Methotrexate 3 g/m2 = 5.1 g IV over 24 h with hyperhydration and folinic acid rescue"
    assert not serious(checker.check(hd, patient={"age": 15, "weight_kg": 60}).findings)
    # an allergy label after a comma heads the drug after it
    allergic = "Ward 3, allergies: gentamicin (ototoxicity). Ceftazidime 2 g IV q8h"
    assert not serious(checker.check(allergic, patient=adult).findings)
    # a condition named only as a possibility ("only if oliguric") is not present
    mg = "Magnesium sulfate 4 g IV over 15 min then 1 g/h; serum Mg only if oliguric"
    assert not serious(checker.check(mg, patient={"age": 30, "weight_kg": 70}).findings)
    # day labels of a reducing regimen are not dextrose
    detox = "Chlordiazepoxide reducing: D1 20 mg QDS; D2 15 mg QDS; D3 10 mg QDS; D4 5 mg QDS; D5 5 mg BD"
    assert not serious(checker.check(detox, patient=adult).findings)
    # a product named without a dose takes no route from the next drug on its line
    switch = "Switch (last Triumeq dose today): cabotegravir 600 mg IM + rilpivirine 900 mg IM"
    assert not [f for f in checker.check(switch, patient=adult).findings if f.rule == "route"]


def test_session16_high_dose_methotrexate_with_cotrimoxazole(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Methotrexate 5 g/m2 IV over 24 h today. Continue co-trimoxazole 480 mg PO daily for PJP prophylaxis."
    hits = [
        f
        for f in checker.check(text, patient={"age": 10, "weight_kg": 30}).findings
        if f.rule == "interaction"
    ]
    assert [str(f.severity) for f in hits] == ["critical"]
