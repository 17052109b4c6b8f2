"""not_checked / unknown_drug: what could not be checked is said, naming what is missing."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired

pytestmark = pytest.mark.unit

NOT_CHECKED = [
    ("vancomycin 15 mg/kg IV q12h", ["weight"]),
    ("metformin 1 tab PO BID with meals and apixaban as directed", ["dose"]),
]


@pytest.mark.parametrize(("text", "missing"), NOT_CHECKED)
def test_not_checked(checker, text, missing) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "not_checked")
    assert any(f.missing == missing and f.severity == "info" for f in hits), [(f.missing, f.message) for f in hits]


def test_unknown_drug_is_reported(checker) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, "zuranolone 50 mg PO nightly", "unknown_drug")
    assert hits and hits[0].drugs == ["zuranolone"] and hits[0].missing == ["formulary entry"]


@pytest.mark.parametrize("text", ["vancomycin 15 mg/kg IV q12h, wt 70 kg", "metformin 500 mg PO BID"])
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "not_checked")
