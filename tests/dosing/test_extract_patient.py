"""Medication statement extraction, patient context and formulary validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cdss.dosing import DoseChecker
from cdss.dosing.extract import Extractor
from cdss.dosing.formulary import Formulary
from cdss.dosing.patient import apply_overrides, read_patient
from cdss.errors import FormularyError, InputError

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def formulary() -> Formulary:
    return Formulary.load(ROOT / "corpora" / "formulary")


def one(formulary: Formulary, text: str):  # type: ignore[no-untyped-def]
    meds = Extractor(formulary).extract(text)
    assert meds, text
    return meds[0]


def test_formulary_size_and_content(formulary: Formulary) -> None:
    assert len(formulary.drugs) >= 100 and len(formulary.interactions) >= 60
    for name in (
        "acetaminophen",
        "warfarin",
        "methotrexate",
        "sulfamethoxazole-trimethoprim",
        "folic acid",
    ):
        assert name in formulary.drugs
    for syn, generic in {
        "tylenol": "acetaminophen",
        "apap": "acetaminophen",
        "paracetamol": "acetaminophen",
        "asa": "aspirin",
        "coumadin": "warfarin",
        "eliquis": "apixaban",
        "lasix": "furosemide",
        "hctz": "hydrochlorothiazide",
        "kcl": "potassium chloride",
        "keppra": "levetiracetam",
        "zithromax": "azithromycin",
        "tmp-smx": "sulfamethoxazole-trimethoprim",
    }.items():
        assert formulary.synonyms[syn] == generic
    assert {"percocet", "norco", "bactrim ds"} <= set(formulary.product_names)


@pytest.mark.parametrize(
    ("text", "drug", "dose", "unit", "route", "freq", "per_day"),
    [
        ("Tylenol 1,000 mg PO q6h", "acetaminophen", 1000, "mg", "PO", "q6h", 4),
        (
            "APAP 650mg by mouth every 4-6 hours as needed",
            "acetaminophen",
            650,
            "mg",
            "PO",
            "q4-6h",
            6,
        ),
        ("enoxaparin 40 mg subcut daily", "enoxaparin", 40, "mg", "SC", "daily", 1),
        ("Lasix 40 mg IV push BID", "furosemide", 40, "mg", "IV", "BID", 2),
        ("methotrexate 15 mg PO once weekly", "methotrexate", 15, "mg", "PO", "weekly", 1 / 7),
        ("levothyroxine 88 mcg daily", "levothyroxine", 88, "mcg", None, "daily", 1),
        (
            "insulin glargine 20 units SC nightly",
            "insulin glargine",
            20,
            "units",
            "SC",
            "nightly",
            1,
        ),
        ("KCl 20 mEq PO TID", "potassium chloride", 20, "mEq", "PO", "TID", 3),
        ("ceftriaxone 2 g IV q24h", "ceftriaxone", 2, "g", "IV", "q24h", 1),
        ("albuterol 2 puffs INH q4h PRN", "albuterol", 2, "puff", "INH", "q4h", 6),
        ("vancomycin 15 mg/kg IV q12h", "vancomycin", 15, "mg", "IV", "q12h", 2),
        ("ondansetron 4 mg SL every 8 hours", "ondansetron", 4, "mg", "SL", "q8h", 3),
        ("prednisone 40 mg PO daily x5 days", "prednisone", 40, "mg", "PO", "daily", 1),
        # a liquid's strength turns the volume into the amount it holds
        (
            "acetaminophen 160 mg/5 mL susp, give 15 mL PO q4h PRN",
            "acetaminophen",
            480,
            "mg",
            "PO",
            "q4h",
            6,
        ),
        # the glucose checks are hourly, the dextrose is once
        ("D50 25 g IV x1, BG q1h x4", "dextrose", 25, "g", "IV", "once", 1),
        # a stated cap on doses per day bounds the interval's count
        ("ibuprofen 200 mg PO q4h prn, max 4 doses/24h", "ibuprofen", 200, "mg", "PO", "q4h", 4),
    ],
)
def test_statement_fields(
    formulary: Formulary,
    text: str,
    drug: str,
    dose: float,
    unit: str,
    route: str | None,
    freq: str,
    per_day: float,
) -> None:
    m = one(formulary, text)
    assert (m.drug, m.dose, m.unit, m.route) == (drug, dose, unit, route)
    assert (
        m.frequency is not None
        and m.frequency.code == freq
        and m.frequency.per_day == pytest.approx(per_day)
    )


def test_ranges_products_and_prn(formulary: Formulary) -> None:
    meds = Extractor(formulary).extract("Percocet 10/325 1-2 tabs PO q4-6h PRN pain")
    by = {m.drug: m for m in meds}
    assert (
        by["oxycodone"].dose == 20
        and by["acetaminophen"].dose == 650
        and by["oxycodone"].product == "Percocet"
    )
    assert by["oxycodone"].frequency.prn and by["oxycodone"].frequency.per_day == 6  # type: ignore[union-attr]
    assert one(formulary, "Bactrim DS 1 tab PO BID x5 days").dose == 160
    assert one(formulary, "prednisone 40 mg PO daily x5 days").duration_days == 5


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Discontinued: warfarin 5 mg daily", "inactive"),
        ("warfarin 5 mg daily was stopped on admission", "inactive"),
        ("Held lisinopril 10 mg for AKI", "inactive"),
        ("hx of amiodarone 200 mg daily", "inactive"),
        ("not on aspirin 81 mg", "inactive"),
        ("consider naproxen 500 mg BID if pain persists", "inactive"),
        ("Allergies: amoxicillin (rash), Bactrim", "allergy"),
        ("allergic to codeine and amoxicillin", "allergy"),
        ("restart warfarin 5 mg daily", "active"),
        ("Continue metformin 500 mg BID", "active"),
        ("Warfarin 5 mg PO daily restarted today (had stopped in 2020)", "active"),
        ("clarithromycin 500 mg BID, course completed 3 weeks ago", "inactive"),
        ("azithromycin 250 mg daily, to be completed on Friday", "active"),
        ("not on dialysis: rivaroxaban 15 mg daily", "active"),
        # two undosed names share the verdict written after the second
        ("tetracycline and doxycycline avoided (breastfeeding)", "inactive"),
    ],
)
def test_status(formulary: Formulary, text: str, status: str) -> None:
    meds = Extractor(formulary).extract(text)
    assert meds and all(m.status == status for m in meds), [
        (m.drug, m.status, m.status_reason) for m in meds
    ]


def test_patient_context_and_cockcroft_gault() -> None:
    p = read_patient(
        "82 yo woman, weight 132 lb, Cr 1.9 mg/dL, K 5.4, Allergies: penicillin (anaphylaxis); sulfa - rash"
    )
    assert p.age_years == 82 and p.sex == "F" and p.weight_kg == pytest.approx(59.9, abs=0.1)
    assert p.crcl_source == "cockcroft-gault"
    assert p.crcl == pytest.approx((140 - 82) * 59.87 / (72 * 1.9) * 0.85, abs=0.2)
    assert p.potassium == 5.4 and [a.substance for a in p.allergies] == ["penicillin", "sulfa"]
    assert p.allergies[0].reaction == "anaphylaxis"
    assert read_patient("7-month-old boy, wt 8 kg").age_years == pytest.approx(7 / 12)
    assert read_patient("creatinine 168 umol/L").scr_mg_dl == pytest.approx(1.9, abs=0.01)
    assert read_patient("[AGE_1]-year-old man").age_years == 90
    assert read_patient("NKDA").no_known_allergies
    q = apply_overrides(
        read_patient("eGFR 60"), {"egfr": 25, "weight_kg": 70, "age": 80, "sex": "M", "scr": 2.0}
    )
    assert q.egfr == 25 and q.crcl == pytest.approx(29.2, abs=0.1)
    with pytest.raises(InputError, match="unknown patient field"):
        apply_overrides(read_patient(""), {"height_ft": 6})


def test_broken_formulary_names_file_drug_and_field(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "corpora" / "formulary", tmp_path / "f")
    f = tmp_path / "f" / "drugs" / "naproxen.yaml"
    f.write_text(f.read_text().replace("max_daily: 1500", "max_daily: lots"))
    with pytest.raises(FormularyError) as e:
        Formulary.load(tmp_path / "f")
    assert (
        "naproxen.yaml" in str(e.value)
        and "'naproxen'" in str(e.value)
        and "max_daily" in str(e.value)
    )


def test_checker_findings_shape(formulary: Formulary) -> None:
    r = DoseChecker(formulary).check("naproxen 750 mg PO TID")
    f = r.findings[0].to_json()
    assert f == {
        "rule": "max_daily_dose",
        "severity": "warning",
        "drugs": ["naproxen"],
        "message": "naproxen 2,250 mg/day exceeds the adult maximum of 1,500 mg/day",
        "span": [0, 22],
        "origin": "note",
        "reference": f["reference"],
    }
    assert f["reference"].startswith("formulary: naproxen")


def test_criteria_based_dose_cap(formulary: Formulary) -> None:
    checker = DoseChecker(formulary)
    af = "AF. 82 yo woman, weight 58 kg, Cr 1.9 mg/dL.\nApixaban 5 mg PO BID"
    f = [x for x in checker.check(af).findings if x.rule == "max_single_dose"]
    assert (
        len(f) == 1
        and f[0].severity == "warning"
        and "age 80 or older" in f[0].message
        and "2.5 mg" in f[0].message
    )
    assert not [
        x
        for x in checker.check(af.replace("5 mg", "2.5 mg")).findings
        if x.rule == "max_single_dose"
    ]
    one = "AF. 82 yo woman, weight 72 kg, Cr 1.0 mg/dL.\nApixaban 5 mg PO BID"  # only one criterion
    assert not [x for x in checker.check(one).findings if x.rule == "max_single_dose"]
    no_af = "DVT. 82 yo woman, weight 58 kg, Cr 1.9 mg/dL.\nApixaban 5 mg PO BID"
    g = [x for x in checker.check(no_af).findings if x.rule == "max_single_dose"]
    assert (
        g
        and g[0].severity == "info"
        and g[0].message.startswith("If the indication is atrial fibrillation")
    )


@pytest.mark.parametrize(
    ("text", "dose", "per_day"),
    [
        ("Bicillin L-A 2.4 million units IM x1", 2_400_000, 1),
        ("penicillin G 4 MU IV q4h", 4_000_000, 6),
        ("insulin lispro 6 units SC with each meal", 6, 3),
        ("insulin aspart 4 units SC AC & HS", 4, 4),
    ],
)
def test_million_units_and_meal_times(
    formulary: Formulary, text: str, dose: float, per_day: float
) -> None:
    m = one(formulary, text)
    assert m.dose == dose and m.frequency is not None and m.frequency.per_day == per_day


def test_switch_marks_the_old_drug_inactive(formulary: Formulary) -> None:
    meds = Extractor(formulary).extract("AF: transition heparin drip to apixaban 5 mg PO BID")
    assert [(m.drug, m.status) for m in meds] == [("heparin", "inactive"), ("apixaban", "active")]


def test_product_names_must_be_unique(tmp_path: Path) -> None:
    """An unquoted '#' in YAML starts a comment: 'name: Tylenol #3' loaded as 'Tylenol' and turned every Tylenol
    order into acetaminophen with codeine. Duplicate product names are now a load error."""
    root = tmp_path / "formulary"
    shutil.copytree(ROOT / "corpora" / "formulary", root)
    with (root / "products.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "\n- name: Tylenol #3\n  components: {acetaminophen: 300}\n  reference: test\n"
            "- name: Tylenol #4\n  components: {acetaminophen: 300}\n  reference: test\n"
        )
    with pytest.raises(FormularyError, match="already used by another product"):
        Formulary.load(root)
    assert (
        one(Formulary.load(ROOT / "corpora" / "formulary"), "Tylenol 1 tab PO q6h prn").product
        is None
    )


def test_weekly_totals_and_dash_before_dose(formulary: Formulary) -> None:
    warfarin = one(
        formulary, "warfarin 35 mg/wk -> increase to 40 mg/wk (5 mg daily, 7.5 mg Mon & Fri)"
    )
    assert warfarin.dose == pytest.approx(40 / 7) and warfarin.frequency is not None
    assert warfarin.frequency.code == "weekly total"
    epi = one(formulary, "epinephrine 1 mg/mL - 1 mg IV push")
    assert (epi.dose, epi.unit, epi.concentration) == (1.0, "mg", 1.0)
    ntg = one(formulary, "nitroglycerin 0.4 mg SL q5 min x3 PRN")
    assert ntg.frequency is not None and ntg.frequency.per_day == 3


def test_changes_by_arrow_and_symbol_and_weeks_are_not_ages(formulary: Formulary) -> None:
    amlo = one(formulary, "amlodipine: 10 mg daily -> 20 mg daily")
    assert (amlo.dose, amlo.previous_dose, amlo.change) == (20.0, 10.0, True)
    assert one(formulary, "Plan: ↑ lisinopril to 40 mg PO daily").dose == 40
    assert read_patient("BP 152/94 on lisinopril 20 mg daily. Plan: BMP 1-2 wk").age_years is None
    assert read_patient("18 mo, 11 kg, AGE w/ vomiting").age_years == pytest.approx(1.5)
    carvedilol = one(formulary, "carvedilol 25 mg PO BID with meals")
    assert carvedilol.frequency is not None and carvedilol.frequency.code == "BID"
    levels = Extractor(formulary).extract(
        "digoxin 0.125 mg daily, dig level 0.6 ng/mL. POC glucose q1h x 6 h"
    )
    assert [m.status for m in levels] == ["active", "inactive", "inactive"]


def test_bag_strengths_and_daily_totals_are_not_single_doses(formulary: Formulary) -> None:
    norepi = Extractor(formulary).extract(
        "norepinephrine 8 mg/250 mL NS (32 mcg/mL) -- start 5 mcg/min"
    )[0]
    assert (norepi.dose, norepi.unit, norepi.per_hour) == (
        300.0,
        "mcg",
        True,
    )  # 5 mcg/min, kept per hour
    apap = one(formulary, "Knee OA on APAP 2 g/day")
    assert apap.total_only and apap.frequency is not None and apap.frequency.code == "daily total"


def test_protocol_lines_belong_to_the_drug_named_above(formulary: Formulary) -> None:
    text = "VTE heparin nomogram, wt 60 kg.\nBolus 80 units/kg = 4,800 units IV\nInfusion 18 units/kg/h IV\naPTT q6h"
    meds = [m for m in Extractor(formulary).extract(text) if m.dose is not None]
    assert [(m.drug, m.dose, m.loading, m.per_hour) for m in meds] == [
        ("heparin", 80, True, False),
        ("heparin", 18, False, True),
    ]


def test_ideal_weight_and_obesity() -> None:
    p = read_patient("wt 132 kg (IBW 70 kg)")
    assert (p.weight_kg, p.ideal_weight_kg, p.obese) == (132, 70, True)
    q = read_patient("IBW 70 kg")  # an ideal weight is not the weight
    assert q.weight_kg is None
    devine = read_patient("45 yo man, ht 180 cm, wt 120 kg").ideal_weight_kg
    assert devine == pytest.approx(50 + 2.3 * (180 / 2.54 - 60))


def test_opioid_naive_from_the_home_list() -> None:
    assert (
        read_patient("Home meds: lisinopril, atorvastatin -- NO opioids.").opioid_status == "naive"
    )


def test_phosphate_in_meq_is_converted(formulary: Formulary) -> None:
    from cdss.dosing.patient import Patient
    from cdss.dosing.rules.base import absolute_dose

    m = one(formulary, "potassium phosphate 30 mEq IV over 4 h")
    assert absolute_dose(m, formulary.drugs[m.drug], Patient()) == pytest.approx(30 * 0.68)


def test_bag_only_orders_are_read_as_their_amount(formulary: Formulary) -> None:
    # a bag given over a stated time is that amount; a bag at a pump rate is the amount per hour
    kcl = one(formulary, "potassium chloride 20 mEq/50 mL IV over 30 min via PICC")
    assert (kcl.dose, kcl.unit, kcl.infusion_h) == (20.0, "mEq", 0.5)
    mag = one(formulary, "magnesium sulfate 20 g/500 mL @ 50 mL/h")
    assert (mag.dose, mag.unit, mag.per_hour) == (2.0, "g", True)
    # a drip's bag with no rate is not a dose
    assert one(formulary, "norepinephrine 8 mg/250 mL NS").dose is None


def test_ratio_strength_and_renal_wording_before_the_dose(formulary: Formulary) -> None:
    epi = one(formulary, "epinephrine 0.1 mg/mL (1:10,000) 1 mg IV push q3-5 min during arrest")
    assert (epi.dose, epi.unit) == (1.0, "mg")
    assert one(formulary, "enoxaparin renally dosed 30 mg subcut daily").dose == 30.0


def test_pca_demand_dose_sentence_belongs_to_the_pca_drug(formulary: Formulary) -> None:
    meds = Extractor(formulary).extract(
        "PCA: morphine 1 mg/mL. Demand dose 1.5 mg, lockout 8 min, no basal."
    )
    demand = [m for m in meds if m.dose is not None]
    assert [(m.drug, m.dose, m.route) for m in demand] == [("morphine", 1.5, "IV")]


def test_line_verdicts_and_alternatives_are_not_orders(formulary: Formulary) -> None:
    assert one(formulary, "- glipizide 10 mg daily: HOLD (NPO)").status == "inactive"
    meds = Extractor(formulary).extract("doxycycline 100 mg PO BID (preferred over minocycline)")
    assert {m.drug: m.status for m in meds}["minocycline"] == "inactive"
    # "hold if" is a parameter, not a verdict
    assert one(formulary, "- metoprolol 25 mg BID: hold if HR < 55").status == "active"


def test_first_route_written_is_the_route(formulary: Formulary) -> None:
    st = one(formulary, "labetalol 200 mg PO now; if no response, call for IV hydralazine")
    assert st.route == "PO"


def test_per_m2_and_cycle_notation(formulary: Formulary) -> None:
    st = one(formulary, "capecitabine 1000 mg/m2 PO BID days 1-14 q21d")
    assert st.per_m2 and st.dose == 1000.0
    assert st.frequency is not None and st.frequency.code == "BID"


def test_named_one_off_load_is_a_load(formulary: Formulary) -> None:
    meds = Extractor(formulary).extract(
        "fluconazole 800 mg IV x1 (loading dose), then fluconazole 400 mg IV daily"
    )
    assert [m.loading for m in meds] == [True, False]


def test_percent_strength_volume_and_strength_bracket(formulary: Formulary) -> None:
    bup = one(formulary, "bupivacaine 0.25% 30 mL wound infiltration")
    assert (bup.dose, bup.unit) == (75.0, "mg")
    meds = Extractor(formulary).extract("opium tincture (10 mg/mL morphine) 0.6 mL PO QID")
    assert [(m.drug, m.dose, m.unit) for m in meds] == [("opium tincture", 0.6, "mL")]


def test_no_cockcroft_gault_in_children() -> None:
    child = read_patient("8 yo, 25 kg, male, SCr 0.4")
    assert child.crcl is None
    adult = read_patient("68 yo male, 80 kg, SCr 1.2")
    assert adult.crcl is not None


def test_obstetric_shorthand_gestation() -> None:
    assert read_patient("39w1d, asymptomatic bacteriuria").gestation_weeks == 39
    assert read_patient("32+3 wk, contractions settled").gestation_weeks == 32


def test_session13_extraction(formulary: Formulary) -> None:
    ex = Extractor(formulary)
    # modified-release words between the name and the dose, and UK brand names
    assert one(formulary, "oxycodone MR 10 mg PO BD").dose == 10
    mst = [
        m
        for m in ex.extract("on MST (morphine MR) 30 mg PO BD.\nStop MST.")
        if m.drug == "morphine"
    ]
    assert mst[0].dose == 30 and all(m.status == "inactive" for m in mst)
    # a bag after a generic in brackets is the bag, and the rate on the next line is the order
    meds = ex.extract(
        "Noradrenaline (norepinephrine) 4 mg in 50 mL glucose 5% (80 mcg/mL) via CVC.\n"
        "Running at 0.1 mcg/kg/min = 5.3 mL/h"
    )
    # (since session 14 the "= 5.3 mL/h" written with the rate is read as the pump setting too: 424 mcg/h)
    assert [m.drug for m in meds] == ["norepinephrine"] * 3
    assert meds[0].dose is None and meds[1].per_kg and meds[1].unit == "mcg"
    assert meds[2].from_volume and meds[2].dose == pytest.approx(5.3 * 80)
    # a syringe driver's amount is a 24-hour total
    csci = [
        m for m in ex.extract("CSCI 24 h: midazolam 10 mg + metoclopramide 30 mg in WFI to 17 mL.")
    ]
    assert {m.drug for m in csci} == {"midazolam", "metoclopramide"}
    assert all(m.total_only and m.frequency and m.frequency.per_day == 1 for m in csci)
    # "no SL nitroglycerin on list" names a drug the patient is not on
    assert all(
        m.status == "inactive"
        for m in ex.extract("no SL nitroglycerin on list")
        if m.drug == "nitroglycerin"
    )


@pytest.mark.parametrize(
    "text",
    [
        "enoxaparin 90 mg SC given 08:00 in ED - discontinue, no further doses",
        "metronidazole not needed (anaerobic cover)",
        "aspirin 81 mg - not on (no indication)",
    ],
)
def test_session13_verdicts_after_the_drug(formulary: Formulary, text: str) -> None:
    meds = Extractor(formulary).extract(text)
    assert meds and all(m.status == "inactive" for m in meds), [(m.drug, m.status) for m in meds]


def test_nebulised_route(formulary: Formulary) -> None:
    m = one(formulary, "adrenaline (epinephrine) 1 mg/mL: 5 mL (5 mg) via nebuliser x1")
    assert m.route == "INH"


def test_planned_stop_leaves_the_running_order_active(formulary: Formulary) -> None:
    ex = Extractor(formulary)
    text = "Heparin 25,000 units/250 mL: start 18 units/kg/hr\nStop heparin 4-6 h pre-op"
    assert any(m.status == "active" and m.dose for m in ex.extract(text) if m.drug == "heparin")
    text = "Heparin 25,000 units/250 mL: start 18 units/kg/hr\nStop heparin."
    assert all(m.status == "inactive" for m in ex.extract(text) if m.drug == "heparin")


def test_volume_after_a_form_word_and_strength(formulary: Formulary) -> None:
    m = one(formulary, "paracetamol infant drops 100 mg/mL - give 4 mL PO q6h PRN fever")
    assert (m.drug, m.dose, m.unit) == ("acetaminophen", 400, "mg")


@pytest.mark.parametrize(
    ("text", "drug", "dose"),
    [
        (
            "Augmentin 875/125 mg PO BID x 7 days",
            "amoxicillin-clavulanate",
            875,
        ),  # never "875/12" + "5 mg"
        ("Tylenol Extra Strength 500 mg 2 tabs PO q6h scheduled", "acetaminophen", 1000),
        ("Tylenol 500 mg 2 tabs PO q6h", "acetaminophen", 1000),
        ("metformin 500 mg 1 tab BID", "metformin", 500),
        ("methadone 10 mg/mL oral conc: 60 mg PO once daily", "methadone", 60),
        ("fentaNYL intranasal 1.5 mcg/kg = 210 mcg via MAD", "fentanyl", 1.5),
    ],
)
def test_session13_doses(formulary: Formulary, text: str, drug: str, dose: float) -> None:
    m = one(formulary, text)
    assert (m.drug, m.dose) == (drug, dose)


def test_susceptibility_results_are_not_orders(formulary: Formulary) -> None:
    meds = Extractor(formulary).extract("E. coli >10^5, sens nitrofurantoin, R amoxicillin")
    assert all(m.status == "inactive" for m in meds if m.drug == "amoxicillin")


def test_monitoring_schedule_after_a_plus_is_not_the_dose_interval(formulary: Formulary) -> None:
    m = one(
        formulary, "fosphenytoin 1640 mg PE IV in NS at 100 mg PE/min, continuous ECG + BP q5min"
    )
    assert m.frequency is None or m.frequency.code != "q5min"


def test_a_dose_cap_in_24_hours_is_not_a_syringe_driver(formulary: Formulary) -> None:
    text = "adults may take paracetamol by mouth at a dose of 5 g every four to six hours, up to four times in 24 hours."
    meds = Extractor(formulary).extract(text, origin="answer")
    assert meds and not meds[0].total_only
    meds = Extractor(formulary).extract("oxycodone 35 mg SC over 24 h via T34")
    assert meds[0].total_only


def test_session14_extraction(formulary: Formulary) -> None:
    """Set 18's extraction defects, each in new wording."""
    ex = Extractor(formulary)
    # a per-kg dose with its per-dose cap: the cap is the most that is given
    (st, *_) = ex.extract("tenecteplase 0.25 mg/kg IV bolus, capped at max 25 mg")
    assert st.per_kg and st.cap_dose == 25 and st.cap_unit == "mg"
    # the percent strength written with the name, then a volume: an amount and a concentration
    (d50,) = [s for s in ex.extract("Dextrose 50% 20 mL IV push") if s.dose is not None]
    assert d50.unit == "mg" and d50.dose == 10_000 and d50.concentration == 500
    # a strength, then the pump rate in mL/h: an hourly amount
    (ropi,) = ex.extract("Bupivacaine 0.125% epidural infusion at 10 mL/h")
    assert ropi.per_hour and ropi.dose == pytest.approx(12.5) and ropi.unit == "mg"
    # "ASA II" is the anaesthetic physical status, not aspirin; "ASA 81 mg" is aspirin
    assert not ex.extract("ASA II, for cystoscopy under sedation")
    assert [s.dose for s in ex.extract("ASA 81 mg daily")] == [81]
    # a series stepped every minute to a total cap has as many doses as the cap allows
    (flu,) = ex.extract("naloxone 0.1 mg IV, repeat q2min to max 0.4 mg")
    assert flu.frequency is not None and flu.frequency.per_day == 4
    # "(AC)" after a regimen is its initials, not "before meals"
    (cyc,) = [
        s for s in ex.extract("cyclophosphamide (AC) cycle 3 today") if s.drug == "cyclophosphamide"
    ]
    assert cyc.frequency is None
    # a pump line under a rate already ordered is that rate's pump setting
    pump = "Heparin 25,000 units in 500 mL (50 units/mL): 18 units/kg/h = 1,260 units/h.\nPump programmed: 25.2 mL/h"
    rates = [s.dose for s in ex.extract(pump) if s.per_hour and not s.per_kg]
    assert rates and rates[-1] == pytest.approx(1260)


