"""Session 16 formulary entries (diclofenac, trimethoprim, primaquine, valganciclovir, chlorphenamine), each checked
against the reference fact it was written from, with a correct order beside each error."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import serious

CASES = [
    # (text, patient, rule that must fire or None for a correct order)
    ("Voltarol SR 75 mg PO TDS", {"age": 40, "weight_kg": 80}, "max_daily_dose"),  # BNF: 150 mg/day
    ("Voltarol SR 75 mg PO BD", {"age": 40, "weight_kg": 80}, None),
    ("IHD, stent 2019. diclofenac 50 mg PO TDS", {"age": 62}, "contraindication"),  # MHRA 2013
    ("30/40 pregnant. diclofenac 50 mg PO TDS", {"age": 30}, "pregnancy"),
    ("trimethoprim 200 mg PO BD x 3 days", {"age": 30, "sex": "F"}, None),
    ("trimethoprim 400 mg PO BD", {"age": 30}, "max_single_dose"),
    ("8/40 by dates. trimethoprim 200 mg PO BD", {"age": 26, "sex": "F"}, "pregnancy"),
    (
        "G6PD deficient (activity 8%). primaquine 30 mg PO daily x 14 days",
        {"age": 35},
        "contraindication",
    ),
    ("G6PD normal. primaquine 30 mg PO daily x 14 days", {"age": 35}, None),
    ("valganciclovir 900 mg PO BD x 21 days", {"age": 50, "crcl": 80}, None),
    ("valganciclovir 900 mg PO BD x 21 days", {"age": 50, "crcl": 30}, "renal"),
    (
        "chlorphenamine 4 mg PO QDS PRN itch",
        {"age": 84},
        "age",
    ),  # Beers: first-generation antihistamine
    ("chlorphenamine 4 mg PO QDS PRN itch", {"age": 40}, None),
    (
        "chlorphenamine 4 mg PO QDS PRN",
        {"age": 4, "weight_kg": 16},
        "max_single_dose",
    ),  # BNFc 2-5 y: 1 mg
]


@pytest.mark.parametrize(("text", "patient", "rule"), CASES)
def test_session16_formulary_additions(checker, text, patient, rule) -> None:  # type: ignore[no-untyped-def]
    found = serious(checker.check(text, patient=patient).findings)
    if rule is None:
        assert not found, [f.message for f in found]
    else:
        assert rule in {f.rule for f in found}, [f"{f.rule}: {f.message}" for f in found]


def test_session16_uk_gestation_shorthand(checker) -> None:  # type: ignore[no-untyped-def]
    from cdss.dosing.patient import read_patient

    assert read_patient("G2P1, 24/40, VOC").gestation_weeks == 24
    assert read_patient("BP 120/40 on arrival").gestation_weeks is None
