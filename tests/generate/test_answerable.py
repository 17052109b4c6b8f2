"""Answerability: a question's subject that no retrieved source names is not answered from those sources."""

from __future__ import annotations

import pytest

from cdss.generate.answerable import absent_subjects

pytestmark = pytest.mark.unit

NAMES = frozenset({"apixaban", "eliquis", "furosemide", "lasix", "naloxone", "narcan"})
HF = [
    "Heart failure Treatment: Start an ACE inhibitor, a beta blocker and an MRA, then add an SGLT2 inhibitor.",
    "Heart failure Diuretics: Furosemide 40 mg IV twice daily for congestion.",
]


@pytest.mark.parametrize(
    "question",
    [
        "vericiguat starting dose in HFrEF",  # the subject first
        "HFrEF readmitted despite GDMT - vericiguat dose?",  # the word before "dose"
        "should we add sotagliflozinex after this admission?",  # after "add"
    ],
)
def test_a_subject_the_sources_never_name(question: str) -> None:
    assert absent_subjects(question, HF, NAMES)


@pytest.mark.parametrize(
    "question",
    [
        "furosemide dose for congestion in heart failure",  # named in the sources
        "lasix dose for congestion",  # a formulary synonym
        "furosemid dose for congestion",  # one edit from a word of the sources
        "on amlodipine, perindopril and indapamide - which diuretic dose?",  # context, not the subject
        "AECOPD dose of steroids?",  # an abbreviation
        "admitting a patient with congestion - starting dose?",  # an English inflection
        "fixed-dose combination for heart failure?",  # a compound of known words
    ],
)
def test_questions_that_stay_answerable(question: str) -> None:
    assert absent_subjects(question, HF, NAMES) == []


def test_a_medicine_without_a_formulary_entry_needs_a_source_naming_it() -> None:
    """Session 15: a brand from other_names.yaml is a known drug, so it is no unknown word; it is answerable
    when a source names it or its generic, and absent otherwise."""
    uncovered = {
        "lokelma": "sodium zirconium cyclosilicate",
        "paxlovid": "nirmatrelvir and ritonavir",
    }
    names = NAMES | frozenset(uncovered)
    k = ["Hyperkalaemia: sodium zirconium cyclosilicate 10 g three times daily for up to 72 hours."]
    assert absent_subjects("Lokelma dose for K 6.4?", k, names, uncovered) == []
    assert absent_subjects("Paxlovid dosing with eGFR 35?", HF, names, uncovered) == ["paxlovid"]
    # a formulary drug is not judged by name: its sources may name the class
    assert absent_subjects("furosemide dose for congestion", k, names, uncovered) == []
