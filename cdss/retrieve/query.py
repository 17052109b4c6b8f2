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
    r"\s*(?:of|is|was|=|:)?\s*(\d+(?:\.\d+)?)\s*(kg|lb|mL/min|mmol/L|mg/dL|years?|yo)?",
    re.IGNORECASE,
)
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
    meds = sorted(
        {
            n
            for n in drug_names
            if len(n) > 3 and re.search(r"(?<![\w-])" + re.escape(n.lower()) + r"(?![\w-])", low)
        }
    )
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


def build_query(
    question: str,
    note: str = "",
    drug_names: Iterable[str] = (),
    expander: QueryExpander | None = None,
) -> Query:
    context = note_context(note, drug_names) if note else ""
    q = expander.expand(question) if expander else question
    dense = f"{q} ({context})" if context else q
    return Query(dense=dense, sparse=q, context=context)


ABBREVIATIONS = {
    "af": "atrial fibrillation",
    "afib": "atrial fibrillation",
    "cap": "community-acquired pneumonia",
    "dka": "diabetic ketoacidosis",
    "vte": "venous thromboembolism",
    "dvt": "deep vein thrombosis",
    "pe": "pulmonary embolism",
    "hfref": "heart failure with reduced ejection fraction",
    "hf": "heart failure",
    "chf": "heart failure",
    "ckd": "chronic kidney disease",
    "aki": "acute kidney injury",
    "arf": "acute kidney injury",
    "uti": "urinary tract infection",
    "copd": "chronic obstructive pulmonary disease",
    "bp": "blood pressure",
    "htn": "hypertension",
    "mi": "myocardial infarction",
    "acs": "acute coronary syndrome",
    "tia": "transient ischaemic attack",
    "ult": "urate-lowering therapy",
    "inr": "INR international normalised ratio",
    "nsaid": "NSAID anti-inflammatory",
    "nsaids": "NSAIDs anti-inflammatory",
    "ppi": "proton pump inhibitor",
    "sglt2": "SGLT2 inhibitor",
    "doac": "direct oral anticoagulant",
    "lmwh": "low molecular weight heparin",
    "ufh": "unfractionated heparin",
    "niv": "non-invasive ventilation",
    "bipap": "non-invasive ventilation",
    "abx": "antibiotics",
    "gi": "gastrointestinal",
    "mrsa": "MRSA staphylococcus",
    "t2dm": "type 2 diabetes",
    "dm": "diabetes",
    "hypo": "hypoglycaemia",
    "hyperk": "hyperkalaemia",
    "hypona": "hyponatraemia",
    "etoh": "alcohol",
    "ciwa": "CIWA-Ar alcohol withdrawal",
    "sob": "breathlessness",
    "ed": "emergency department",
    "pcc": "prothrombin complex concentrate",
    "ffp": "fresh frozen plasma",
    "ods": "osmotic demyelination",
    "siadh": "SIADH",
    "ecg": "ECG",
    "egfr": "eGFR kidney function",
    "crcl": "creatinine clearance",
    "op": "surgery",
    "periop": "perioperative surgery",
    "uptitrate": "titrate",
}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")


class QueryExpander:
    """Adds generic drug names for brands and abbreviations ("lasix" -> furosemide), spells out clinical
    abbreviations ("AF", "CAP") and corrects misspelt drug and clinical words ("semaglutied", "pnuemonia");
    all help the embedding model and BM25 match guideline prose."""

    MIN_TYPO_LEN = 6  # shorter words are too often another real word one letter away
    TYPO_CUTOFF = 0.85

    def __init__(
        self, synonyms: dict[str, str] | None = None, vocabulary: frozenset[str] | None = None
    ) -> None:
        self.synonyms = {k: v for k, v in (synonyms or {}).items() if len(k) > 2 and k != v}
        self._rx = (
            re.compile(
                r"(?i)(?<![\w-])("
                + "|".join(re.escape(k) for k in sorted(self.synonyms, key=len, reverse=True))
                + r")(?![\w-])"
            )
            if self.synonyms
            else None
        )
        if vocabulary is None:
            from cdss.deid.vocab import corpus_vocabulary

            vocabulary = corpus_vocabulary()
        names = {k for k in (synonyms or {}) if k.isalpha()} | {
            v for v in (synonyms or {}).values() if v.isalpha()
        }
        self.known = frozenset(vocabulary) | names
        self._by_start: dict[
            str, list[str]
        ] = {}  # candidates share the first letter: typos rarely change it
        for w in sorted(self.known):
            if len(w) >= self.MIN_TYPO_LEN - 1:
                self._by_start.setdefault(w[0], []).append(w)

    def corrections(self, text: str) -> list[str]:
        """Closest known word for each unknown long word (a misspelling), as a generic name when it is a brand."""
        import difflib

        out = []
        for t in _TOKEN.findall(text.lower()):
            if (
                len(t) < self.MIN_TYPO_LEN
                or not t.isalpha()
                or t in self.known
                or t.rstrip("s") in self.known
            ):
                continue
            near = [w for w in self._by_start.get(t[0], []) if abs(len(w) - len(t)) <= 2]
            match = difflib.get_close_matches(t, near, n=1, cutoff=self.TYPO_CUTOFF)
            if match:
                out.append(str(self.synonyms.get(match[0]) or match[0]))
        return out

    def expand(self, text: str) -> str:
        extra: list[str] = []
        if self._rx is not None:
            extra += [
                self.synonyms[m.group(1).lower()]
                for m in self._rx.finditer(text)
                if m.group(1).lower() in self.synonyms
            ]
        extra += self.corrections(text)
        extra += [
            ABBREVIATIONS[t.lower()] for t in _TOKEN.findall(text) if t.lower() in ABBREVIATIONS
        ]
        extra = [e for e in dict.fromkeys(extra) if e.lower() not in text.lower()]
        return f"{text} ({', '.join(extra)})" if extra else text