def test_session14_patient_context() -> None:
    # a newborn's own gestational age is not a pregnancy
    baby = read_patient("NICU: ex-26+3 week preterm girl, DOL 5, 0.8 kg")
    assert not baby.pregnant
    assert read_patient("31F, G2P1 at 26+3 weeks, 70 kg").pregnant
    # opioid substitution therapy and a scored withdrawal are tolerance, not naivety
    assert read_patient("OST reception, COWS 11, unverified dose").opioid_status == "tolerant"
    assert (
        read_patient("opioid agonist treatment: buprenorphine induction").opioid_status
        == "tolerant"
    )
    # "X intolerance: reaction" carries its reaction
    (a,) = read_patient("codeine intolerance: vomiting").allergies
    assert (a.substance, a.reaction) == ("codeine", "vomiting")
    # hepatic impairment from a raised bilirubin or daily drinking
    assert read_patient("liver mets, bilirubin 3.1 mg/dL").hepatic == "any"
    assert read_patient("drinks alcohol daily, LFTs pending").hepatic == "any"
    assert read_patient("bilirubin 0.8 mg/dL").hepatic is None


def test_session14_set19_extraction(formulary: Formulary) -> None:
    ex = Extractor(formulary)
    # "DOUBLE X -> N mg" written out is the new dose; the dose it doubles is replaced
    doses = [
        (s.dose, s.status) for s in ex.extract("Keppra 250 mg BD. Plan: DOUBLE Keppra -> 500 mg BD")
    ]
    assert doses == [(250, "inactive"), (500, "active")]
    # a pump's volume to be infused with the strength beside the route word
    (apap,) = ex.extract("Paracetamol IV (10 mg/mL) - VTBI 60 mL over 15 min")
    assert apap.dose == 600 and apap.unit == "mg"
    # an orphan change keeps its per-kg form and stated total
    st = ex.extract("Neoral 100 mg BID. Poor response -> increase to 3 mg/kg BID = 210 mg BID")[-1]
    assert st.per_kg and st.stated_dose == 210
    # VRIII names the insulin infusion
    assert ex.extract("VRIII per protocol, rate 4 units/h")[0].drug == "insulin regular"


