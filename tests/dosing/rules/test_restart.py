"""retitration: drugs restarted at the full dose after the gap their label says needs a new titration."""

from __future__ import annotations

import pytest

from cdss.dosing.rules.restart import days_off
from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    (
        "Admitted after a week off clozapine (ran out). Restart clozapine 300 mg PO at bedtime.",
        "critical",
    ),
    ("missed clozapine for 3 days. resume clozapine 150 mg PO BID", "critical"),
    ("off lamotrigine x 2 weeks (nonadherent); resume lamotrigine 200 mg PO BID", "warning"),
    (
        "Returned from 4 days in police custody where his clozapine was not given. Restart clozapine 250 mg nocte.",
        "critical",
    ),
    ("Back after one week's leave, lamotrigine omitted. Restart lamotrigine 100 mg BD.", "warning"),
]
NEAR_MISS = [
    "missed clozapine for 3 days. restart clozapine 12.5 mg PO BID and titrate",  # the label's restart dose
    "missed one dose of clozapine yesterday; continue clozapine 200 mg PO BID",  # under 2 days
    "clozapine 200 mg PO BID, stable on it for 2 years",  # no gap
    "off lamotrigine x 2 days; resume lamotrigine 100 mg PO BID",  # under five half-lives
    "5 days on the ward, clozapine given every night. Continue clozapine 300 mg nocte.",  # no gap
]


@pytest.mark.parametrize(("text", "severity"), POSITIVE)
def test_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, text, "retitration")
    assert [f.severity for f in found] == [severity], text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "retitration")), text


def test_days_off_reads_weeks_and_words() -> None:
    assert days_off("off clozapine for two weeks", {"clozapine"}) == 14
    assert days_off("off meds x 4 days", {"clozapine"}) == 4
    assert days_off("off oxygen x 4 days", {"clozapine"}) is None  # another thing's gap


def test_refused_doses_count_as_a_gap(checker) -> None:  # type: ignore[no-untyped-def]
    text = "Pt refused all meds Fri-Mon (4 days).\nResume clozapine 200 mg PO BID tonight as prior."
    assert [str(f.severity) for f in fired(checker, text, "retitration")] == ["critical"]
    assert not fired(
        checker, "Pt refused breakfast. Continue clozapine 200 mg PO BID", "retitration"
    )


def test_first_start_is_titrated(checker) -> None:  # type: ignore[no-untyped-def]
    assert serious(
        fired(
            checker, "Day 1: clozapine 100 mg PO BID.", "retitration", {"age": 17, "weight_kg": 68}
        )
    )
    assert not serious(
        fired(checker, "Day 1: clozapine 12.5 mg PO BID.", "retitration", {"age": 17})
    )
    assert not serious(
        fired(checker, "continue clozapine 200 mg PO BID", "retitration", {"age": 40})
    )
    assert not serious(
        fired(checker, "clozapine: increase to 100 mg BID (day 9)", "retitration", {"age": 40})
    )


def test_pump_programmed_rate_is_compared(checker) -> None:  # type: ignore[no-untyped-def]
    text = "heparin 25,000 units/250 mL (100 units/mL): 18 units/kg/h = 1,440 units/h -> pump programmed 144 mL/h"
    assert any(
        f.severity == "critical"
        for f in fired(checker, text, "pump_rate", {"age": 71, "weight_kg": 80})
    )


def test_methadone_induction_ceiling(checker) -> None:  # type: ignore[no-untyped-def]
    text = "fentanyl use disorder, COWS 12.\nDay 1: methadone 80 mg PO once daily, start today"
    assert any(
        f.severity == "critical"
        for f in fired(checker, text, "retitration", {"age": 36, "weight_kg": 82})
    )
    ok = "Day 1: methadone 30 mg PO once, then 10 mg after 3 h if still in withdrawal"
    assert not serious(fired(checker, ok, "retitration", {"age": 36, "weight_kg": 82}))
    change = "methadone 60 mg PO daily (supervised).\nIncrease methadone to 70 mg PO daily; review in 3 days"
    assert not serious(fired(checker, change, "retitration", {"age": 40, "weight_kg": 72}))


START_POSITIVE = [
    "New HFrEF, EF 28%, beta-blocker naive. Start bisoprolol 5 mg PO once daily.",
    "CCF (LVEF 30%) - commence carvedilol 12.5 mg BD today",
    "heart failure clinic: start Toprol XL 100 mg daily",
]
START_NEAR_MISS = [
    "New HFrEF, EF 28%. Start bisoprolol 1.25 mg PO once daily, review in 2 weeks.",  # the starting dose
    "HFrEF: increase bisoprolol to 5 mg OD (tolerating 2.5 mg)",  # a titration step, not a start
    "Hypertension, no heart failure. Start bisoprolol 5 mg OD.",  # negated condition
    "HFrEF on bisoprolol 10 mg OD - continue",  # continued
]


@pytest.mark.parametrize("text", START_POSITIVE)
def test_start_ceiling_in_heart_failure(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert [f.severity for f in fired(checker, text, "retitration")] == ["warning"], text


@pytest.mark.parametrize("text", START_NEAR_MISS)
def test_start_ceiling_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "retitration")), text
