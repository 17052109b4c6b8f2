"""Extractive backend: answers with the retrieved sentences that best answer the question.

It never writes text of its own, so every claim is a verbatim sentence from a
source. A sentence is scored by embedding similarity to the question (with its
section as context), by how much of the question it and its section cover, by
whether it holds the kind of fact asked for (a dose for "what dose", a
duration for "how long", a threshold for "when"), and is penalised when it is
about another drug than the one asked about. Near-duplicates are dropped by
maximal marginal relevance. When nothing retrieved is about the question's
subject, it says the evidence is insufficient instead of quoting noise.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from cdss.embed import Embedder
from cdss.generate.answer_type import (
    AnswerType,
    DrugNames,
    answer_type,
    fact_score,
    mentions_population,
    populations,
)
from cdss.generate.answerable import absent_subjects
from cdss.generate.conditions import condition_fit, patient_values
from cdss.generate.lexical import close, words
from cdss.generate.sentences import Sentence, number_sources
from cdss.generate.types import Draft, DraftCitation, DraftClaim, GenerationRequest, ModelInfo


class ExtractiveGenerator:
    mode = "extractive"

    MAX_CANDIDATES = (
        24  # embedding sentences dominates latency: only the lexically best go to the model
    )

    def __init__(
        self,
        embedder: Embedder,
        *,
        max_sentences: int = 4,
        min_similarity: float = 0.5,
        rank_prior: float = 0.6,
        synonyms: dict[str, str] | None = None,
        uncovered: dict[str, str] | None = None,
    ) -> None:
        self.embedder = embedder
        # medicines without a formulary entry: only the guidelines can answer for them
        self.uncovered = {k.lower(): v for k, v in (uncovered or {}).items()}
        self.max_sentences = max_sentences
        # the retriever's order is evidence too: a sentence from the first source answers more often than one from
        # the fifth with the same similarity
        self.rank_prior = rank_prior
        self.min_similarity = min_similarity
        self.drugs = DrugNames(
            synonyms or {}
        )  # any drug name -> generic, to tell which drug a sentence is about
        self.names = frozenset(self.drugs.synonyms) | frozenset(
            v.lower() for v in self.drugs.synonyms.values()
        )
        self.info = ModelInfo("extractive", "sentence-selection (all-MiniLM-L6-v2)", "")
        self._cache: OrderedDict[str, list[float]] = (
            OrderedDict()
        )  # sentence -> vector (guideline text, never notes)
        self._lock = threading.Lock()

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            missing = [s for s in dict.fromkeys(texts) if s not in self._cache]
        fresh = dict(zip(missing, self.embedder.dense(missing), strict=True)) if missing else {}
        with self._lock:
            self._cache.update(fresh)
            for s in texts:
                self._cache.move_to_end(s)
            while len(self._cache) > 20_000:
                self._cache.popitem(last=False)
            return [self._cache[s] for s in texts]

    def _coverage(self, qwords: set[str], s: Sentence) -> float:
        """Share of the question's content words found in the sentence (full weight) or its section (half)."""
        if not qwords:
            return 0.0
        own = words(f"{s.text} {s.table_header} {s.lead_in}")
        ctx = words(s.source.section + " " + s.source.title)
        return sum(1.0 if close(w, own) else 0.5 if close(w, ctx) else 0.0 for w in qwords) / len(
            qwords
        )

    def generate(self, request: GenerationRequest) -> Draft:
        cands = [s for s in number_sources(request.sources) if s.quotable]
        if not cands:
            return Draft([], True, self.info)
        if absent_subjects(
            request.question,
            [f"{x.title} {x.section} {x.text}" for x in request.sources],
            self.names,
            self.uncovered,
        ):
            # "vericiguat starting dose?" over heart-failure guidance that never names vericiguat; checked before
            # the sentences are embedded, since it needs no model
            return Draft([], True, self.info)
        asked = request.query or request.question
        qwords = words(asked)
        kind = answer_type(request.question)
        qdrugs = self.drugs.find(asked)
        cover = [self._coverage(qwords, s) for s in cands]
        if len(cands) > self.MAX_CANDIDATES:
            keep = sorted(range(len(cands)), key=lambda i: (-cover[i], cands[i].source.id, i))[
                : self.MAX_CANDIDATES
            ]
            keep.sort()
            cands, cover = [cands[i] for i in keep], [cover[i] for i in keep]
        query = asked + (f" ({request.context})" if request.context else "")
        qvec = self.embedder.dense_one(query)
        vecs = self._vectors([f"{s.context}: {s.text}" if s.context else s.text for s in cands])
        sims = [sum(a * b for a, b in zip(qvec, v, strict=True)) for v in vecs]
        values = patient_values(f"{request.question} ; {request.context}")
        scores = [
            self._score(s, sim, cov, kind, qdrugs) + self._fit(values, f"{s.text} {s.table_header}")
            for s, sim, cov in zip(cands, sims, cover, strict=True)
        ]
        if not self._on_subject(sims):
            return Draft([], True, self.info)
        for group in populations(request.question):
            # a question about a child or a pregnant patient is not answered by evidence silent on them
            about = [
                i
                for i, s in enumerate(cands)
                if mentions_population(group, f"{s.text} {s.source.section} {s.table_header}")
            ]
            if not about:
                return Draft([], True, self.info)
            for i in about:
                scores[i] += 0.1
        best = max(scores)
        pool = [i for i in range(len(cands)) if scores[i] >= best * 0.6]
        chosen: list[int] = []
        while pool and len(chosen) < self.max_sentences:

            def mmr(i: int) -> float:
                redundancy = max(
                    (sum(a * b for a, b in zip(vecs[i], vecs[j], strict=True)) for j in chosen),
                    default=0.0,
                )
                return 0.8 * scores[i] - 0.2 * redundancy

            i = max(pool, key=mmr)
            pool.remove(i)
            wi = words(cands[i].text)
            if any(
                len(wi & words(cands[j].text)) / max(1, len(wi | words(cands[j].text))) > 0.7
                for j in chosen
            ):
                continue
            chosen.append(i)
        claims = [
            DraftClaim(cands[i].text, [DraftCitation(cands[i].source.id, cands[i].text)])
            for i in chosen
        ]
        return Draft(claims, not claims, self.info)

    def _score(
        self, s: Sentence, sim: float, cover: float, kind: AnswerType, qdrugs: set[str]
    ) -> float:
        score = (
            0.5 * sim
            + 0.3 * cover
            + 0.2 * fact_score(kind, s.text)
            + self.rank_prior / (1 + int(s.source.id[1:]))
        )
        if qdrugs:
            # what a sentence is about: the drugs it names, else its section's, else a formulary entry's own drug
            sdrugs = (
                self.drugs.find(s.text + " " + s.table_header)
                or self.drugs.find(s.source.section)
                or (self.drugs.find(s.source.title) if s.source.kind == "formulary" else set())
            )
            if sdrugs and not sdrugs & qdrugs:
                score -= (
                    0.15  # a sentence about another drug does not answer a question about this one
                )
        return score

    FIT_BONUS, MISFIT_PENALTY = 0.1, 0.05

    def _fit(self, values: dict[str, float], text: str) -> float:
        """A sentence whose band holds for this patient's eGFR, age or potassium answers before its neighbours."""
        if not values:
            return 0.0
        fit = condition_fit(values, text)
        return self.FIT_BONUS if fit > 0 else -self.MISFIT_PENALTY if fit < 0 else 0.0

    def _on_subject(self, sims: list[float]) -> bool:
        """Abstain when no retrieved sentence is close enough in meaning to the question."""
        return max(sims, default=0.0) >= self.min_similarity
