"""Which part of a drug entry or guideline a bedside question is about, read from the question's own words.

"IV aciclovir, CrCl 40 - how often?" is answered by the entry's renal section, yet the entry's overview matches
the drug name and the dose words just as well and ranks first. A question that names kidney function, the liver,
an allergy or a second drug says which section it needs; passages from that section are lifted by a fixed amount
on the fused score (`retrieve.section_bonus`), so the answer is among the sources without a re-ranker model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Aspect:
    """A question cue and the section titles it points to."""

    name: str
    question: re.Pattern[str]
    section: re.Pattern[str]


ASPECTS: tuple[Aspect, ...] = (
    Aspect(
        "renal",
        re.compile(
            r"(?i)\b(?:crcl|e?gfr|ckd|aki|renal|kidneys?|dialysis|h(?:a)?emodialysis|hd|pd|crrt|esrd|eskd|anuric|"
            r"oliguric|creat\w*|scr|cr\s*\d)\b"
        ),
        re.compile(r"(?i)renal|kidney|dialysis|creatinine clearance|\bcrcl\b|\begfr\b"),
    ),
    Aspect(
        "hepatic",
        re.compile(
            r"(?i)\b(?:cirrho\w*|child[- ]?pugh|liver|hepat\w*|lfts?|alt|bilirubin|jaundic\w*|ascites|"
            r"alcohol\w*|etoh)\b"
        ),
        re.compile(r"(?i)hepatic|liver|cirrho"),
    ),
    Aspect(
        "allergy",
        re.compile(
            r"(?i)\b(?:allerg\w*|anaphyla\w*|hives|urticaria|reaction to|rash (?:to|with|on))\b"
        ),
        re.compile(r"(?i)allerg|cross-sensitivity"),
    ),
)


def aspects(question: str) -> list[Aspect]:
    """The aspects a question names, in the order of `ASPECTS`."""
    return [a for a in ASPECTS if a.question.search(question)]


def section_lift(question: str, section: str, bonus: float) -> float:
    """The lift for a passage in `section`: `bonus` when the question names an aspect the section is about."""
    if not bonus or not section:
        return 0.0
    return bonus if any(a.section.search(section) for a in aspects(question)) else 0.0
