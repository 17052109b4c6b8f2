"""interaction / duplicate_therapy, and planned overlaps (bridging) reported as information."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("sotalol 80 mg PO BID; dofetilide 500 mcg PO BID", "interaction"),
    ("clarithromycin 500 mg BID; simvastatin 40 mg nightly", "interaction"),
    ("warfarin 5 mg daily; ibuprofen 400 mg TID", "interaction"),
    ("sertraline 50 mg daily; citalopram 20 mg daily", "duplicate_therapy"),
    ("apixaban 5 mg BID; rivaroxaban 20 mg daily", "duplicate_therapy"),
    (
        "Home meds:\nKeppra 500 mg PO BID\nlevetiracetam 500 mg PO BID (pt fills both)",
        "duplicate_therapy",
    ),
    ("Home meds:\n- Eliquis 5 mg PO BID\n- apixaban 5 mg PO BID", "duplicate_therapy"),
    ("Li carbonate 300 mg PO TID\nnew HTN: start HCTZ 25 mg PO daily", "interaction"),
    ("K 5.3, eGFR 62. spironolactone 25 mg daily + lisinopril 10 mg daily", "interaction"),
    ("levothyroxine 100 mcg daily; Tums 500 mg TID", "interaction"),
]
NEAR_MISS = [
    ("Norco 5/325 1 tab PO q6h PRN; acetaminophen 500 mg PO q6h PRN fever", "duplicate_therapy"),
    ("- D/C lisinopril 20 mg daily\n- START losartan 50 mg PO daily", "interaction"),
    ("CAPD peritonitis: cefazolin 1 g IP daily and ceftazidime 1 g IP daily", "duplicate_therapy"),
    (
        "warfarin 5 mg daily with enoxaparin 80 mg SC q12h until INR >= 2 on two readings",
        "duplicate_therapy",
    ),
    (
        "bridging: enoxaparin 1 mg/kg SC q12h overlap with warfarin 5 mg daily, wt 80 kg",
        "interaction",
    ),
    ("sertraline 50 mg daily; atorvastatin 40 mg nightly", "interaction"),
    (
        "Home meds:\n- Eliquis 5 mg BID\n- metoprolol 25 mg BID\n\nPlan: continue apixaban 5 mg BID",
        "duplicate_therapy",
    ),
    (
        "HFrEF. K 4.3, eGFR 62.\nspironolactone 25 mg PO daily + lisinopril 10 mg PO daily; BMP in 3 days",
        "interaction",
    ),  # potassium and kidney function allow it
    (
        "06:00 levothyroxine 100 mcg PO\n12:00 calcium carbonate 500 mg PO\n18:00 ferrous sulfate 325 mg PO",
        "interaction",
    ),  # doses hours apart
    (
        "levothyroxine 100 mcg qAM; Tums 500 mg TID, separate by 4 h from levothyroxine",
        "interaction",
    ),
]


@pytest.mark.parametrize(("text", "rule"), POSITIVE)
def test_positive(checker, text, rule) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, rule)), text


@pytest.mark.parametrize(("text", "rule"), NEAR_MISS)
def test_near_miss(checker, text, rule) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, rule))


def test_ceftriaxone_with_iv_calcium_is_critical_in_neonates(checker) -> None:  # type: ignore[no-untyped-def]
    text = "TPN w/ calcium gluconate running. ceftriaxone 160 mg IV q24h"
    neonate = fired(checker, text, "interaction", {"age": 10 / 365, "weight_kg": 3.2})
    adult = fired(checker, text, "interaction", {"age": 60})
    assert [f.severity for f in neonate] == ["critical"] and [f.severity for f in adult] == [
        "warning"
    ]


@pytest.mark.parametrize(
    ("text", "serious_expected"),
    [
        ("Lopressor 50 mg PO BID\nToprol XL 100 mg PO daily", True),  # one drug, two forms
        (
            "MS Contin 30 mg PO q12h; morphine IR 10 mg PO q4h PRN breakthrough",
            False,
        ),  # ER + IR opioid
        ("Lopressor 50 mg PO BID -> change to Toprol XL 100 mg PO daily", False),  # a switch
    ],
)
def test_same_drug_in_two_forms(checker, text, serious_expected) -> None:  # type: ignore[no-untyped-def]
    assert bool(serious(fired(checker, text, "duplicate_therapy"))) is serious_expected


@pytest.mark.parametrize(
    "text",
    [
        "Per pt: Viagra 100 mg, last dose 3 days ago. CP r/o ACS: nitroglycerin 0.4 mg SL q5 min x3 PRN",
        "Acute PE. Hx HIT (2023) - no heparin products. fondaparinux 7.5 mg SC daily",
    ],
)
def test_past_and_negated_drugs_do_not_interact(checker, text) -> None:  # type: ignore[no-untyped-def]
    findings = checker.check(text).findings
    assert not serious(findings), [(f.rule, f.message) for f in findings]


@pytest.mark.parametrize(
    ("text", "serious_expected"),
    [
        (
            "NSTEMI s/p DES: Brilinta 90 mg PO BID + aspirin 81 mg daily x 12 mo",
            False,
        ),  # aspirin <= 100 mg/day
        ("NSTEMI s/p DES: Brilinta 90 mg PO BID + aspirin 325 mg daily", True),
    ],
)
def test_interaction_that_needs_a_dose(checker, text, serious_expected) -> None:  # type: ignore[no-untyped-def]
    assert bool(serious(fired(checker, text, "interaction"))) is serious_expected


@pytest.mark.parametrize(
    "text",
    [
        "Completed: linezolid 600 mg PO BID x 14 d (last dose 5/1)\n5/20: start sertraline 50 mg PO daily",
        "metformin 1000 mg PO BID - HOLD x 48 h after IV contrast (CT today)",
        "Hx OUD - methadone 120 mg daily, tapered off 2019, no opioids since. oxycodone 5 mg PO q6h PRN",
    ],
)
def test_completed_held_and_tapered_drugs_are_not_current(checker, text) -> None:  # type: ignore[no-untyped-def]
    findings = checker.check(text).findings
    assert not serious(findings), [(f.rule, f.message) for f in findings]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (  # the advised warfarin reduction is written
            "Start amiodarone 200 mg PO TID x 1 wk. Warfarin: decrease to 2.5 mg daily (was 4 mg), INR twice weekly.",
            {"amiodarone", "warfarin"},
        ),
        (
            "bumetanide 2 mg IV BID; metolazone 2.5 mg PO once today, check lytes tonight",
            {"bumetanide", "metolazone"},
        ),
        (
            "OUD - continue home Suboxone 16 mg SL daily. Post-op: hydromorphone 1 mg IV q3h PRN severe pain",
            {"buprenorphine", "hydromorphone"},
        ),
        (
            "Postpartum hemorrhage, atony: oxytocin infusion running; misoprostol 800 mcg SL x1",
            {"misoprostol", "oxytocin"},
        ),
    ],
)
def test_documented_management_makes_an_interaction_information(checker, text, pair) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "interaction") if set(f.drugs) == pair]
    assert found and all(f.severity == "info" for f in found), [f.message for f in found]


@pytest.mark.parametrize(
    "text",
    [
        "Start amiodarone 400 mg PO BID. Continue warfarin 5 mg daily, no change.",
        "start buprenorphine-naloxone 8 mg SL today; oxycodone 10 mg PO q4h PRN continues",
        "Induction: misoprostol 25 mcg PV q4h; oxytocin 2 milliunits/min 1 h after the last dose",
    ],
)
def test_undocumented_management_still_warns(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "interaction")), text


def test_digoxin_with_a_loop_diuretic_warns_only_with_low_potassium(checker) -> None:  # type: ignore[no-untyped-def]
    text = "digoxin 0.125 mg PO daily\nfurosemide 40 mg PO BID"
    assert not serious(fired(checker, text, "interaction", {"potassium": 4.2}))
    low = fired(checker, text, "interaction", {"potassium": 3.1})
    assert [f.severity for f in low] == ["warning"] and "3.1" in low[0].message


def test_two_basal_insulins_are_critical(checker) -> None:  # type: ignore[no-untyped-def]
    text = "insulin degludec 30 units subcut daily (home)\nLantus 15 units subcut at bedtime (new)"
    assert any(f.severity == "critical" for f in fired(checker, text, "duplicate_therapy"))


def test_a_later_stop_order_ends_the_earlier_mention(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On NPH 40 units BID + aspart 20 units TID. Convert to U-500: 90 units subcut before breakfast and "
        "70 units before supper. Stop NPH and aspart."
    )
    assert not serious(fired(checker, text, "duplicate_therapy"))


def _pair(checker, text, patient=None):  # type: ignore[no-untyped-def]
    return [f.severity for f in fired(checker, text, "interaction", patient)]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("QTc 512 ms today. citalopram 20 mg daily; add ondansetron 4 mg IV q8h PRN", "critical"),
        (
            "QTc 431 ms, K 4.4, telemetry. citalopram 20 mg daily; ondansetron 4 mg IV q8h PRN",
            "info",
        ),
        (
            "citalopram 20 mg daily; ondansetron 4 mg IV q8h PRN",
            "warning",
        ),  # no QTc: the entry stands
        (
            "QTc 431 ms. citalopram 20 mg daily; ondansetron 4 mg IV q8h PRN",
            "warning",
        ),  # no ECG planned
    ],
)
def test_qtc_sets_the_severity(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    assert _pair(checker, text) == [severity], text


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("tacrolimus 3 mg PO BID. Start voriconazole 200 mg PO q12h.", "critical"),
        (
            "Start posaconazole 300 mg PO daily; reduce tacrolimus 3 mg -> 1 mg PO BID, troughs twice weekly",
            "info",
        ),
        ("azathioprine 100 mg daily + allopurinol 300 mg daily", "critical"),
        ("allopurinol 100 mg daily; reduce azathioprine to one-third (50 mg daily)", "info"),
        ("Intubated. fentanyl 50 mcg/h IV + midazolam 2 mg/h IV", "info"),
        ("home oxycodone 10 mg q6h PRN; alprazolam 1 mg TID", "critical"),
        ("pre-eclampsia: nifedipine 10 mg PO now; magnesium sulfate 1 g/h", "info"),
    ],
)
def test_documented_management(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    assert _pair(checker, text) == [severity], text


def test_dose_threshold_reads_the_maintenance_dose(checker) -> None:  # type: ignore[no-untyped-def]
    load = "aspirin 325 mg PO x1, then 81 mg PO daily; ticagrelor 180 mg x1 then 90 mg PO BID"
    assert _pair(checker, load) == []
    assert _pair(checker, "aspirin 325 mg PO daily; ticagrelor 90 mg PO BID") == ["warning"]


def test_low_dose_trazodone_with_an_ssri_is_not_reported(checker) -> None:  # type: ignore[no-untyped-def]
    assert _pair(checker, "sertraline 100 mg daily; trazodone 50 mg at bedtime") == []
    assert _pair(checker, "sertraline 100 mg daily; trazodone 150 mg BID") == ["warning"]


def test_two_names_heading_lines_are_a_duplicate(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Home: Levemir 20 units at bedtime.\nOrders:\n- insulin detemir 20 units subcut at bedtime\n"
        "- Levemir 20 units subcut every morning"
    )
    found = fired(checker, text, "duplicate_therapy")
    assert [f.severity for f in found] == ["critical"]


def test_lamotrigine_started_beside_valproate(checker) -> None:  # type: ignore[no-untyped-def]
    fast = "on valproate 500 mg PO BID. start lamotrigine 25 mg PO BID"
    assert _pair(checker, fast) == ["critical"]
    slow = "on valproate 500 mg PO BID. start lamotrigine 25 mg PO every other day x 2 weeks"
    assert _pair(checker, slow) == ["info"]
    stable = "valproate 500 mg PO BID; lamotrigine 100 mg PO BID (stable for years)"
    assert _pair(checker, stable) == ["warning"]  # not a start: the entry stands


def test_negated_list_names_no_order(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "allopurinol 300 mg PO daily. No azathioprine, mercaptopurine or febuxostat on the profile."
    )
    assert _pair(checker, text) == []


def test_duplicate_anaerobic_cover(checker) -> None:  # type: ignore[no-untyped-def]
    dup = "piperacillin-tazobactam 4.5 g IV q6h\nmetronidazole 500 mg IV q8h"
    assert [f.severity for f in fired(checker, dup, "duplicate_therapy")] == ["warning"]
    ok = "ceftriaxone 2 g IV daily\nmetronidazole 500 mg IV q8h"
    assert not fired(checker, ok, "duplicate_therapy")


@pytest.mark.parametrize(
    "text",
    [
        # a step-down, not two steroids together
        "GCA: methylprednisolone 1,000 mg IV daily x 3 days, then prednisone 60 mg PO daily",
        # a stopped statin on a med-rec list is not a duplicate of its replacement
        "STOPPED - simvastatin 40 mg daily (interaction)\nNEW - atorvastatin 40 mg PO daily\nCONTINUE - amlodipine 10 mg daily",
        # a drug mentioned as avoided, and one planned for later
        "azithromycin 1 g PO x1 (doxycycline avoided in pregnancy)",
        "propylthiouracil 100 mg PO TID (1st trimester); plan switch to methimazole in 2nd trimester",
        # the generic named again after its combination product is the same product
        "Home Suboxone (buprenorphine/naloxone) 8 mg/2 mg SL BID: CONTINUE\nHYDROmorphone 0.5-1 mg IV q3h PRN (added to buprenorphine)",
        # documented management and prophylactic doses
        "Start amiodarone 400 mg PO BID.\nDECREASE digoxin 0.25 mg -> 0.125 mg PO daily",
        "enoxaparin 30 mg subcut daily (VTE ppx, renal dose)\naspirin 81 mg PO daily",
    ],
)
def test_sequences_stops_and_managed_pairs_are_not_serious(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = [
        f
        for f in checker.check(text, patient={"age": 60, "weight_kg": 70}).findings
        if f.rule in ("interaction", "duplicate_therapy", "pregnancy")
    ]
    assert not serious(found), text


@pytest.mark.parametrize(
    "text",
    [
        "methylprednisolone 125 mg IV q6h\nprednisone 40 mg PO daily",  # two steroids at once
        "enoxaparin 1 mg/kg subcut q12h for PE\naspirin 81 mg PO daily",  # treatment dose + antiplatelet
        "Start amiodarone 400 mg PO BID.\ndigoxin 0.25 mg PO daily",  # no digoxin reduction
    ],
)
def test_real_duplicates_and_unmanaged_pairs_still_warn(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = [
        f
        for f in checker.check(text, patient={"age": 60, "weight_kg": 70}).findings
        if f.rule in ("interaction", "duplicate_therapy")
    ]
    assert serious(found), text


def test_lamotrigine_started_at_25_mg_daily_with_valproate_is_critical(checker) -> None:  # type: ignore[no-untyped-def]
    text = "on Depakote ER 1000 mg PO daily. Add lamotrigine 25 mg PO daily x 2 weeks"
    found = fired(checker, text, "interaction")
    assert [str(f.severity) for f in found if "lamotrigine" in f.drugs] == ["critical"]
    slow = "on Depakote ER 1000 mg PO daily. Start lamotrigine 25 mg PO every other day x 2 weeks"
    assert not [f for f in fired(checker, slow, "interaction") if f.severity == "critical"]


@pytest.mark.parametrize(
    "text",
    [
        "ketorolac 30 mg IV q6h x 4 doses (24 h)\nthen ibuprofen 600 mg PO q6h, first dose 6 h after last ketorolac",
        "clarithromycin 500 mg PO bd x 5 days\nsimvastatin 40 mg nocte - WITHHOLD while on clarithromycin",
        "omeprazole 20 mg daily - STOP (CYP2C19)\nclopidogrel 75 mg PO daily",
        "INR 11.2, no bleeding. hold warfarin; phytonadione 2.5 mg PO x1",
        "STEMI, tenecteplase given.\nenoxaparin 60 mg SC q12h\naspirin 81 mg PO daily\nclopidogrel 75 mg PO daily",
        "POD1, epidural. heparin 5000 units SC q8h\naspirin 81 mg PO daily (home - continue)",
    ],
)
def test_sequences_verdicts_and_guideline_regimens(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = [
        f
        for f in checker.check(text, patient={"age": 60, "weight_kg": 80}).findings
        if f.rule in ("interaction", "duplicate_therapy")
    ]
    assert not serious(found), text


def test_a_then_inside_one_drugs_regimen_is_no_step_down(checker) -> None:  # type: ignore[no-untyped-def]
    text = "NEW: apixaban 10 mg PO BID x 7 days, then 5 mg PO BID\nCONTINUE home: warfarin 5 mg PO daily"
    found = fired(checker, text, "interaction", patient={"age": 66, "weight_kg": 85})
    assert [str(f.severity) for f in found] == ["critical"]


@pytest.mark.parametrize(
    "text",
    [
        "QTc 488 ms on citalopram.\ncitalopram 20 mg PO daily - STOPPED (QTc)\nsertraline 50 mg PO daily - NEW",
        "| Drug | Dose | Status |\n| Ramipril | 5 mg od | STOPPED - ACEi cough |\n| Losartan | 50 mg od | NEW - replaces ramipril |",
        "vori not tolerated (hallucinations).\nStart posaconazole DR tabs 300 mg PO bd day 1, then 300 mg PO od",
        "Severe acne, failed doxycycline.\nisotretinoin 20 mg PO BID with food",
    ],
)
def test_stopped_failed_and_replaced_drugs_are_not_current(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = [
        f
        for f in checker.check(text, patient={"age": 60, "weight_kg": 70}).findings
        if f.rule in ("interaction", "duplicate_therapy")
    ]
    assert not serious(found), text


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "IR moderate sedation, 72M: midazolam 1 mg IV + fentanyl 50 mcg IV, then midazolam 0.5 mg / fentanyl "
            "25 mcg q3-5 min PRN",
            {"fentanyl", "midazolam"},
        ),
        (
            "STEMI: Given aspirin 325 mg chewed, ticagrelor 180 mg PO load.",
            {"aspirin", "ticagrelor"},
        ),
        (
            "OUD (heroin/fentanyl), last use 20 h ago, COWS 14.\nBuprenorphine 4 mg SL now; max 8 mg day 1.",
            {"buprenorphine", "fentanyl"},
        ),
        (
            # the withdrawal threshold written with a comparison sign
            "Transfer: methadone 30 mg daily, last dose Mon. Thu, once COWS >= 13: buprenorphine 2 mg SL, repeat x1.",
            {"buprenorphine", "methadone"},
        ),
    ],
)
def test_session13_managed_pairs_are_info(checker, text, pair) -> None:  # type: ignore[no-untyped-def]
    hits = [
        f
        for f in fired(checker, text, "interaction", {"age": 40, "weight_kg": 70})
        if set(f.drugs) == pair
    ]
    assert hits and not serious(hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize(
    "text",
    [
        "midazolam 2 mg IV + fentanyl 50 mcg IV q1h PRN on the ward",  # no procedure: still the boxed warning
        "aspirin 325 mg PO daily + ticagrelor 90 mg PO BID",  # a maintenance dose above 100 mg/day
    ],
)
def test_session13_unmanaged_pairs_still_flag(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "interaction", {"age": 60, "weight_kg": 70})), text


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "19 y/o ALL, maintenance cycle 3 (COG).\n| methotrexate 2.5 mg tab | 35 mg PO once weekly |\n"
            "| sulfamethoxazole-trimethoprim DS | 1 tab PO BID Sat+Sun |",
            {"methotrexate", "sulfamethoxazole-trimethoprim"},
        ),
        (
            "QTc 430 ms, K 4.1, Mg 2.0. ondansetron 4 mg IV at closure.\nrescue: droperidol 0.625 mg IV x1",
            {"droperidol", "ondansetron"},
        ),
        (
            "switching from phenytoin. phenytoin 300 mg nocte -> reduce to 200 mg nocte x 2 wk, then stop\n"
            "warfarin 5 mg daily - INR weekly during switch",
            {"phenytoin", "warfarin"},
        ),
        (
            "levothyroxine 88 mcg PO daily\ncalcium carbonate 500 mg PO BID - separate from levothyroxine by >=4 h",
            {"calcium carbonate", "levothyroxine"},
        ),
        (
            "On Tivicay + Truvada. rifampin 600 mg PO daily\nINCREASE dolutegravir to 50 mg PO BID while on rifampin",
            {"dolutegravir", "rifampin"},
        ),
        ("On Truvada 1 tab daily. rifampin 600 mg PO daily", {"rifampin", "tenofovir"}),
    ],
)
def test_session13_documented_management_is_info(checker, text, pair) -> None:  # type: ignore[no-untyped-def]
    hits = [
        f
        for f in fired(checker, text, "interaction", {"age": 40, "weight_kg": 65})
        if set(f.drugs) == pair
    ]
    assert not serious(hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize(
    "text",
    [
        "RA on methotrexate 15 mg weekly. UTI: Bactrim DS 1 tab BID x 7 days",
        "QTc 512 ms. ondansetron 4 mg IV. droperidol 0.625 mg IV x1",
        "On Descovy 1 tab daily. rifampin 600 mg PO daily",  # tenofovir alafenamide
        "dolutegravir 50 mg PO BID + phenytoin 300 mg nightly + rifampin 600 mg daily",
    ],
)
def test_session13_unmanaged_still_flag(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "interaction", {"age": 40, "weight_kg": 65})), text


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "on Priadel (lithium carbonate) 800 mg nocte. ACEi discussed with psychiatrist.\nstart lisinopril 2.5 mg od\n"
            "lithium: continue 800 mg nocte; 12-h lithium level + U&E 5-7 days after starting",
            {"lisinopril", "lithium"},
        ),
        (
            "ketorolac 30 mg IV given 14:00.\ndexamethasone 10 mg IV x1 (reduce recurrence)",
            {"dexamethasone", "ketorolac"},
        ),
    ],
)
def test_session13_monitored_pairs(checker, text, pair) -> None:  # type: ignore[no-untyped-def]
    hits = [
        f
        for f in fired(checker, text, "interaction", {"age": 58, "weight_kg": 80})
        if set(f.drugs) == pair
    ]
    assert not serious(hits), [(f.severity, f.message) for f in hits]
    assert serious(
        fired(
            checker, "lithium 800 mg nocte\nstart lisinopril 10 mg od", "interaction", {"age": 58}
        )
    )


def test_methadone_raised_for_rifampin_and_conditional_alternatives(checker) -> None:  # type: ignore[no-untyped-def]
    text = "methadone 60 mg PO daily. Rifampin 600 mg daily started 10 days ago.\nIncrease methadone to 70 mg PO daily"
    hits = [
        f
        for f in fired(checker, text, "interaction", {"age": 40})
        if set(f.drugs) == {"methadone", "rifampin"}
    ]
    assert hits and not serious(hits)
    text = "Midazolam 10 mg IM stat (once); lorazepam IV if access obtained and still seizing."
    assert not serious(fired(checker, text, "duplicate_therapy", {"age": 45, "weight_kg": 75}))


def test_an_anticoagulant_with_one_antiplatelet_after_a_stent(checker) -> None:  # type: ignore[no-untyped-def]
    after_stent = "AF, PCI with DES last week. Rivaroxaban 15 mg daily + clopidogrel 75 mg daily; aspirin stopped"
    found = fired(checker, after_stent, "interaction")
    assert found and not serious(found)
    no_reason = "AF. Rivaroxaban 20 mg daily + clopidogrel 75 mg daily"
    assert serious(fired(checker, no_reason, "interaction"))


def test_flumazenil_with_a_tricyclic_is_critical_in_an_overdose(checker) -> None:  # type: ignore[no-untyped-def]
    od = "Mixed overdose, QRS 134 ms. On amitriptyline 75 mg nightly. Flumazenil 0.2 mg IV now"
    assert [str(f.severity) for f in fired(checker, od, "interaction")] == ["critical"]
    plain = "On amitriptyline 25 mg nightly. Post-endoscopy oversedation: flumazenil 0.2 mg IV now"
    assert [str(f.severity) for f in fired(checker, plain, "interaction")] == ["warning"]


def test_session15_integrase_inhibitor_with_antacid(checker) -> None:  # type: ignore[no-untyped-def]
    together = "PEP: dolutegravir 50 mg PO daily; Rennie (calcium carbonate) 500 mg chewed PRN, take with the other tablets"
    hits = serious(fired(checker, together, "interaction"))
    assert any(set(f.drugs) == {"dolutegravir", "calcium carbonate"} for f in hits), hits
    apart = (
        "dolutegravir 50 mg PO daily at 08:00; calcium carbonate 500 mg PRN - take dolutegravir 2 hours "
        "before or 6 hours after the antacid"
    )
    assert not [
        f
        for f in serious(fired(checker, apart, "interaction"))
        if set(f.drugs) == {"dolutegravir", "calcium carbonate"}
    ]


def test_session16_two_names_of_one_long_acting_form_both_kept(checker) -> None:  # type: ignore[no-untyped-def]
    # one modified-release oxycodone under a US and a UK brand, both kept on the chart: a double dose, even when a
    # PRN immediate-release breakthrough dose is charted too
    rec = (
        "Admission med rec\n- OxyContin 20 mg PO q12h (care home MAR)\n- Longtec 20 mg PO BD (GP letter)\n"
        "both prescribed on the drug chart. Oxycodone IR 5 mg PO q4h PRN breakthrough."
    )
    assert serious(fired(checker, rec, "duplicate_therapy"))
    switched = "OxyContin 20 mg PO q12h changed to Longtec 20 mg PO BD (formulary brand)"
    assert not serious(fired(checker, switched, "duplicate_therapy"))


def test_session16_route_limited_pair_and_rescue_ladder(checker) -> None:  # type: ignore[no-untyped-def]
    # IM olanzapine with a parenteral benzodiazepine is the labelled harm; oral doses of both are information
    oral = "Olanzapine 15 mg PO nocte\nLorazepam 1 mg PO PRN anxiety, max 4 mg/24h"
    assert not serious(fired(checker, oral, "interaction"))
    im = "Olanzapine 10 mg IM stat\nLorazepam 2 mg IM stat"
    assert serious(fired(checker, im, "interaction"))
    # seizure rescue: one benzodiazepine already given, then the next step of the protocol
    ladder = (
        "Fitting 10 min. Diazepam 10 mg PR given by ambulance crew 09:40\nLorazepam 4 mg IV now"
    )
    assert not serious(fired(checker, ladder, "duplicate_therapy"))
    together = "Anxiety. Diazepam 5 mg PO TDS\nLorazepam 1 mg PO BD"
    assert serious(fired(checker, together, "duplicate_therapy"))
    # end-of-life anticipatory prescribing: opioid with midazolam is standard
    jic = "Just-in-case meds: morphine 2.5 mg subcut 2-hourly PRN; midazolam 2.5 mg subcut 1-hourly PRN"
    assert not serious(fired(checker, jic, "interaction"))
