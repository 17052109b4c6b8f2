"""Ordinary words of other languages, so that "Paciente", "Alta", "Namn" and "Verdacht" are not taken for names.

The NER model is English and the unknown-word layer treats a capitalised word that is neither English nor clinical as
an identifier. Notes written partly in Portuguese, German or Swedish are full of such words. The most frequent words
of 19 Latin-script languages (scripts/build_foreign_words.py, from wordfreq; names and towns of our gazetteers left
out) let weak detections whose every word is an ordinary word be dropped. Context patterns ("Sr. Héctor", "Dra.
Inês") are strong and are never dropped here.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import regex
from presidio_analyzer import RecognizerResult

from cdss.deid.gazetteers import given_and_surnames

WEAK = 0.85  # detections below this score come from the NER model, propagation or the unknown-word layer
_WORDS = regex.compile(r"[\p{L}'’]+")


@lru_cache(maxsize=1)
def foreign_words() -> frozenset[str]:
    text = (
        resources.files("cdss.deid")
        .joinpath("data", "foreign_words.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))


def drop_foreign_words(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Drops weak PERSON and LOCATION hits made only of ordinary words of some language (never a known name)."""
    common, names = foreign_words(), given_and_surnames()
    out = []
    for r in results:
        if r.score < WEAK and r.entity_type in ("PERSON", "LOCATION"):
            words = [w.lower() for w in _WORDS.findall(text[r.start : r.end])]
            if words and all(w in common and w not in names for w in words):
                continue
        out.append(r)
    return out
