"""What the extractive answer prefers, and when it abstains (no models: a toy embedder)."""

from __future__ import annotations

import pytest

from cdss.generate.answer_type import AnswerType, answer_type, fact_score, populations
from cdss.generate.extractive import ExtractiveGenerator
from cdss.generate.types import GenerationRequest, Source

pytestmark = pytest.mark.unit


class BagOfWords:
    """Deterministic stand-in for MiniLM: cosine over a tiny fixed vocabulary."""

    VOCAB = (
        "dose",
        "colchicine",
        "flare",
        "gout",
        "allopurinol",
        "pregnancy",
        "child",
        "naproxen",
        "kidney",
        "start",
    )

    def _vec(self, text: str) -> list[float]:
        low = text.lower()
        v = [float(low.count(w)) for w in self.VOCAB] + [0.3]
        n = sum(x * x for x in v) ** 0.5
        return [x / n for x in v]

    def dense(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def dense_one(self, text: str) -> list[float]:
        return self._vec(text)


GOUT = (
    "- Colchicine is effective for a gout flare.\n- The colchicine dose for a flare is 1.2 mg then 0.6 mg one hour later.\n"
    "- Colchicine interacts with clarithromycin:\n- Allopurinol should start at 100 mg daily."
)
SOURCES = [
    Source(
        id="S1",
        chunk_id="c1",
        doc_id="gout.md",
        title="Gout",
        section="Flare treatment",
        page=None,
        text=GOUT,
        score=1.0,
    ),
    Source(
        id="S2",
        chunk_id="c2",
        doc_id="formulary/drugs/naproxen.yaml",
        title="Formulary: Naproxen",
        section="Dosing limits",
        page=None,
        text="Adults: maximum 1,500 mg per day; dose for a gout flare is 750 mg then 250 mg every 8 hours.",
        score=0.5,
    ),
]


def gen(max_sentences: int = 4, min_similarity: float = 0.3) -> ExtractiveGenerator:
    return ExtractiveGenerator(
        BagOfWords(),
        synonyms={
            "colchicine": "colchicine",
            "naproxen": "naproxen",  # type: ignore[arg-type]
            "allopurinol": "allopurinol",
        },
        max_sentences=max_sentences,
        min_similarity=min_similarity,
    )


def test_kinds_of_fact() -> None:
    assert answer_type("what dose of colchicine?") is AnswerType.DOSE
    assert answer_type("how long to keep DAPT") is AnswerType.DURATION
    assert answer_type("fastest I can run KCl") is AnswerType.RATE
    assert fact_score(AnswerType.DOSE, "Give 1.2 mg then 0.6 mg") == 1.0
    assert fact_score(AnswerType.DOSE, "Colchicine works best early") == 0.0
    assert populations("9 yo with DKA") == {"child"} and populations("BP 70/40") == set()
    assert populations("pregnant 30/40") == {"pregnancy"} and populations(
        "safe while breastfeeding?"
    ) == {"lactation"}


def test_dose_question_gets_the_dose_sentence_of_the_drug_asked_about() -> None:
    draft = gen(max_sentences=1).generate(
        GenerationRequest("colchicine dose for a gout flare?", "", SOURCES)
    )
    assert [c.text for c in draft.claims] == [
        "The colchicine dose for a flare is 1.2 mg then 0.6 mg one hour later."
    ]
    texts = [
        c.text
        for c in gen()
        .generate(GenerationRequest("colchicine dose for a gout flare?", "", SOURCES))
        .claims
    ]
    assert (
        "Colchicine interacts with clarithromycin:" not in texts
    )  # a list's lead-in is never an answer


def test_abstains_for_a_population_the_evidence_is_silent_on() -> None:
    draft = gen().generate(
        GenerationRequest("colchicine dose for a gout flare in pregnancy?", "", SOURCES)
    )
    assert draft.insufficient_evidence and not draft.claims


def test_abstains_when_nothing_is_close_in_meaning() -> None:
    draft = gen(min_similarity=0.9).generate(
        GenerationRequest("tetanus booster for a dog bite?", "", SOURCES)
    )
    assert draft.insufficient_evidence and not draft.claims


def test_abstains_when_the_subject_is_named_by_no_source() -> None:
    # close in meaning to the gout guidance, but about a drug it never names
    draft = gen().generate(GenerationRequest("canakinumab dose for a gout flare?", "", SOURCES))
    assert draft.insufficient_evidence and not draft.claims
    named = gen().generate(GenerationRequest("colchicine dose for a gout flare?", "", SOURCES))
    assert named.claims and not named.insufficient_evidence
