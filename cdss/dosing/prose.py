"""Doses in guideline prose, where words separate drug and dose.

Notes are terse ("apixaban 5 mg BID"); guidelines and answers are sentences: "apixaban should be prescribed at
50 mg twice daily", "the maintenance dose of digoxin is 1.25 mg", "give 100 units of soluble insulin". The
extractor reads answers and sources this way (origin "answer"), so a planted or mistyped dose in a guideline
meets the same formulary limits as an order. A note is not read this way: there, a number far from a drug's
name is usually something else (a weight, a lab value, another drug's dose).
"""

from __future__ import annotations

import dataclasses
import re

from cdss.dosing import grammar as g

_PROSE_DOSE = re.compile(
    r"(?i)(?<![\w.,/])(?:"
    + g.NUM
    + r")\s*(?:mg|mcg|µg|micrograms?|milligrams?|g|grams?|milliunits?|units?|"
    r"mmol|meq)(?![a-z])(?!\s*/\s*(?:min|m[lL]|l|dl)\b)"
)
_DAILY_AFTER = re.compile(
    r"(?i)\s*(?:daily|a day|per day|each day|/\s*day|in 24 hours|in 24 h|over 24 hours)\b"
)
_NOT_A_DOSE_BEFORE = re.compile(
    r"(?i)(?:crcl|egfr|clearance|weigh\w*|over|above|below|under|more than|less than|"
    r"[<>≤≥])\s*$"
)
_DOSE_BEFORE = re.compile(
    r"(?i)(?<![\w.,/])((?:" + g.NUM + r")\s*(?:mg|mcg|micrograms?|g|grams?|units?|mmol|meq))"
    r"(?![a-z])\s+(?:of\s+)?(?:[A-Za-z-]+\s+){0,2}$"
)


def prose_dose(body: str, before: str) -> g.Dose:
    """The first amount in the clause after the name, or the amount just before it ("50 mg of colchicine")."""
    b = _DOSE_BEFORE.search(before)
    if (
        b
        and re.search(r"(?i)\bof\s+(?:[A-Za-z-]+\s+){0,2}$", before[b.start() :])
        and not re.search(r"[.;|\n]", before[b.end() :])
    ):  # "give 100 units of soluble insulin"
        dose = dataclasses.replace(g.parse_dose(b.group(1)), end=0, start=0)
        if _DAILY_AFTER.match(body):  # "more than 4 g of paracetamol daily": a daily total
            dose = dataclasses.replace(dose, per_day_total=True)
        return dose
    cell = body.find("|")  # a table row's other cells belong to other columns (another drug's dose)
    for m in _PROSE_DOSE.finditer(body, 0, min(200, cell) if cell >= 0 else 200):
        if _NOT_A_DOSE_BEFORE.search(body[max(0, m.start() - 25) : m.start()]) or re.match(
            r"\s+of\s", body[m.end() :]
        ):  # "... with 25 g of glucose": another drug's amount
            continue
        dose = g.parse_dose(" " * m.start() + body[m.start() :])
        if dose.value is not None:
            return dose
        break
    if b and not re.search(r"[.;\n]", before[b.end() :]):
        return dataclasses.replace(g.parse_dose(b.group(1)), end=0, start=0)
    return g.Dose()
