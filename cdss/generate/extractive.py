"""Extractive backend: answers with the retrieved sentences that best answer the question.

It never writes text of its own, so every claim is a verbatim sentence from a
source. Sentences are scored by embedding similarity to the question (plus the
note's clinical context) and by overlap of the question's content words, then
picked with maximal-marginal-relevance so near-duplicates are not repeated.
When nothing retrieved is similar enough it says the evidence is insufficient
instead of quoting noise.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from cdss.embed import Embedder
from cdss.generate.types import (
    Draft,
    DraftCitation,
    DraftClaim,
    GenerationRequest,
    ModelInfo,
    Source,
)
from cdss.generate.verify import looks_injected
from ingest.chunking import sentence_spans

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STOP = frozenset("a an the of for to in on at and or with without is are was be by what which how when should does do "
                  "can i we my patient patients pt dose doses about from this that there it as vs than into".split())
_LEAD = re.compile(r"^(?:[-*•]\s+|\d+[.)]\s+|\|\s*)")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def _stem(w: str) -> str:
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "es", "s", "ed"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


class ExtractiveGenerator:
    mode = "extractive"

    MAX_CANDIDATES = 18  # embedding sentences dominates latency: only the lexically best go to the model

    def __init__(self, embedder: Embedder, *, max_sentences: int = 4, min_similarity: float = 0.3) -> None:
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.min_similarity = min_similarity
        self.info = ModelInfo("extractive", "sentence-selection (all-MiniLM-L6-v2)", "")
        self._cache: OrderedDict[str, list[float]] = OrderedDict()  # sentence -> vector (guideline text, never notes)
        self._lock = threading.Lock()

    def _vectors(self, sentences: list[str]) -> list[list[float]]:
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        fresh = dict(zip(missing, self.embedder.dense(missing), strict=True)) if missing else {}
        with self._lock:
            self._cache.update(fresh)
            for s in sentences:
                self._cache.move_to_end(s)
            while len(self._cache) > 20_000:
                self._cache.popitem(last=False)
            return [self._cache[s] for s in sentences]

    def candidates(self, sources: list[Source]) -> list[tuple[Source, str]]:
        out = []
        for s in sources:
            for a, b in sentence_spans(s.text):
                sent = _LEAD.sub("", s.text[a:b]).strip().rstrip("|").strip()
                if len(sent) >= 25 and sum(ch.isalpha() for ch in sent) > 15 and not looks_injected(sent):
                    out.append((s, sent))
        return out

    def generate(self, request: GenerationRequest) -> Draft:
        cands = self.candidates(request.sources)
        if not cands:
            return Draft([], True, self.info)
        query = request.question + (f" {request.context}" if request.context else "")
        qwords = {_stem(w) for w in _words(request.question)}
        overlaps = [len(qwords & {_stem(w) for w in _words(sent)}) / max(1, len(qwords)) for _, sent in cands]
        if len(cands) > self.MAX_CANDIDATES:
            keep = sorted(range(len(cands)), key=lambda i: (-overlaps[i], int(cands[i][0].id[1:]), i))[: self.MAX_CANDIDATES]
            keep.sort()
            cands, overlaps = [cands[i] for i in keep], [overlaps[i] for i in keep]
        qvec = self.embedder.dense_one(query)
        vecs = self._vectors([sent for _, sent in cands])
        sims = [sum(a * b for a, b in zip(qvec, v, strict=True)) for v in vecs]
        scores = []
        for (src, _), sim, overlap in zip(cands, sims, overlaps, strict=True):
            rank_bonus = 0.05 / (1 + int(src.id[1:]))
            scores.append(0.7 * sim + 0.3 * overlap + rank_bonus)
        if max(sims) < self.min_similarity:
            return Draft([], True, self.info)
        best = max(scores)
        chosen: list[int] = []
        pool = [i for i in range(len(cands)) if scores[i] >= best * 0.7 and sims[i] >= self.min_similarity]
        while pool and len(chosen) < self.max_sentences:
            def mmr(i: int) -> float:
                redundancy = max((sum(a * b for a, b in zip(vecs[i], vecs[j], strict=True)) for j in chosen), default=0.0)
                return 0.75 * scores[i] - 0.25 * redundancy

            i = max(pool, key=mmr)
            pool.remove(i)
            words_i = _words(cands[i][1])
            if any(len(words_i & _words(cands[j][1])) / max(1, len(words_i | _words(cands[j][1]))) > 0.7 for j in chosen):
                continue
            chosen.append(i)
        claims = [DraftClaim(cands[i][1], [DraftCitation(cands[i][0].id, cands[i][1])]) for i in chosen]
        return Draft(claims, not claims, self.info)
