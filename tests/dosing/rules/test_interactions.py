"""interaction / duplicate_therapy, and planned overlaps (bridging) reported as information."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("clarithromycin 500 mg BID; simvastatin 40 mg nightly", "interaction"),
    ("warfarin 5 mg daily; ibuprofen 400 mg TID", "interaction"),
    ("sertraline 50 mg daily; citalopram 20 mg daily", "duplicate_therapy"),
    ("apixaban 5 mg BID; rivaroxaban 20 mg daily", "duplicate_therapy"),
]
NEAR_MISS = [
    ("warfarin 5 mg daily with enoxaparin 80 mg SC q12h until INR >= 2 on two readings", "duplicate_therapy"),
    ("bridging: enoxaparin 1 mg/kg SC q12h overlap with warfarin 5 mg daily, wt 80 kg", "interaction"),
    ("sertraline 50 mg daily; atorvastatin 40 mg nightly", "interaction"),
]


@pytest.mark.parametrize(("text", "rule"), POSITIVE)
def test_positive(checker, text, rule) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, rule)), text


@pytest.mark.parametrize(("text", "rule"), NEAR_MISS)
def test_near_miss(checker, text, rule) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, rule))