def test_session14_set20_extraction(formulary: Formulary) -> None:
    ex = Extractor(formulary)
    # the tablet strength, then the dose; an aside quoting another source is not the order's frequency
    (mtx,) = ex.extract("Methotrexate 2.5 mg tabs - 15 mg PO once DAILY (letter: '15 mg weekly')")
    assert mtx.dose == 15 and mtx.frequency is not None and mtx.frequency.code == "daily"
    # a percent strength of a drug dosed in mEq
    (bicarb,) = ex.extract("sodium bicarbonate 8.4% 10 mmol IV")
    assert bicarb.concentration == pytest.approx(1.0) and bicarb.concentration_unit == "mEq"


def test_session14_set21_extraction(formulary: Formulary) -> None:
    ex = Extractor(formulary)
    (aug,) = ex.extract("Augmentin (amoxicillin-clavulanate) 500/125 mg PO TDS")
    assert aug.dose == 500 and aug.unit == "mg"
    (clz,) = ex.extract("Clozapine day 2: 25 mg PO BID")
    assert clz.dose == 25
    (pen,) = ex.extract("Benzylpenicillin 2.4 g IV q4h")
    assert pen.unit == "g" and pen.dose == 2.4
    bag = ex.extract("MgSO4 20 g in 500 mL (40 mg/mL) running at 25 mL/h")
    assert any(s.per_hour and s.dose == pytest.approx(1.0) for s in bag)


