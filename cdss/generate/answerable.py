"""Answerability: a question whose subject the retrieved evidence never names cannot be answered from it.

The extractive backend abstains when no sentence is close in meaning to the question, but near-miss questions
("melatonin dose for delirium prevention?", "vericiguat starting dose in HFrEF?") sit close to real guidance on the
same topic and are answered with it. What gives them away is the subject itself: a drug or term that appears in no
retrieved source, is no English word, no word of the service's clinical vocabulary or formulary, and no misspelling
of one. Only the question's subject positions are read (its first word, the word before "dose", the word after
"start", "add" or "role of"), so an unfamiliar word in the context ("on amlodipine, perindopril and ...") does not
count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from cdss.generate.lexical import close, words

# the positions where a question names what it asks about
_SUBJECT = re.compile(
    r"(?i)^\W*([a-z][a-z\-]{5,})\b|"
    r"\b([a-z][a-z\-]{5,})\s+(?:dose|dosing|dosage|starting|regimen|schedule|infusion|loading)\b|"
    r"\b(?:add|start|use|give|trying|try|role\s+of|switch\s+to)\s+(?:IV\s+|oral\s+|PO\s+)?([a-z][a-z\-]{5,})\b"
)


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    from cdss.deid.gazetteers import english_words

    return frozenset(english_words())


@lru_cache(maxsize=1)
def _clinical() -> frozenset[str]:
    from cdss.deid.vocab import corpus_vocabulary

    return corpus_vocabulary()


def _known_word(w: str, extra: frozenset[str]) -> bool:
    """An English or clinical word, an inflection of one ("admitting"), or a hyphenated compound of them."""
    english, clinical = _english(), _clinical()
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        return bool(parts) and all(_known_word(p, extra) for p in parts)
    stems = {w, w.rstrip("s")}
    if len(w) > 5:
        for suffix in ("ing", "ed", "es", "er"):
            if w.endswith(suffix):
                stem = w[: -len(suffix)]
                stems |= {stem, stem + "e"}
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    stems.add(stem[:-1])  # "admitting" -> "admit"
    return any(s in english or s in clinical or s in extra for s in stems)


def absent_subjects(
    question: str,
    sources: Iterable[str],
    names: frozenset[str],
    drugs: Mapping[str, str] | None = None,
) -> list[str]:
    """The question's subject words that no source mentions and that are no known word (a drug, a device or a
    term outside this corpus). `names` are the formulary's drug names and synonyms (lower case). `drugs` maps
    the names of medicines without a formulary entry to their generic(s): such a drug is absent when neither
    the name written nor its generic is in any source ("Paxlovid dosing?" over sources that never name
    nirmatrelvir). Formulary drugs are not judged so: their sources may name the class instead ("diuretics")."""
    text = " ".join(sources).lower()
    seen = words(text)
    out = []
    for m in _SUBJECT.finditer(question):
        raw = next(g for g in m.groups() if g)
        w = raw.lower()
        if raw.isupper() or any(c.isupper() for c in raw[1:]):
            continue  # an abbreviation (AECOPD, CVVHDF)
        if drugs and w in drugs:
            if w not in text and not any(g in text for g in drugs[w].lower().split(" and ")):
                out.append(w)
            continue
        if w in text or close(w, seen) or _known_word(w, names):
            continue
        if close(w, _clinical()) or close(w, names):
            continue  # a misspelling of a known word ("anaphylaxsis", "critera")
        out.append(w)
    return out
