"""pediatric (age contraindications): drugs never for young children, whatever the dose."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "10 yo, 32 kg, forearm fx: tramadol 50 mg PO q6h PRN pain",
    "8 yo, 26 kg, s/p T&A for OSA. Rx: acetaminophen-codeine 120/12 per 5 mL, 10 mL PO q4h PRN pain",
    "15 yo, 55 kg, post-tonsillectomy day 1: codeine 30 mg PO q6h PRN",  # under 18 after tonsillectomy
    "18 mo, 11 kg, AGE w/ vomiting: promethazine 6.25 mg PO q6h PRN",
    "8 y/o, flu A +, T 39.1, 26 kg: aspirin 325 mg PO q6h PRN fever",  # Reye syndrome
]
NEAR_MISS = [
    "14 yo, 50 kg, ankle sprain: tramadol 50 mg PO q6h PRN",
    "15 yo, 55 kg, ankle fracture: codeine 30 mg PO q6h PRN",
    "5 yo, 18 kg: ondansetron 2 mg PO q8h PRN vomiting",
    "tramadol 50 mg PO q6h PRN pain",  # age unknown
    "10 yo, 32 kg, Kawasaki disease: aspirin 325 mg PO q6h",  # no viral illness named
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert any(f.severity == "critical" for f in fired(checker, text, "pediatric")), text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "pediatric"))


def test_session16_aspirin_under_16_unless_an_accepted_use(checker) -> None:  # type: ignore[no-untyped-def]
    # BNFc: aspirin is not given under 16 (Reye syndrome) except for specific indications such as Kawasaki disease
    child = {"age": 7, "weight_kg": 22}
    fever = [f for f in fired(checker, "Aspirin 300 mg PO QDS PRN fever", "pediatric", child)]
    assert [str(f.severity) for f in fever][:1] == ["warning"]
    kawasaki = "Kawasaki disease day 6. Aspirin 100 mg PO QDS (high dose) with IVIG"
    assert not fired(checker, kawasaki, "pediatric", child)
    assert not fired(checker, "Aspirin 300 mg PO PRN", "pediatric", {"age": 17})
