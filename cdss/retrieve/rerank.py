"""Passage choice inside a document: each retrieved document's passages re-ordered by their best sentence.

Hybrid search finds the right document far more often than the right passage (bedside sets: document in the top
five for 0.89 of questions, the answering passage for 0.75). A drug entry is rendered as a dozen passages that all
carry its name; the passage embedding averages a section's sentences, so "on invokana, lap chole thurs - when
should the last dose be?" ranks the entry's dosing limits above the one sentence about stopping before surgery.
Scoring a passage by its single most similar sentence (MaxSim over sentences, as late-interaction re-rankers do at
the token level) picks that sentence's passage. No cross-encoder ships with bundled weights, so this uses the same
MiniLM model, and only re-orders passages within a document: the order of documents stays the search's.

Sentence vectors are cached by sentence text. Sentences come from the hospital's documents, never from the note.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from cdss.passages import Passage

# sentence ends, table rows and list items: each is one candidate answer
_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"'])|\n+")
_MIN_WORDS = 3


def sentences(text: str) -> list[str]:
    """The sentences, table rows and list items of a passage that hold at least three words."""
    return [s.strip(" -*|") for s in _SPLIT.split(text) if len(s.split()) >= _MIN_WORDS]


class SentenceReranker:
    """Orders each document's passages by the cosine similarity of their best sentence to the question, plus
    `fused_weight` times the passage's own search score, so a passage that matches as a whole still counts."""

    def __init__(
        self,
        encode: Callable[[list[str]], list[list[float]]],
        *,
        fused_weight: float = 0.2,
        cache_size: int = 20000,
    ) -> None:
        self.encode = encode
        self.fused_weight = fused_weight
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for t, v in zip(missing, self.encode(missing), strict=True):
                self._cache[t] = np.asarray(v, dtype=np.float32)
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        out = []
        for t in texts:
            self._cache.move_to_end(t)
            out.append(self._cache[t])
        return out

    def best_sentence(self, query: Sequence[float], passages: Sequence[Passage]) -> list[float]:
        """For each passage, the highest cosine similarity of one of its sentences to the query vector."""
        split = [sentences(p.text) or [p.text] for p in passages]
        flat = [s for group in split for s in group]
        if not flat:
            return [0.0] * len(passages)
        q = np.asarray(query, dtype=np.float32)
        sims = np.stack(self._vectors(flat)) @ q
        out, i = [], 0
        for group in split:
            out.append(float(sims[i : i + len(group)].max()))
            i += len(group)
        return out

    def reorder(
        self,
        query: Sequence[float],
        ranked: list[Passage],
        pools: dict[str, list[Passage]],
        lift: Callable[[Passage], float] = lambda p: 0.0,
    ) -> list[Passage]:
        """`ranked` with the slots of each document in `pools` refilled by that document's best passages (from
        the pool, which holds the ranked ones and more of the same document), in MaxSim order."""
        best: dict[str, list[Passage]] = {}
        for doc, pool in pools.items():
            seen: dict[str, Passage] = {}
            for p in pool:
                seen.setdefault(p.chunk_id, p)
            cands = list(seen.values())
            sims = self.best_sentence(query, cands)
            scored = sorted(
                zip(cands, sims, strict=True),
                key=lambda ps: -(ps[1] + self.fused_weight * ps[0].score + lift(ps[0])),
            )
            best[doc] = [p for p, _ in scored]
        out: list[Passage] = []
        used: set[str] = set()
        for p in ranked:
            queue = best.get(p.doc_id)
            if queue is None:
                out.append(p)
                continue
            nxt = next((c for c in queue if c.chunk_id not in used), None)
            if nxt is not None:
                used.add(nxt.chunk_id)
                out.append(nxt)
        return out
