"""Bands a guideline sentence states, and whether the patient in the question falls inside them."""

from __future__ import annotations

import pytest

from cdss.generate.conditions import condition_fit, patient_values
from cdss.generate.extractive import words
from cdss.generate.sentences import split_source
from cdss.generate.types import Source

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("januvia dose w eGFR 25?", {"renal": 25.0}),
        ("BP target for an 84 yo per ESH?", {"age": 84.0}),
        ("DKA pt, K+ 3.1 - start the insulin drip or not?", {"potassium": 3.1}),
        ("79M, CrCl 42 mL/min", {"age": 79.0, "renal": 42.0}),
        ("Na 118 and seizing", {"sodium": 118.0}),
        ("what dose of apixaban for AF?", {}),
    ],
)
def test_patient_values(text: str, expected: dict[str, float]) -> None:
    assert patient_values(text) == expected


@pytest.mark.parametrize(
    ("values", "sentence", "fit"),
    [
        # the band holds
        (
            {"renal": 25},
            "Sitagliptin is 50 mg daily at eGFR 30-44 and 25 mg daily below 30 mL/min/1.73 m2.",
            1,
        ),
        ({"age": 84}, "A systolic target of 140-150 mm Hg for people aged 80 years or older.", 1),
        ({"potassium": 3.1}, "If potassium is below 3.5 mmol/L, withhold insulin.", 1),
        ({"renal": 120}, "Edoxaban should not be used when CrCl is above 95 mL/min.", 1),
        ({"renal": 45}, "Metformin should not be started when eGFR is 30-45 mL/min/1.73 m2.", 1),
        # a band for this value that does not hold
        ({"renal": 25}, "Reduce to 50 mg daily when eGFR is 30 to below 45 mL/min/1.73 m2.", -1),
        ({"age": 64}, "A systolic target of 140-150 mm Hg for people aged 80 years or older.", -1),
        # silent on the patient: no band, a target after "until", a dose range, another quantity
        ({"age": 84}, "ESH 2023 recommends lowering office blood pressure below 140/90 mm Hg.", 0),
        ({"potassium": 3.1}, "Give IV potassium until the level is at least 3.5 mmol/L.", 0),
        ({"renal": 25}, "Give 1-2 g over 5-15 minutes.", 0),
        ({"sodium": 118}, "Stop when eGFR is below 30.", 0),
    ],
)
def test_condition_fit(values: dict[str, float], sentence: str, fit: int) -> None:
    assert condition_fit(values, sentence) == fit


def test_words_meet_across_ordinals_and_hyphens() -> None:
    assert {"fourth", "line"} <= words("the preferred fourth-line agent")
    assert words("what's 4th line?") & words("the preferred fourth-line agent") >= {
        "fourth",
        "line",
    }
    assert "second" in words("timing of the 2nd tryptase")


def _source(text: str, section: str = "Definition") -> Source:
    return Source(
        id="S1",
        chunk_id="c",
        doc_id="aki.md",
        title="AKI",
        section=section,
        page=None,
        text=text,
        score=1.0,
    )


def test_list_items_carry_their_lead_in_and_scope_lines_are_not_evidence() -> None:
    text = (
        "Scope: Adults in hospital with, or at risk of, acute kidney injury.\n\n"
        "AKI is present if any one of the following applies:\n\n"
        "- Serum creatinine rises by 0.3 mg/dL or more within 48 hours.\n"
        "- Urine output is below 0.5 mL/kg/h for 6 hours.\n\n"
        "Stage AKI by the highest creatinine or the lowest urine output."
    )
    sents = split_source(_source(text))
    scope, lead, first, second, after = sents
    assert not scope.quotable and scope.why_not == "bibliography or metadata"
    assert not lead.quotable and lead.why_not == "lead-in to a list"
    assert first.lead_in == second.lead_in == lead.text
    assert "AKI is present if" in first.context
    assert after.lead_in == ""
