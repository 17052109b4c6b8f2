"""pregnancy: contraindicated drugs when the note records a pregnancy; near-misses."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "32F, pregnant 10 wk (IUP confirmed). Chronic HTN: continue lisinopril 10 mg daily.",
    "G2P1 at 12 weeks gestation. warfarin 5 mg daily",
]
NEAR_MISS = [
    "32F, pregnant 10 wk. Chronic HTN: labetalol 200 mg BID.",
    "32F, not pregnant. lisinopril 10 mg daily",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert serious(fired(checker, text, "pregnancy")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "pregnancy"))
