"""Numbers spoken digit by digit, as speech recognition writes them: "five one four, five five five, zero one
seven two", "MRN zero four six seven seven two one", "oh two one four nine two two zero zero zero".

Dictated notes spell phone numbers, record numbers and national identifiers out in words; a digit-pattern
recognizer never sees them. Five or more digit words in a row (with "double"/"triple" counted, "comma" and
"dash" as separators) are an identifier; the words before them say which kind. Fewer than five are left alone:
"one or two tablets", "two three times a day" are doses, not numbers.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cdss.deid.base import ClinicalPatternRecognizer, Pat

_DIGIT = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine)"
_STEP = rf"(?:(?:double|triple)[ \t]+)?{_DIGIT}"
_SEP = r"(?:[ \t]*(?:,|-|–|\bcomma\b|\bdash\b|\bhyphen\b)?[ \t]*)"
_MULTI = {"double": 2, "triple": 3}

_PHONE_CUE = regex.compile(
    r"(?i)\b(?:phone|cell|mobile|mob|tel|telephone|number|no\.?|call|ring|rang|contact|text|landline|pager|bleep|"
    r"ext(?:ension)?|poste|fax)\b[^.\n]{0,25}$"
)
_MRN_CUE = regex.compile(
    r"(?i)\b(?:mrn|medical record|record number|chart|hospital number|hosp(?:ital)? no|unit number|UR|URN|NHI|CHI)"
    r"\b[^.\n]{0,25}$"
)
_SSN_CUE = regex.compile(
    r"(?i)\b(?:social security|ssn|sin|social insurance|pps|ppsn|national insurance|NI number|aadhaar|id number|"
    r"identity number|medicare|health card|IHI|NHS number)\b[^.\n]{0,25}$"
)


class SpokenDigitsRecognizer(ClinicalPatternRecognizer):
    """Identifiers dictated as digit words; typed as a phone, record number or national identifier by the words
    before them, else as an identifier."""

    ENTITY = "ID"
    MIN_DIGITS: ClassVar[int] = 5
    PATTERNS = (
        Pat(
            "digit_words",
            # up to two letters dictated after the digits ("... three two T A": an Irish PPSN)
            rf"(?i)(?<![\w-])(?P<v>{_STEP}(?:{_SEP}{_STEP}){{3,15}}(?:[ \t]+[A-Z](?![\w'])){{0,2}})(?![\w-])",
            0.85,
            needs=r"(?i)\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b",
        ),
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        words = regex.findall(r"(?i)\b(?:double|triple|" + _DIGIT[3:-1] + r")\b", text[start:end])
        count, mult = 0, 1
        for w in words:
            if w.lower() in _MULTI:
                mult = _MULTI[w.lower()]
                continue
            count += mult
            mult = 1
        return count >= self.MIN_DIGITS

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out = []
        for r in super().analyze(text, entities, nlp_artifacts):
            before = text[max(0, r.start - 60) : r.start]
            kind = (
                "MRN"
                if _MRN_CUE.search(before)
                else "SSN"
                if _SSN_CUE.search(before)
                else "PHONE"
                if _PHONE_CUE.search(before)
                else "ID"
            )
            out.append(
                RecognizerResult(
                    kind, r.start, r.end, r.score, recognition_metadata=r.recognition_metadata
                )
            )
        return out
