"""The question's own words say which section of an entry answers it (retrieve.section_bonus)."""

from __future__ import annotations

import pytest

from cdss.retrieve.intent import aspects, section_lift

CASES = [
    ("IV aciclovir for ?HSV encephalitis, CrCl 40 - how often?", "Renal impairment", True),
    ("baclofen 10mg tds, pt is on HD - ok?", "Renal impairment", True),
    ("tramadol dose in cirrhotic pt?", "Hepatic impairment", True),
    ("pen allergic (hives) - can she have cefalexin?", "Allergy cross-sensitivity", True),
    # near-misses: the aspect is not asked, or the section is another one
    ("IV aciclovir dose for HSV encephalitis?", "Renal impairment", False),
    ("CrCl 40 - aciclovir dose?", "Overview", False),
    ("what dose of ondansetron for PONV?", "Hepatic impairment", False),
]


@pytest.mark.parametrize(("question", "section", "lifted"), CASES)
def test_section_lift(question: str, section: str, lifted: bool) -> None:
    assert (section_lift(question, section, 0.6) == 0.6) is lifted


def test_no_bonus_no_lift() -> None:
    assert section_lift("CrCl 40 - how often?", "Renal impairment", 0.0) == 0.0
    assert [a.name for a in aspects("cirrhosis and eGFR 25")] == ["renal", "hepatic"]
