"""Does a sentence's condition fit the patient the question is about?

Guidelines state facts by band: "reduce to 25 mg daily when eGFR is below 30", "a systolic target of 140-150
mm Hg for people aged 80 years or older", "withhold insulin until potassium is at least 3.5". A question that
gives the patient's value ("januvia dose w eGFR 25?", "84 yo", "K+ 3.1") is answered by the band the value
falls in, not by its neighbours. This module reads the patient's values from the question and the note's
clinical context, reads the bands a sentence states, and says whether they fit (+1), contradict (-1) or say
nothing about this patient (0). It is lexical and corpus-independent: quantities are the labs and the age
clinicians write, bands are the comparison phrases guidelines use.
"""

from __future__ import annotations

import re

_NUM = r"(\d+(?:\.\d+)?)"
# quantity -> how it is named (question and evidence alike)
_NAMES: dict[str, str] = {
    "renal": r"(?:eGFR|CrCl|GFR|creatinine clearance|Cockcroft-Gault creatinine clearance)",
    "potassium": r"(?:potassium|K\+?|serum K)",
    "sodium": r"(?:sodium|Na\+?|serum Na)",
    "glucose": r"(?:glucose|blood glucose|BM|CBG|BGL|BG)",
    "inr": r"(?:INR)",
    "platelets": r"(?:platelets?|plt|platelet count)",
    "weight": r"(?:weight|wt|weighs|weighing)",
}
_PATIENT: dict[str, re.Pattern[str]] = {
    q: re.compile(rf"(?<![\w/]){n}\s*(?:of|is|was|now|=|:|~|at)?\s*{_NUM}(?![\d/])", re.I)
    for q, n in _NAMES.items()
}
_PATIENT_AGE = re.compile(
    r"(?i)(?<![\w.])(\d{1,3})\s*(?:yo\b|y/o\b|y\.o\.|yrs?\b|years?(?:[- ]old)?\b|-year-old\b|[MF]\b)|"
    r"\baged?\s+(\d{1,3})\b"
)
_BELOW = r"(?:below|under|less than|lower than|<|≤|=<|up to)"
_ABOVE = r"(?:above|over|greater than|more than|higher than|>|≥|>=|at least)"
_UNIT = r"(?:\s*(?:mL/min(?:/1\.73\s*m(?:2|²))?|mmol/L|mEq/L|mg/dL|x\s*10\^?9/L|kg|years?))?"


def _bands(name: str) -> list[re.Pattern[str]]:
    n = rf"{name}(?:\s+(?:is|of|falls to|falls below|rises above|was))?\s*"
    return [
        re.compile(rf"(?i){n}{_BELOW}\s*{_NUM}"),  # 0: below x
        re.compile(rf"(?i){n}{_ABOVE}\s*{_NUM}"),  # 1: above x
        re.compile(rf"(?i){n}{_NUM}\s*(?:-|–|to)\s*(?:below\s+|under\s+)?{_NUM}"),  # 2: x-y
        re.compile(
            rf"(?i){n}{_NUM}{_UNIT}\s*or\s+(?:more|higher|above|greater|over)"
        ),  # 3: x or more
        re.compile(rf"(?i){n}{_NUM}{_UNIT}\s*or\s+(?:less|lower|below|under)"),  # 4: x or less
    ]


_BAND: dict[str, list[re.Pattern[str]]] = {q: _bands(n) for q, n in _NAMES.items()}
_NAME_RX: dict[str, re.Pattern[str]] = {
    q: re.compile(rf"(?<![\w/]){n}(?![\w])", re.I) for q, n in _NAMES.items()
}
# a band after the quantity was named once: "50 mg at eGFR 30-44 and 25 mg daily below 30"
_LATER = [
    re.compile(
        rf"(?i)\b{_BELOW}\s*{_NUM}(?!\s*(?:mg|g|mcg|units?|mL\b(?!/min)|hours?|h\b|days?|minutes?))"
    ),
    re.compile(
        rf"(?i)\b{_ABOVE}\s*{_NUM}(?!\s*(?:mg|g|mcg|units?|mL\b(?!/min)|hours?|h\b|days?|minutes?))"
    ),
]
_WINDOW = 120
_AGE_BANDS = [
    (re.compile(r"(?i)\baged\s+(\d{2,3})\s*(?:years\s+)?(?:or|and)\s+(?:older|over|above)"), ">="),
    (re.compile(r"(?i)\b(\d{2,3})\s*years\s+(?:or|and)\s+(?:older|over|above)"), ">="),
    (
        re.compile(r"(?i)\b(?:older than|over|above)\s+(?:the age of\s+)?(\d{2,3})(?:\s*years)?\b"),
        ">",
    ),
    (re.compile(r"(?i)\b(?:younger than|under)\s+(?:the age of\s+)?(\d{2,3})\s*years\b"), "<"),
    (re.compile(r"(?i)\baged\s+(\d{2,3})\s*(?:-|–|to)\s*(\d{2,3})\b"), "range"),
]


def patient_values(text: str) -> dict[str, float]:
    """Values a question or note context gives: {"renal": 25, "age": 84, "potassium": 3.1}."""
    out: dict[str, float] = {}
    for q, rx in _PATIENT.items():
        m = rx.search(text)
        if m:
            out[q] = float(m.group(1))
    m = _PATIENT_AGE.search(text)
    if m:
        age = float(m.group(1) or m.group(2))
        if 0 < age < 120:
            out["age"] = age
    return out


def _fits(value: float, kind: int, m: re.Match[str]) -> bool:
    x = float(m.group(1))
    if kind == 0:
        return value < x or (value == x and "≤" in m.group(0))
    if kind == 1:
        return value > x or (value == x and re.search(r"at least|≥|>=", m.group(0)) is not None)
    if kind == 2:
        return x <= value <= float(m.group(2))
    if kind == 3:
        return value >= x
    return value <= x


def condition_fit(values: dict[str, float], sentence: str) -> int:
    """+1 when a band the sentence states holds for the patient, -1 when it states bands for one of the
    patient's values and none holds, 0 when it says nothing about them."""
    verdicts: list[bool] = []
    for q, value in values.items():
        if q == "age":
            for rx, op in _AGE_BANDS:
                for m in rx.finditer(sentence):
                    x = float(m.group(1))
                    verdicts.append(
                        value >= x
                        if op == ">="
                        else value > x
                        if op == ">"
                        else value < x
                        if op == "<"
                        else x <= value <= float(m.group(2))
                    )
            continue
        seen: set[int] = set()
        for kind, rx in enumerate(_BAND[q]):
            for m in rx.finditer(sentence):
                seen.add(m.end())
                verdicts.append(_fits(value, kind, m))
        named = _NAME_RX[q].search(sentence)
        if named:
            window = sentence[named.end() : named.end() + _WINDOW]
            for kind, rx in enumerate(_LATER):
                for m in rx.finditer(window):
                    # "give potassium until the level is at least 3.5" states a target, not the patient's band
                    if (
                        named.end() + m.end() not in seen
                        and "until" not in window[max(0, m.start() - 30) : m.start()]
                    ):
                        verdicts.append(_fits(value, kind, m))
    if not verdicts:
        return 0
    return 1 if any(verdicts) else -1
