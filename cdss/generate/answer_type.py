"""What kind of fact a bedside question asks for, and whether a sentence holds one.

"What dose" wants a number with a dose unit, "how long" a duration, "when" or
"what level" a threshold, "which" a named drug or option, "can I / should I" a
recommendation. The cues are the question words clinicians type, not topics,
so they carry over to any corpus.
"""

from __future__ import annotations

import re
from enum import Enum


class AnswerType(Enum):
    DOSE = "dose"
    DURATION = "duration"
    THRESHOLD = "threshold"
    RATE = "rate"
    CHOICE = "choice"
    ADVICE = "advice"
    OTHER = "other"


_CUES: list[tuple[AnswerType, re.Pattern[str]]] = [
    (
        AnswerType.RATE,
        re.compile(
            r"(?i)\b(?:how fast|fastest|rate|infus\w* over|over how long|per hour|/h(?:r|our)?)\b"
        ),
    ),
    (
        AnswerType.DURATION,
        re.compile(
            r"(?i)\b(?:how long|how many (?:days|weeks|months|hours)|duration|until when|"
            r"for how|course length|how soon|when can|when to (?:stop|restart|resume))\b"
        ),
    ),
    (
        AnswerType.DOSE,
        re.compile(
            r"(?i)\b(?:dose|dosing|dosage|how much|how many (?:mg|units|g|tabs?)|strength|regimen|"
            r"mg|mcg|units?|load(?:ing)?|bolus|top-?up|reduce|cut|adjust)\b"
        ),
    ),
    (
        AnswerType.THRESHOLD,
        re.compile(
            r"(?i)\b(?:what (?:level|score|number|value|sodium|potassium|glucose|ph|bp|inr)|"
            r"cut-?off|threshold|target|at what|when (?:do|should|to|is)|which (?:score|level)|"
            r"counts? as|means?|indicat\w*|how low|how high|above|below)\b"
        ),
    ),
    (
        AnswerType.CHOICE,
        re.compile(
            r"(?i)\b(?:which|what (?:drug|antibiotic|agent|med\w*|option|treatment|pressor|insulin)|"
            r"first[- ]line|drug of choice|alternative|instead|add)\b"
        ),
    ),
    (
        AnswerType.ADVICE,
        re.compile(
            r"(?i)^\s*(?:can|could|should|is it|is there|do i|does|do we|ok to|safe|any point|"
            r"must|need)\b|\b(?:safe|ok to|okay to|allowed|avoid|contraindicated)\b"
        ),
    ),
]

_DOSE_UNIT = (
    r"(?:mg|g|mcg|micrograms?|milligrams?|grams?|units?|mL|ml|mmol|mEq|IU|international units)"
)
_NUM = r"\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?"
_DOSE = re.compile(rf"(?i)\b{_NUM}\s*{_DOSE_UNIT}(?:/kg)?\b")
_RATE = re.compile(
    rf"(?i)\b{_NUM}\s*{_DOSE_UNIT}(?:/kg)?\s*(?:/|per\s+)(?:h|hr|hour|min|minute)\b|\bover\s+{_NUM}\s*"
    r"(?:min|minutes|hours?|h)\b"
)
_DURATION = re.compile(
    rf"(?i)\b{_NUM}\s*(?:days?|weeks?|months?|years?|hours?|h)\b|\buntil\b|\bfor (?:at least )?\w+ "
    r"(?:days?|weeks?|months?)\b"
)
_THRESHOLD = re.compile(
    rf"(?i)\b(?:below|above|under|over|less than|more than|greater than|at least|or (?:more|higher|"
    rf"lower|less|above|below)|<|>|≤|≥)\s*{_NUM}|\b{_NUM}\s*(?:or (?:more|higher|lower|less|above|"
    r"below)|and above|and below)\b"
)
_ADVICE = re.compile(
    r"(?i)\b(?:should|must|recommended|avoid|do not|does not need|not needed|not recommended|"
    r"contraindicated|can be|may be|is preferred|preferred|first-line|safe)\b"
)
_FACT: dict[AnswerType, list[re.Pattern[str]]] = {
    AnswerType.DOSE: [_DOSE],
    AnswerType.RATE: [_RATE, _DOSE],
    AnswerType.DURATION: [_DURATION],
    AnswerType.THRESHOLD: [_THRESHOLD, _DOSE],
    AnswerType.CHOICE: [_ADVICE],
    AnswerType.ADVICE: [_ADVICE],
}


def answer_type(question: str) -> AnswerType:
    for kind, rx in _CUES:
        if rx.search(question):
            return kind
    return AnswerType.OTHER


def fact_score(kind: AnswerType, sentence: str) -> float:
    """1.0 when the sentence holds the primary kind of fact asked for, 0.5 for the secondary, else 0."""
    for weight, rx in zip((1.0, 0.5), _FACT.get(kind, []), strict=False):
        if rx.search(sentence):
            return weight
    return 0.0


# special populations: an answer for adults in general does not answer a question about these patients
POPULATIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # name: (cue in the question, mention in the evidence)
    # "30/40" is 30 weeks' gestation; "70/40" is a blood pressure (no gestation exceeds 42 weeks)
    "pregnancy": (
        re.compile(
            r"(?i)\bpregnan\w*|(?<![\d/])(?:[4-9]|[1-3]\d|4[0-2])\s*/\s*40\b|\bgestation\w*|\bantenatal"
        ),
        re.compile(r"(?i)\bpregnan\w*|\bgestation\w*|\bantenatal|\bobstetric\w*"),
    ),
    "lactation": (
        re.compile(r"(?i)\bbreast-?\s?feed\w*|\blactat\w*"),
        re.compile(r"(?i)\bbreast-?\s?feed\w*|\blactat\w*|\bbreast milk"),
    ),
    "child": (
        re.compile(
            r"(?i)\b(?:child|children|kids?|infants?|neonates?|newborns?|toddlers?|paediatric|pediatric)\b|"
            r"\b(?:1[0-5]|[1-9])\s*(?:yo|y/o|yrs?|years?[- ]old|year old|mo|months?[- ]old)\b|"
            r"\b(?:1[0-5]|[1-9])[- ]?(?:year|month)[- ]old\b"
        ),
        re.compile(
            r"(?i)\b(?:child|children|infants?|neonates?|paediatric|pediatric|adolescents?)\b"
        ),
    ),
}


def populations(text: str) -> set[str]:
    """Special populations a question is about ("9 yo", "pregnant 30/40", "breastfeeding")."""
    return {name for name, (cue, _) in POPULATIONS.items() if cue.search(text)}


def mentions_population(name: str, text: str) -> bool:
    return bool(POPULATIONS[name][1].search(text))


class DrugNames:
    """Finds formulary drugs (brands and abbreviations mapped to generics) in a text."""

    def __init__(self, synonyms: dict[str, str]) -> None:
        self.synonyms = {k.lower(): v for k, v in synonyms.items() if len(k) > 3}
        names = sorted(self.synonyms, key=len, reverse=True)
        self._rx = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
            if names
            else None
        )

    def find(self, text: str) -> set[str]:
        if self._rx is None:
            return set()
        # a product or combination names each of its generics: "suboxone" is buprenorphine and naloxone
        return {
            g
            for m in self._rx.finditer(text.lower())
            for g in self.synonyms[m.group(1)].split(" and ")
        }
