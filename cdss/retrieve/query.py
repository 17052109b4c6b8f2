"""Query building: the question plus the clinically relevant context of the de-identified note.

Only medication names (from the formulary vocabulary) and key numbers (renal
function, potassium, sodium, INR, weight, age) are taken from the note:
pseudonym tags, names and free text never reach the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TAG = re.compile(r"\[[A-Z]+_\d+\]")
_LABS = re.compile(
    r"\b(eGFR|CrCl|creatinine clearance|creatinine|Cr|K|potassium|Na|sodium|INR|weight|wt|age|platelets?|Plt)"
    r"\s*(?:of|is|was|=|:)?\s*(\d+(?:\.\d+)?)\s*(kg|lb|mL/min|mmol/L|mg/dL|years?|yo)?", re.IGNORECASE)
_AGE = re.compile(r"\b(\d{1,3})[- ]?(?:year|yr|yo|y/o)", re.IGNORECASE)


@dataclass
class Query:
    dense: str
    sparse: str
    context: str


def note_context(note: str, drug_names: Iterable[str] = ()) -> str:
    text = _TAG.sub(" ", note)
    parts: list[str] = []
    low = text.lower()
    meds = sorted({n for n in drug_names if len(n) > 3 and re.search(r"(?<![\w-])" + re.escape(n.lower()) + r"(?![\w-])", low)})
    if meds:
        parts.append("on " + ", ".join(meds[:8]))
    seen = set()
    for m in _LABS.finditer(text):
        key = m.group(1).lower()
        if key not in seen:
            seen.add(key)
            parts.append(" ".join(x for x in m.groups() if x))
    age = _AGE.search(text)
    if age and "age" not in seen:
        parts.append(f"age {age.group(1)}")
    return "; ".join(parts)


def build_query(question: str, note: str = "", drug_names: Iterable[str] = ()) -> Query:
    context = note_context(note, drug_names) if note else ""
    dense = f"{question} ({context})" if context else question
    return Query(dense=dense, sparse=question, context=context)
