"""renal: numeric CrCl bands and kidney function written as a state (HD, PD, ESRD, anuric, CRRT)."""

from __future__ import annotations

import pytest

from cdss.dosing.patient import read_patient
from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "62M ESRD on HD MWF. gabapentin 600 mg TID",
    "anuric, awaiting dialysis. gabapentin 600 mg TID",
    "on PD. gabapentin 800 mg TID",
    "CrCl 25 mL/min. Pradaxa (dabigatran) 150 mg PO BID",
    "CrCl 12. nitrofurantoin 100 mg BID",
    "PD pt (CCPD nightly): nitrofurantoin 100 mg PO BID",
    "NVAF, eGFR 12, not on dialysis: rivaroxaban 15 mg PO daily",  # the negation is about dialysis, not the drug
    "CKD 4 (eGFR 20), new gout: start allopurinol 300 mg PO daily",  # starting dose in CKD 4 is 50 mg/day
    "ESRD on HD TTS. enoxaparin 1 mg/kg SC q12h = 70 mg, wt 70 kg",
    "HSV encephalitis, 70 kg, CrCl 20: acyclovir 10 mg/kg = 700 mg IV q8h",  # IV band: every 24 h
    "CrCl 28\ncystitis: Bactrim DS 1 tab PO BID x3d",  # the full dose at CrCl 15-30
]
NEAR_MISS = [
    "CrCl 90. gabapentin 600 mg TID",
    "ESRD on HD. gabapentin 100 mg after each HD",
    "not on dialysis, CrCl 80. gabapentin 300 mg TID",
    "CKD 4 (eGFR 20): allopurinol 300 mg PO daily, titrated over 6 months, urate 5.4",  # maintenance, not a start
    "CKD 4 (eGFR 20): start allopurinol 50 mg PO daily",
    "CrCl 40, 70 kg: acyclovir 10 mg/kg IV q12h",
    "CrCl 20: acyclovir 400 mg PO TID for genital herpes",  # oral band: daily total
    "CrCl 25. Bactrim SS 1 tab PO BID",  # half the usual dose
    "CrCl 28, 60 kg, PJP: TMP-SMX 5 mg/kg IV q12h",  # reduced Pneumocystis dose, per kg
]
STATES = [
    ("ESRD on HD MWF", "HD"),
    ("on CRRT (CVVHDF)", "CRRT"),
    ("anuric", "HD"),
    ("on peritoneal dialysis", "PD"),
    ("PD pt (CCPD nightly)", "PD"),
    ("CKD 3, not on dialysis", None),
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "renal")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "renal"))


@pytest.mark.parametrize(("text", "state"), STATES)
def test_states(text, state) -> None:  # type: ignore[no-untyped-def]
    assert read_patient(text).dialysis == state


def test_crrt_without_a_crrt_band_is_information(checker) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, "on CRRT. gabapentin 600 mg TID", "renal")
    assert hits and all(f.severity == "info" for f in hits)


def test_many_times_the_renal_maximum_is_critical(checker) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, "ESRD on HD TTS\nneuropathic pain: gabapentin 600 mg PO TID", "renal")
    assert [str(f.severity) for f in hits] == ["critical"]  # 1,800 mg/day against 300 mg/day


def test_twice_the_renal_maximum_stays_a_warning(checker) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, "ESRD on HD. gabapentin 300 mg PO BID", "renal")
    assert [str(f.severity) for f in hits] == ["warning"]


def test_milrinone_rate_by_creatinine_clearance(checker) -> None:  # type: ignore[no-untyped-def]
    text = "milrinone 20 mg/100 mL @ 16.8 mL/h = 0.4 mcg/kg/min"
    over = fired(checker, text, "renal", {"weight_kg": 84, "crcl": 25})
    assert [f.severity for f in over] == ["warning"] and "0.33" in over[0].message
    assert not serious(fired(checker, text, "renal", {"weight_kg": 84, "crcl": 45}))


@pytest.mark.parametrize(
    ("text", "patient", "flagged"),
    [
        ("extended-interval gentamicin 490 mg IV q24h", {"crcl": 45, "weight_kg": 70}, True),
        (
            "gentamicin 7 mg/kg IV q24h",
            {"crcl": 30, "weight_kg": 70},
            True,
        ),  # 7 mg/kg is extended-interval
        ("gentamicin 7 mg/kg IV q48h", {"crcl": 30, "weight_kg": 70}, False),
        (
            "gentamicin 120 mg IV q24h",
            {"crcl": 30, "weight_kg": 70},
            False,
        ),  # conventional, q24h is right
    ],
)
def test_extended_interval_aminoglycosides(checker, text, patient, flagged) -> None:  # type: ignore[no-untyped-def]
    assert bool(serious(fired(checker, text, "renal", patient))) is flagged, text


def test_full_dose_per_m2_in_a_reduce_band(checker) -> None:  # type: ignore[no-untyped-def]
    full = fired(checker, "capecitabine 1250 mg/m2 PO BID d1-14", "renal", {"crcl": 40})
    assert [f.severity for f in full] == ["warning"]
    reduced = fired(checker, "capecitabine 950 mg/m2 PO BID d1-14", "renal", {"crcl": 40})
    assert [f.severity for f in reduced] == ["info"]


def test_named_load_skips_the_renal_band(checker) -> None:  # type: ignore[no-untyped-def]
    text = "fluconazole 800 mg PO x1 (load), then fluconazole 200 mg PO daily"
    assert not serious(fired(checker, text, "renal", {"crcl": 35}))


def test_far_too_frequent_interval_is_critical(checker) -> None:  # type: ignore[no-untyped-def]
    text = "ESRD on HD MWF, anuric. vancomycin 1 g IV q12h"
    assert [f.severity for f in fired(checker, text, "renal", {"weight_kg": 70})] == ["critical"]


def test_per_m2_full_dose_written_as_a_total(checker) -> None:  # type: ignore[no-untyped-def]
    patient = {"age": 76, "weight_kg": 72, "height_cm": 172, "crcl": 36}
    assert serious(
        fired(checker, "Xeloda 2300 mg po bid x 14 days then 7 days off", "renal", patient)
    )
    assert not serious(
        fired(checker, "Xeloda 1650 mg po bid x 14 days then 7 days off", "renal", patient)
    )
