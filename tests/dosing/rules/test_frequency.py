"""frequency: weekly-only drugs daily, too-frequent orders, ER products at IR intervals; near-misses."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("MSSA bacteremia, CrCl 95: cefazolin 2 g IV q24h", "warning"),  # underdosed interval
    ("pseudomonas HAP, CrCl 100: meropenem 1 g IV q24h", "warning"),
    ("methotrexate 2.5 mg PO daily", "critical"),
    ("lisinopril 10 mg every hour", "critical"),
    ("amlodipine 5 mg PO TID", "warning"),
    ("Oxycodone IR 10 mg PO q1h PRN pain", "warning"),  # oral IR opioid: q3-6h
]
NEAR_MISS = [
    "MSSA bacteremia, CrCl 25: cefazolin 1 g IV q12h",  # the renal interval
    "ESRD on HD: cefazolin 2 g IV after each HD session",
    "large basal dose: insulin glargine 60 units SC BID",
    "methotrexate 15 mg PO once weekly",
    "vancomycin 750 mg IV x1, then 750 mg every 48 hours, CrCl 22",
    "lisinopril 10 mg daily",
    "oxycodone IR 5 mg PO q4h PRN pain",
    "morphine 2 mg IV q2h PRN pain",  # PRN up to q4h-like totals is not a scheduling error
    "K 6.4\ninsulin regular 10 units IV x1 + D50 25 g IV x1, BG q1h x4",  # the glucose checks are hourly
]


@pytest.mark.parametrize(("text", "severity"), POSITIVE)
def test_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "frequency")
    assert any(f.severity == severity for f in hits), [(f.severity, f.message) for f in hits]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "frequency"))


@pytest.mark.parametrize(
    "text",
    [
        "cefazolin 2 g IV within 60 min of incision; redose 2 g q4h intra-op",
        "Levemir 14 units subcut BID (AM and bedtime), SMBG QID",
    ],
)
def test_intervals_that_are_not_the_dose_interval(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "frequency")), text


@pytest.mark.parametrize(
    ("text", "warn"),
    [
        ("digoxin 0.25 mg PO q6h, scheduled", True),  # a loading schedule with no end
        ("digoxin 0.25 mg IV q6h x 3 doses, then 0.125 mg daily", False),
        ("digoxin load: 0.25 mg IV q6h x 24 h", False),
    ],
)
def test_loading_schedule_without_an_end(checker, text, warn) -> None:  # type: ignore[no-untyped-def]
    assert bool(serious(fired(checker, text, "frequency", {"age": 60}))) is warn, text


@pytest.mark.parametrize(
    ("text", "serious_expected"),
    [
        (
            "morphine sulfate 5 mg SC 1-hourly PRN breakthrough pain",
            False,
        ),  # palliative rescue doses
        ("morphine 10 mg PO q1h until the pain resolves", True),
        ("atropine 2 mg IV, then double the dose every 5 min until chest clear", False),
    ],
)
def test_rescue_doses_and_titration_to_effect(checker, text, serious_expected) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, text, "frequency", patient={"age": 60, "weight_kg": 70})
    assert bool(serious(found)) is serious_expected, text


def test_once_a_month_is_monthly(checker) -> None:  # type: ignore[no-untyped-def]
    text = "risedronate 150 mg PO once a MONTH, 30 min before breakfast"
    assert not serious(checker.check(text, patient={"age": 70, "weight_kg": 60}).findings)


@pytest.mark.parametrize(
    ("text", "patient"),
    [
        # a care activity's own schedule is not the dose's
        ("Oxybutynin 5 mg PO TID with CIC q4-6h.", {"age": 35}),
        # "PRN:" written as the line's heading still makes a palliative SC rescue dose PRN
        (
            "PRN: oxycodone 5 mg SC q1h for breakthrough (~1/6 of 24 h dose).",
            {"age": 70, "weight_kg": 75},
        ),
        # unbranded nifedipine ER is also a twice-daily product (WMS 2019: 30 mg ER q12h for HAPE)
        ("HAPE, descent delayed: Nifedipine ER 30 mg PO q12h; hold if SBP <100.", {"age": 45}),
        # melioidosis intensive phase
        (
            "septic melioidosis, eGFR >90: Ceftazidime 2 g IV q6h (intensive phase)",
            {"age": 52, "weight_kg": 90},
        ),
        (
            "chronic Q fever endocarditis: hydroxychloroquine 200 mg PO TDS",
            {"age": 60, "weight_kg": 85},
        ),
    ],
)
def test_session13_intervals_that_are_right(checker, text, patient) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "frequency", patient)), text


def test_branded_once_daily_nifedipine_q12h_still_flags(checker) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, "Procardia XL 30 mg PO q12h", "frequency", {"age": 60}))


def test_repeat_to_effect_and_alternatives(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Ketamine 20 mg IV slow push over 1 min, repeat q20min PRN pain"
    assert not serious(fired(checker, text, "frequency", {"age": 24, "weight_kg": 80}))
    assert serious(
        fired(checker, "Ketamine 20 mg IV q20min", "frequency", {"age": 24, "weight_kg": 80})
    )


def test_a_weekly_total_written_as_a_daily_dose(checker) -> None:  # type: ignore[no-untyped-def]
    slip = "INR 2.6 on a weekly warfarin dose of 42 mg. Plan: warfarin 42 mg PO daily"
    assert [str(f.severity) for f in fired(checker, slip, "frequency")] == ["critical"]
    right = "INR 2.6 on a weekly warfarin dose of 42 mg. Plan: warfarin 6 mg PO daily"
    assert not serious(fired(checker, right, "frequency"))