def test_session15_component_strengths_in_the_written_order(formulary: Formulary) -> None:
    """ "Truvada (tenofovir DF 300 mg/emtricitabine 200 mg)": each strength goes to the component written
    beside it, whichever order the note uses."""
    for text in (
        "PrEP: Truvada (tenofovir DF 300 mg/emtricitabine 200 mg) one tablet PO daily",
        "Truvada (emtricitabine 200 mg/tenofovir DF 300 mg) 1 tab PO daily",
    ):
        meds = {m.drug: m.dose for m in Extractor(formulary).extract(text)}
        assert meds == {"emtricitabine": 200.0, "tenofovir": 300.0}, (text, meds)


def test_other_names_are_for_search_not_for_dosing(formulary: Formulary, tmp_path: Path) -> None:
    """other_names.yaml: brands of medicines the guidelines discuss; retrieval reads them, the checker does not."""
    assert formulary.search_names["lokelma"] == "sodium zirconium cyclosilicate"
    # a product's components
    assert formulary.search_names["norco"] == "hydrocodone and acetaminophen"
    assert "lokelma" not in formulary.synonyms
    assert not Extractor(formulary).extract("Lokelma 10 g PO TID")
    clash = tmp_path / "formulary"
    shutil.copytree(ROOT / "corpora" / "formulary", clash)
    (clash / "other_names.yaml").write_text(
        "- generic: furosemide\n  names: [Lasix]\n", encoding="utf-8"
    )
    with pytest.raises(FormularyError, match="already a drug"):
        Formulary.load(clash)


