"""hyperkalaemia: potassium-raising drugs started or continued with a high recorded potassium; near-misses."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("HFrEF on spironolactone 25 mg daily\nBMP: K 5.9\nplan: cont spironolactone", "critical"),
    ("K 6.1. KCl 20 mEq PO BID (home)", "critical"),
    ("K 5.3 this am. start KCl 40 mEq PO x1", "warning"),
    ("K+ 5.2: eplerenone 25 mg PO daily, new", "warning"),
    ("K 5.8\nlisinopril 20 mg PO daily", "warning"),
    ("potassium 5.7, CKD 3: losartan 100 mg daily", "warning"),
]
NEAR_MISS = [
    "K 4.2. spironolactone 25 mg PO daily",
    "K 5.9: hold spironolactone 25 mg; recheck BMP in AM",  # held: not an active order
    "K 5.8\nheparin 5,000 units SC q8h",  # heparins are not held on a number alone
    "K 5.1\nlisinopril 10 mg PO daily",  # ACE inhibitors are reviewed above 5.5 only
    "K 6.4 w/ peaked T waves\ninsulin regular 10 units IV x1 + D50 25 g IV x1",
]


@pytest.mark.parametrize(("text", "severity"), POSITIVE)
def test_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "hyperkalaemia")
    assert any(str(f.severity) == severity for f in hits), (
        text,
        [(f.severity, f.drugs) for f in hits],
    )


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "hyperkalaemia")), text


def test_one_finding_per_drug(checker) -> None:  # type: ignore[no-untyped-def]
    text = "on spironolactone 25 mg daily. K 5.9. plan: cont spironolactone 25 mg daily"
    assert len(fired(checker, text, "hyperkalaemia")) == 1


HYPO_POSITIVE = [
    "DKA, K 3.0 on BMP. Start insulin infusion 0.1 units/kg/h",
    "HHS: K 2.8. regular insulin 7 units/h IV",
]
HYPO_NEAR_MISS = [
    "DKA, K 3.9. Start insulin infusion 0.1 units/kg/h",
    "K 3.0: KCl 20 mEq/h IV via central line; hold insulin until K > 3.3",
    "K 3.1. insulin glargine 20 units SC nightly",  # basal SC insulin is not the infusion that shifts K
]


@pytest.mark.parametrize("text", HYPO_POSITIVE)
def test_insulin_infusion_with_low_potassium(checker, text) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "hypokalaemia", {"weight_kg": 70})
    assert any(f.severity == "critical" for f in hits), text


@pytest.mark.parametrize("text", HYPO_NEAR_MISS)
def test_insulin_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "hypokalaemia", {"weight_kg": 70})), text
