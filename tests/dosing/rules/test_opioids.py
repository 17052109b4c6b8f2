"""opioid: naive ceilings, tolerance-only products, conversions; ER products at IR intervals (frequency)."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("45F, opioid-naive, POD 0: hydromorphone 4 mg IV q3h prn pain.", "opioid", "critical"),
    ("Opioid naive, new cancer pain: fentanyl transdermal 50 mcg/h q72h.", "opioid", "critical"),
    (
        "Rotate from morphine 10 mg IV q4h to hydromorphone 10 mg IV q4h (1:1).",
        "opioid",
        "critical",
    ),
    ("OxyContin 20 mg PO q4h", "frequency", "critical"),
    ("On Duragesic 12 mcg/h. Increase to fentanyl patch 50 mcg/h.", "opioid", "critical"),
    (
        "opioid naive. morphine PCA 1 mg/mL: basal 1 mg/h, demand 1 mg, lockout 10 min",
        "opioid",
        "critical",
    ),
    ("opioid-naive post-op: oxycodone 5 mg PO q1h prn", "opioid", "critical"),
    ("NPO: change home Dilaudid 4 mg PO q4h to hydromorphone 4 mg IV q4h", "opioid", "critical"),
    (
        "Current: MS Contin 60 mg PO BID\nNew: stop MS Contin, start methadone 40 mg PO TID",
        "opioid",
        "critical",
    ),
    (
        "Home meds: lisinopril, atorvastatin -- NO opioids.\nStart fentanyl 50 mcg/h transdermal patch q72h",
        "opioid",
        "critical",
    ),
]
NEAR_MISS = [
    ("opioid-naive: hydromorphone 0.5 mg IV q3h prn pain", "opioid"),
    ("switch morphine 10 mg IV q4h to hydromorphone 1 mg IV q4h", "opioid"),
    ("opioid-tolerant on MS Contin 60 mg q12h; fentanyl patch 25 mcg/h q72h", "opioid"),
    ("OxyContin 20 mg PO q12h", "frequency"),
    ("On oxycodone 10 mg PO q4h prn. Increase to oxycodone 15 mg PO q4h prn.", "opioid"),
    ("opioid naive. morphine PCA 1 mg/mL: demand 1 mg, lockout 10 min, no basal", "opioid"),
    (
        "on MS Contin 100 mg PO q12h for years.\nBreakthrough: morphine IR 30 mg PO q2h PRN",
        "opioid",
    ),
    ("NPO: change home Dilaudid 4 mg PO q4h to hydromorphone 0.8 mg IV q4h", "opioid"),
    (
        "Home: oxycodone 10 mg PO TID x 3 mo.\nPlan: stop oxycodone, start fentanyl 25 mcg/h patch q72h",
        "opioid",
    ),
]


@pytest.mark.parametrize(("text", "rule", "severity"), POSITIVE)
def test_positive(checker, text, rule, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, rule)
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize(("text", "rule"), NEAR_MISS)
def test_near_miss(checker, text, rule) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, rule))


def test_tolerance_implied_by_current_opioid_doses(checker) -> None:  # type: ignore[no-untyped-def]
    """120 mg/day of oxycodone IR is 180 MME: OxyContin 60 mg q12h is a 1:1 conversion in a tolerant patient."""
    text = (
        "oxycodone IR 20 mg q4h ATC (120 mg/day) x2 wk, pain controlled\n-> start OxyContin 60 mg PO q12h; "
        "oxycodone IR 10 mg q4h PRN BTP"
    )
    assert not serious(fired(checker, text, "opioid"))


def test_conversion_counts_the_whole_old_regimen(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Chronic cancer pain, 18 mo on opioids:\nOxyContin 20 mg q12h + oxycodone IR 5 mg ~2x/day\n"
        "Plan: rotate to fentanyl 25 mcg/h TD q72h; oxycodone IR 5 mg PO q4h PRN breakthrough"
    )
    assert not serious(fired(checker, text, "opioid"))


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("On MS Contin x 2 years for cancer pain. MS Contin 60 mg PO q12h (continue)", None),
        ("Hip fracture, no opioids PTA: fentanyl 25 mcg/h patch, change q72h", "critical"),
    ],
)
def test_tolerance_and_naive_wording(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    found = serious(fired(checker, text, "opioid"))
    assert ([f.severity for f in found][:1] or [None]) == [severity], text


def test_occasional_opioid_with_no_other_opioids_is_naive(checker) -> None:  # type: ignore[no-untyped-def]
    text = "home: tramadol 50 mg PRN about twice a week, no other opioids. start fentanyl patch 25 mcg/h q72h"
    assert [f.severity for f in fired(checker, text, "opioid")] == ["critical"]
    tolerant = "methadone 90 mg daily (OTP), no other opioids. fentanyl patch 25 mcg/h q72h"
    assert not [
        f
        for f in fired(checker, text.replace(text, tolerant), "opioid")
        if f.severity == "critical"
    ]


def test_prn_rescue_beside_a_syringe_driver_is_not_the_conversion(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Pain controlled on MST 30 mg bd (oral morphine 60 mg/24h).\nSTOP MST continus.\n"
        "CSCI: morphine sulfate 30 mg in WFI over 24 h via syringe driver\n"
        "morphine sulfate 5 mg SC 1-hourly PRN breakthrough pain"
    )
    assert not serious(fired(checker, text, "opioid", {"age": 74, "weight_kg": 58}))
    # a conversion to a PRN regimen of another opioid is still compared (set 6)
    text = "NPO post-op. Home oxycodone 10 mg PO q4h (60 mg/day)\nconvert to hydromorphone 10 mg IV q4h prn"
    assert serious(fired(checker, text, "opioid", {"age": 60, "weight_kg": 70}))


def test_pca_basal_in_the_opioid_naive_with_pca_before_the_drug(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Opioid-naive, untreated OSA.\nPCA morphine 1 mg/mL: demand 1 mg, lockout 8 min, basal 1 mg/hr"
    assert any(
        f.severity == "critical"
        for f in fired(checker, text, "opioid", {"age": 57, "weight_kg": 118})
    )
    text = "Opioid-naive.\nPCA morphine 1 mg/mL: demand 1 mg, lockout 8 min, no basal"
    assert not serious(fired(checker, text, "opioid", {"age": 57, "weight_kg": 118}))


def test_an_opioid_substitution_induction_is_not_judged_as_opioid_naive(checker) -> None:  # type: ignore[no-untyped-def]
    ost = "OST induction, COWS 13, QTc 430. Methadone 30 mg PO once, review at 4 h"
    assert not serious(fired(checker, ost, "opioid"))
    pain = "Post-op pain, no prior opioids. Methadone 30 mg PO once"
    assert serious(fired(checker, pain, "opioid"))


def test_oral_to_subcutaneous_morphine_at_two_to_one(checker) -> None:  # type: ignore[no-untyped-def]
    switch = "Was: Zomorph 40 mg PO BID. Now: morphine 40 mg SC over 24 h via syringe driver"
    assert not serious(fired(checker, switch, "opioid"))
    overdose = "Was: Zomorph 40 mg PO BID. Now: morphine 80 mg SC over 24 h via syringe driver"
    assert serious(fired(checker, overdose, "opioid"))


def test_a_patch_for_a_child_with_no_opioids_so_far(checker) -> None:  # type: ignore[no-untyped-def]
    naive = "9 years, 26 kg, no opioids so far. Start fentanyl transdermal patch 12 mcg/h, change every 72 h"
    assert [str(f.severity) for f in serious(fired(checker, naive, "opioid"))] == ["critical"]


def test_session16_palliative_regimens(checker) -> None:  # type: ignore[no-untyped-def]
    # the note's own 24-hour total (PRN doses included) is what the syringe driver replaces; "PRN:" heading the line
    # makes its doses breakthrough doses beside the driver
    text = (
        "Unable to swallow. Last 24 h: Zomorph 40 mg BD + Oramorph 10 mg x4 = 120 mg oral morphine/24h.\n"
        "Syringe driver (CSCI) over 24 h: morphine sulfate 60 mg\nPRN: morphine 10 mg subcut 1-hourly"
    )
    assert not serious(checker.check(text, patient={"age": 70}).findings)
    # carried on from an established regimen: no opioid-naive ceiling
    cont = "CONTINUE: MST Continus 90 mg PO 12-hourly"
    assert not serious(fired(checker, cont, "opioid", {"age": 70}))
    # a 24-hour syringe driver amount in an opioid-naive patient: about two single starting doses a day
    naive = "Opioid-naive. CSCI: morphine sulfate 40 mg in WFI over 24 h via syringe driver"
    assert serious(fired(checker, naive, "opioid", {"age": 70}))