def test_session16_scale_to_a_written_dose_and_negated_names(formulary: Formulary) -> None:
    # "double to 40 mg" names the new dose; "halve to" likewise: neither multiplies the dose again
    for text, new in (
        ("Prednisolone 20 mg OD; flare: double to 40 mg OD for 5 days", 40),
        ("Gabapentin 600 mg TDS - halve to 300 mg TDS as eGFR falls", 300),
    ):
        assert [m.dose for m in Extractor(formulary).extract(text) if m.active] == [new], text
    # a hyphenated generic names the drug as its spaced form does
    assert one(formulary, "insulin-glargine 14 units SC at 22:00").drug == "insulin glargine"
    # "Not <drug>" before a name says the drug was chosen against, not ordered
    meds = Extractor(formulary).extract(
        "Phosphate replacement: sodium glycerophosphate 21.6 mmol IV over 8 h. Not K-Phos (K 5.4)."
    )
    assert [m.active for m in meds if m.drug == "potassium phosphate"] == [False]


def test_session16_patient_age_with_its_unit() -> None:
    from cdss.dosing.patient import Patient, apply_overrides

    for value, years in (
        ("9 months", 0.75),
        ("3 days", 3 / 365.25),
        ("6 years", 6.0),
        ("7 wk", 7 / 52.18),
        ({"value": 18, "unit": "mo"}, 1.5),
    ):
        assert apply_overrides(Patient(), {"age": value}).age_years == pytest.approx(years)
    with pytest.raises(InputError, match="not an age"):
        apply_overrides(Patient(), {"age": "about nine"})
