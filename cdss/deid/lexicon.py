"""Word lists shared by the NER filter and the gazetteer recognizers: words that look like names but are
medical (suffixes of conditions, procedures and drug classes) or note structure (section headings, sign-offs).
Their own module, so that neither of the two modules that read them imports the other."""

from __future__ import annotations

import regex

# lower-case words inside a surname ("Van Der Berg", "De la Cruz", "bin Rashid", "dos Santos"); "St." is
# handled by each pattern because some write it without the full stop
SURNAME_PARTICLES = frozenset(
    {"de", "del", "della", "la", "le", "van", "von", "der", "den", "da", "di", "du", "dos", "das"}
    | {"bin", "ibn", "al", "ter"}
    # Arabic and Malay (bte, binti, bint), Welsh (ap, ferch), Portuguese (do, e), Dutch (op, ten)
    | {"bte", "binti", "binte", "bint", "ap", "ferch", "ten", "op", "dela", "delos"}
)
PARTICLE_ALTERNATION = "|".join(sorted(SURNAME_PARTICLES, key=lambda w: (-len(w), w)))

MEDICAL_SUFFIX = regex.compile(
    r"(?i)(?:algia|itis|osis|aemia|emia|ectomy|otomy|ostomy|plasty|scopy|pathy|penia|uria|"
    r"plegia|paresis|trophy|megaly|rrhoea|rrhea|rrhage|lysis|genic|oma|cele|iasis|ectasis|"
    r"mab|nib|pril|sartan|olol|statin|azole|cillin|mycin|floxacin|dronate|parin|xaban|tide|"
    r"gliptin|gliflozin|prazole|oxetine|azepam|idone|apine)$"
)
SECTION_WORDS = {
    "history",
    "exam",
    "plan",
    "assessment",
    "impression",
    "allergies",
    "medications",
    "vitals",
    "labs",
    "diagnosis",
    "follow",
    "discharge",
    "admission",
    "hospital",
    "course",
    "subjective",
    "objective",
    "review",
    "systems",
    "social",
    "family",
    "physical",
    "chief",
    "complaint",
    "electronically",
    "signed",
    "dictated",
    "reviewed",
    "transcribed",
    "attending",
    "triage",
    "consultant",
    "physician",
    "nurse",
    "resident",
    "thank",
    "dear",
    "sincerely",
    "regards",
    "yours",
    "recommendations",
}
