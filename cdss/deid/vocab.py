"""Allow-list of clinical vocabulary that must survive de-identification.

spaCy's small model labels drug names, abbreviations and eponyms as PERSON or
GPE; Presidio's known false positives (see the offline-stack notes). Low
confidence detections (NER, propagation) are dropped when they hit this list;
high-confidence context patterns ("Mr. Parkinson") are not, because a real
person can share a name with an eponym.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


# brand names that are also given names: never allow-listed, so "Tobi" in a note stays a name (the dose checker
# still reads "TOBI 300 mg neb" as tobramycin)
GIVEN_NAME_BRANDS = frozenset(
    {"tobi", "ella", "bella", "jenny", "lyza", "sylvia", "camila", "errin", "heather", "nora"}
)


@lru_cache(maxsize=4)
def clinical_terms(formulary_dir: str | None = None) -> frozenset[str]:
    terms: set[str] = set()
    for line in (HERE / "clinical_terms.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            terms.add(line)
    if formulary_dir:
        root = Path(formulary_dir)
        for f in sorted((root / "drugs").glob("*.yaml")):
            try:
                d = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError:
                continue
            for name in [d.get("name", ""), d.get("display_name", ""), *(d.get("synonyms") or [])]:
                for raw in re.split(r"[\s/]+", str(name)):
                    # short title-case brands ("Tobi", "Zeb") double as given names: not allow-listed
                    if (
                        len(raw) > 1
                        and not (len(raw) <= 4 and raw[:1].isupper() and raw[1:].islower())
                        and raw.lower() not in GIVEN_NAME_BRANDS
                    ):
                        terms.add(raw.lower())
        products = root / "products.yaml"
        if products.exists():
            try:
                for p in yaml.safe_load(products.read_text(encoding="utf-8")) or []:
                    for name in [p.get("name", ""), *(p.get("synonyms") or [])]:
                        for tok in re.split(r"[\s/]+", str(name).lower()):
                            if len(tok) > 1:
                                terms.add(tok)
            except (yaml.YAMLError, AttributeError):
                pass
    return frozenset(terms)


@lru_cache(maxsize=1)
def corpus_vocabulary() -> frozenset[str]:
    """Words our own clinical prose writes in lower case (scripts/build_vocab.py)."""
    path = HERE / "clinical_vocab.txt"
    if not path.exists():
        return frozenset()
    return frozenset(
        w.strip()
        for w in path.read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    )


def is_clinical(span_text: str, terms: frozenset[str], vocab: frozenset[str] = frozenset()) -> bool:
    """True when any word is clinical vocabulary (or a dose/lab token), or every word is ordinary lower-case prose."""
    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w'’\-]+", span_text)]
    for low in words:
        if low in terms or low.removesuffix("'s") in terms or any(ch.isdigit() for ch in low):
            return True
    return bool(words) and bool(vocab) and all(w.removesuffix("'s") in vocab for w in words)
