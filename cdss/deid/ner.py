"""spaCy NER as a low-confidence recognizer, filtered by the clinical allow-list.

en_core_web_sm tags drug names, "PO", "dL" and eponyms as PERSON/GPE; those
spans are dropped when any word is clinical vocabulary, is all-caps and short
(abbreviations), or carries digits. Names it finds are then propagated by the
engine, so a first name mentioned once in a labelled header is caught later.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from cdss.deid.lexicon import MEDICAL_SUFFIX, SECTION_WORDS, SURNAME_PARTICLES
from cdss.deid.recognizers import FacilityRecognizer
from cdss.deid.vocab import corpus_vocabulary, is_clinical

# particles, and the joining words of Spanish, Portuguese and English names ("García y López")
PARTICLES = SURNAME_PARTICLES | {"y", "e", "of"}
LABELS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}
FACILITY_WORDS = regex.compile(
    r"(?i)\b(hospital|clinic|medical|infirmary|hospice|nursing|health\s+cent)"
)


class ClinicalSpacyRecognizer(EntityRecognizer):
    def __init__(self, terms: frozenset[str], vocab: frozenset[str] = frozenset()) -> None:
        self.terms, self.vocab = terms, vocab
        super().__init__(
            supported_entities=["PERSON", "LOCATION"],
            name="ClinicalSpacyRecognizer",
            supported_language="en",
        )

    def load(self) -> None:
        return None

    def keep(self, text: str, label: str) -> bool:
        words = regex.findall(r"[\w'’\-]+", text)
        if regex.search(
            r"[^\p{L}\s'’.\-]|\p{L}{2,}\.\s", text
        ):  # "Palacos R+G. Implants": not a name
            return False
        if any(w[0].islower() and w.lower() not in PARTICLES for w in words):  # "Cord pH arterial"
            return False
        if any(MEDICAL_SUFFIX.search(w) for w in words):  # "Polymyalgia", "Cholecystitis"
            return False
        if label == "LOCATION" and FACILITY_WORDS.search(text):
            head = [w.lower() for w in words if not FACILITY_WORDS.search(w)]
            if not head or all(
                w in FacilityRecognizer.GENERIC for w in head
            ):  # "Heart Failure Clinic"
                return False
        if not words or is_clinical(text, self.terms, self.vocab):
            return False
        if all(w.isupper() and len(w) <= 5 for w in words):  # abbreviations: PO, IV, CKD
            return False
        if any(w.lower() in SECTION_WORDS for w in words):
            return False
        if all(w.lower() in _never_names() for w in words):  # "She", "No", "Carer"
            return False
        if not any(w[0].isupper() for w in words):
            return False
        return not (label == "PERSON" and len(text) < 3)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        out = []
        for ent in nlp_artifacts.entities:
            label = LABELS.get(ent.label_)
            if ent.label_ == "ORG" and FACILITY_WORDS.search(ent.text):
                label = "LOCATION"
            if label is None:
                continue
            span = regex.split(r"\s{2,}|\n", ent.text.strip(" .,;:'\"()-"))[0].strip(" .,;:'\"()-")
            start = ent.start_char + ent.text.find(span)
            if (
                not span
                or not self.keep(span, label)
                or text[max(0, start - 1) : start] in ("/", "-")
            ):
                continue
            out.append(
                RecognizerResult(
                    label,
                    start,
                    start + len(span),
                    0.6,
                    recognition_metadata={
                        "recognizer_name": type(self).__name__,
                        "pattern": ent.label_,
                    },
                )
            )
        return out


_LINE = regex.compile(r"[^\n]+")
_CAPWORD = regex.compile(r"(?<![\w'’])\p{Lu}[\p{L}'’]*")


@dataclass(frozen=True)
class EntSpan:
    """The few attributes of a spaCy Span that the recognizer reads, with offsets in the full note."""

    text: str
    start_char: int
    end_char: int
    label_: str


def _needs_ner(line: str, terms: frozenset[str], stop: frozenset[str]) -> bool:
    """A line needs NER when it holds a capitalised word that is neither vocabulary nor a stop word."""
    for m in _CAPWORD.finditer(line):
        w = m.group(0).rstrip("'’")
        low = w.lower()
        if low in stop or low in terms or low.removesuffix("'s") in terms:
            continue
        if w.isupper() and len(w) <= 4:
            continue
        return True
    return False


@lru_cache(maxsize=1)
def _never_names() -> frozenset[str]:
    """Words that alone are never a name: English stop words and the labels, roles and days of NOT_IDENTIFIERS."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from cdss.deid.gazetteers import NOT_IDENTIFIERS

    return frozenset(STOP_WORDS) | NOT_IDENTIFIERS


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """Capitalised words that never make a line worth the NER model: stop words, section words, our corpus
    vocabulary and ordinary English (the gazetteers and context patterns handle names that are also words)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from cdss.deid.gazetteers import english_words

    return frozenset(STOP_WORDS) | SECTION_WORDS | corpus_vocabulary() | english_words()


def targeted_entities(nlp, text: str, terms: frozenset[str]) -> list[EntSpan]:  # type: ignore[no-untyped-def]
    """Run the NER model only on lines that could hold a name or place.

    NER is most of de-identification time and linear in tokens; medication,
    lab and vitals lines whose capitalised words are all vocabulary skip it.
    """
    stop = _stop_words()
    lines = [
        (m.start(), m.group(0)) for m in _LINE.finditer(text) if _needs_ner(m.group(0), terms, stop)
    ]
    out: list[EntSpan] = []
    for (offset, _), doc in zip(
        lines, nlp.pipe([ln for _, ln in lines], batch_size=64), strict=True
    ):
        for ent in doc.ents:
            out.append(
                EntSpan(ent.text, offset + ent.start_char, offset + ent.end_char, ent.label_)
            )
    return out


class SelectiveNlpEngine(NlpEngine):
    """A Presidio NlpEngine that runs spaCy NER only on the lines that could hold a name or place.

    Presidio's SpacyNlpEngine tokenises and tags the whole note; our recognizers read only the entities, and
    medication, lab and vitals lines are most of a note. Wrapping the choice in an engine keeps the analyzer's
    own call path (`AnalyzerEngine.analyze(text)`) instead of handing it artifacts built outside.
    """

    def __init__(self, nlp, terms: frozenset[str]) -> None:  # type: ignore[no-untyped-def]
        self.nlp, self.terms = nlp, terms
        self._empty = nlp.make_doc("")

    def load(self) -> None:  # the spaCy pipeline is loaded by the caller (cdss.deid.engine)
        return None

    def is_loaded(self) -> bool:
        return self.nlp is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        ents = targeted_entities(self.nlp, text, self.terms)
        return NlpArtifacts(
            entities=ents,  # type: ignore[arg-type]
            tokens=self._empty,
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self,
            language=language,
        )

    def process_batch(
        self,
        texts: Iterable[str],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        **kwargs: Any,
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return bool(self.nlp.vocab[word].is_stop)

    def is_punct(self, word: str, language: str) -> bool:
        return bool(self.nlp.vocab[word].is_punct)

    def get_supported_entities(self) -> list[str]:
        return ["PERSON", "GPE", "LOC", "FAC", "ORG"]

    def get_supported_languages(self) -> list[str]:
        return ["en"]
