"""Retrieval evaluation: hit@1, hit@5 and MRR for dense, BM25 and hybrid search.

A hit is a returned passage from the gold document whose text contains the
gold phrase (after whitespace/markup normalisation), so retrieving the right
document but the wrong section does not count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cdss.generate.verify import normalise
from cdss.retrieve import Retriever

HERE = Path(__file__).resolve().parent


@dataclass
class RetrievalScores:
    mode: str
    hit1: float
    hit5: float
    mrr: float
    n: int
    misses: list[str]


def load_cases(path: Path = HERE / "retrieval_eval.jsonl") -> list[dict[str, str]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def evaluate(
    retriever: Retriever, cases: list[dict[str, str]], mode: str, k: int = 5
) -> RetrievalScores:
    h1 = h5 = 0
    rr = 0.0
    misses = []
    for c in cases:
        passages = retriever.search(c["question"], top_k=k, mode=mode)
        phrase = normalise(c["phrase"]).lower()
        rank = next(
            (
                i
                for i, p in enumerate(passages, 1)
                if p.doc_id == c["doc_id"] and phrase in normalise(p.text).lower()
            ),
            None,
        )
        if rank == 1:
            h1 += 1
        if rank:
            h5 += 1
            rr += 1 / rank
        else:
            misses.append(c["id"])
    n = len(cases)
    return RetrievalScores(mode, h1 / n, h5 / n, rr / n, n, misses)
