"""insulin (PrandialInsulinNpoRule): mealtime insulin scheduled with meals while the note keeps the patient NPO."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    "NPO after midnight for colonoscopy.\nNovoLog 10 units subcut with breakfast, lunch and dinner",
    "Nil by mouth for theatre am. Actrapid 6 units SC before meals TDS",
]
NEAR_MISS = [
    # basal insulin continues while NPO
    "NPO after midnight for colonoscopy.\nLantus 20 units subcut at bedtime",
    # correction doses only, or held until eating
    "NPO for ERCP. Humalog correction scale with POC glucose q4h",
    "NPO for ERCP. Humalog 8 units with meals - hold while NPO, restart when eating",
    # the fast is over
    "Was NPO for the scope; now eating. Humalog 8 units with meals",
    # no NPO in the note
    "T2DM, eating well. Humalog 8 units with meals",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = serious(fired(checker, text, "insulin"))
    assert found and "NPO" in found[0].message, text


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not [f for f in serious(fired(checker, text, "insulin")) if "NPO" in f.message], text
